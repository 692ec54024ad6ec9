"""``compute()`` against a plain day-by-day reference (hypothesis).

``compute()`` works on precompiled plans and the calendar's precomputed tables; the
reference below walks the calendar one day at a time from the rule's data, the
holiday arrangements (``YearData``) and the dated parameters, the way a clerk
counts on a printed calendar (《民事诉讼法》(2023-09-01) 第85条; 《民法典》
(2020-05-28) 第201至203条). Any optimisation that changes a result fails here.
"""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi.rules import (
    Pause,
    WorkdayCalendar,
    build_calendar,
    compute,
    default_calendar,
    get_rule,
    rule_ids,
)
from fazhi.rules.parameters import load_parameter, working_day_definition

FULL = default_calendar()
GAPPED = WorkdayCalendar(
    [FULL.year_data(y) for y in FULL.years if y not in (2010, 2011, 2020)]
)
WEEKENDS_ONLY = build_calendar(include_package=False, include_bundled=False)
CALENDARS = {"full": FULL, "gapped": GAPPED, "weekends only": WEEKENDS_ONLY}
FIRST, LAST = min(FULL.years), max(FULL.years)
ONE = dt.timedelta(days=1)

FORWARD = ("deadline", "term", "minimum", "accrual")


def _candidates(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    chosen = []
    for rule_id in rule_ids():
        rule = get_rule(rule_id)
        for name in rule.variants:
            variant = next(
                v.variants[name] for v in rule.versions if name in v.variants
            )
            if variant.kind in kinds and variant.declared_unit != "hours":
                chosen.append((rule_id, name))
    return chosen


FORWARD_VARIANTS = _candidates(FORWARD)
BACKWARD_VARIANTS = _candidates(("backward",))


@dataclass
class Expected:
    raw: dt.date
    due: dt.date
    target: dt.date
    paused: int
    missing: tuple[int, ...]


def _is_workday(calendar: WorkdayCalendar, day: dt.date) -> bool:
    if calendar.covers(day.year):
        year = calendar.year_data(day.year)
        if day in year.working_days:
            return True
        if day in year.rest_days:
            return False
    return day.weekday() < 5


def _missing(
    calendar: WorkdayCalendar, first: dt.date, last: dt.date
) -> tuple[int, ...]:
    low, high = sorted((first.year, last.year))
    return tuple(y for y in range(low, high + 1) if not calendar.covers(y))


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = monthcal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _in_force(rule_id: str, name: str, day: dt.date) -> bool:
    rule = get_rule(rule_id)
    if day < rule.first_in_force:
        return False
    version = rule.version_at(day)
    if name not in version.variants:
        return False
    if version.variants[name].declared_unit != "statute":
        return True
    assert version.statute is not None
    parameter = load_parameter(f"working_days.{version.statute}")
    return parameter.index_at(day.toordinal()) >= 0


def _unit(rule_id: str, name: str, start: dt.date) -> tuple[str, int]:
    version = get_rule(rule_id).version_at(start)
    variant = version.variants[name]
    unit, length = variant.declared_unit, variant.length
    if unit == "statute":
        assert version.statute is not None
        working = working_day_definition(version.statute, start).is_working(length)
        unit = "working_days" if working else "calendar_days"
    if variant.kind == "accrual":
        rate = load_parameter("penalty.late_surcharge_rate").at(start).value
        cap = load_parameter("penalty.late_surcharge_cap").at(start).value
        length = math.ceil(Decimal(str(cap)) / Decimal(str(rate)))
    return unit, length


def _forward_reference(
    calendar: WorkdayCalendar,
    rule_id: str,
    name: str,
    start: dt.date,
    extend: int,
    pauses: list[Pause],
) -> Expected:
    variant = get_rule(rule_id).version_at(start).variants[name]
    unit, length = _unit(rule_id, name, start)
    working = unit == "working_days"
    if unit in ("months", "years"):
        months = length * 12 if unit == "years" else length
        total = (_add_months(start, months) - start).days + extend
    else:
        total = length + extend

    def counts(day: dt.date) -> bool:
        return _is_workday(calendar, day) if working else True

    def paused_on(day: dt.date) -> bool:
        return any(p.start <= day <= p.end for p in pauses)

    day, remaining, paused = start, total, 0
    while remaining:
        day += ONE
        if not counts(day):
            continue
        if paused_on(day):
            paused += 1
        else:
            remaining -= 1
    raw = due = day
    roll = variant.kind == "deadline" and unit in ("calendar_days", "months", "years")
    if roll:
        while not _is_workday(calendar, due):
            due += ONE
    target = raw
    if variant.act_after:
        target = raw + ONE
        while working and not _is_workday(calendar, target):
            target += ONE
    if working:
        # Provisional when a counted day lies in a year without a calendar; the
        # years are then listed from day 0 on.
        last = max(due, target)
        gap = _missing(calendar, start + ONE, last) if last > start else ()
        missing = _missing(calendar, start, last) if gap else ()
    elif roll:
        missing = _missing(calendar, raw, due)
    else:
        missing = ()
    return Expected(raw, due, target, paused, missing)


@st.composite
def forward_calls(
    draw: st.DrawFn,
) -> tuple[str, str, dt.date, int, list[Pause], str]:
    rule_id, name = draw(st.sampled_from(FORWARD_VARIANTS))
    rule = get_rule(rule_id)
    first = min(v.since for v in rule.versions if name in v.variants)
    start = draw(
        st.dates(
            min_value=max(first, dt.date(FIRST, 1, 1)), max_value=dt.date(LAST, 12, 31)
        )
    )
    assume(_in_force(rule_id, name, start))
    variant = rule.version_at(start).variants[name]
    extend = 0
    if variant.extension is not None:
        extend = draw(st.integers(0, variant.extension.max or 60))
    pauses: list[Pause] = []
    if variant.pausable:
        for _ in range(draw(st.integers(0, 3))):
            begin = start + dt.timedelta(days=draw(st.integers(-15, 60)))
            pauses.append(
                Pause(begin, begin + dt.timedelta(days=draw(st.integers(0, 30))))
            )
    return rule_id, name, start, extend, pauses, draw(st.sampled_from(list(CALENDARS)))


@settings(max_examples=600, deadline=None)
@given(forward_calls())
def test_forward_deadlines_match_a_day_by_day_count(call):
    rule_id, name, start, extend, pauses, which = call
    calendar = CALENDARS[which]

    deadline = compute(
        rule_id, start, extend=extend, pauses=pauses, variant=name, calendar=calendar
    )
    expected = _forward_reference(calendar, rule_id, name, start, extend, pauses)

    assert (deadline.raw_due, deadline.due, deadline.target) == (
        expected.raw,
        expected.due,
        expected.target,
    )
    assert deadline.paused_days == expected.paused
    assert deadline.extended_by == extend
    assert deadline.missing_years == expected.missing
    assert deadline.provisional == bool(expected.missing)
    assert deadline.unit == _unit(rule_id, name, start)[0]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(BACKWARD_VARIANTS),
    st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 12, 31)),
    st.sampled_from(list(CALENDARS)),
)
def test_backward_deadlines_match_a_day_by_day_count(rule_and_name, anchor, which):
    rule_id, name = rule_and_name
    assume(_in_force(rule_id, name, anchor))
    calendar = CALENDARS[which]
    unit, length = _unit(rule_id, name, anchor)
    margin = int(load_parameter("periods.notice_margin").at(anchor).value)

    deadline = compute(rule_id, anchor, variant=name, calendar=calendar)

    if unit == "working_days":
        due = anchor
        for _ in range(length):
            due -= ONE
            while not _is_workday(calendar, due):
                due -= ONE
        target = due
        for _ in range(margin):
            target -= ONE
            while not _is_workday(calendar, target):
                target -= ONE
        missing = _missing(calendar, target, anchor)
    else:
        months = {"months": length, "years": 12 * length}.get(unit, 0)
        due = _add_months(anchor, -months) if months else anchor - length * ONE
        target = due - margin * ONE
        missing = ()
    assert (deadline.due, deadline.target) == (due, target)
    assert deadline.missing_years == missing


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FORWARD_VARIANTS),
    st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 12, 31)),
)
def test_a_datetime_start_counts_like_its_date(rule_and_name, start):
    rule_id, name = rule_and_name
    assume(_in_force(rule_id, name, start))
    moment = dt.datetime.combine(start, dt.time(15, 45))

    by_day = compute(rule_id, start, variant=name)
    by_moment = compute(rule_id, moment, variant=name)

    assert (by_moment.due, by_moment.raw_due, by_moment.target) == (
        by_day.due,
        by_day.raw_due,
        by_day.target,
    )
    assert by_moment.explanation == by_day.explanation


# A span ending on a Saturday (2022-12-31): the roll-over table's last days.
ONE_YEAR = WorkdayCalendar([FULL.year_data(2018)])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([FULL, GAPPED, WEEKENDS_ONLY, ONE_YEAR]),
    st.one_of(
        st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2040, 12, 31)),
        st.sampled_from([dt.date(2022, 12, 30), dt.date(2022, 12, 31)]),
    ),
    st.integers(0, 40),
)
def test_calendar_primitives_match_a_day_by_day_count(calendar, day, n):
    after = day
    for _ in range(n):
        after += ONE
        while not _is_workday(calendar, after):
            after += ONE
    first = day
    while not _is_workday(calendar, first):
        first += ONE

    assert calendar.first_workday_from(day) == first
    assert calendar.add_workdays(day, n) == after
    assert calendar.count_workdays(day, after) == n
    assert calendar.is_workday(day) == _is_workday(calendar, day)
