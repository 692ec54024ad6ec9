"""Properties that must hold for every rule, start date and option (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.rules import Pause, compute, default_calendar, get_rule, rule_ids

CALENDAR = default_calendar()
FIRST, LAST = min(CALENDAR.years), max(CALENDAR.years) - 1

days = st.dates(
    min_value=dt.date(max(FIRST, 2025), 1, 1), max_value=dt.date(LAST, 6, 30)
)
any_days = st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 6, 30))


def _forward_rules(unit: str) -> list[str]:
    chosen = []
    for rule_id in rule_ids():
        variant = (
            get_rule(rule_id).current().variants[get_rule(rule_id).default_variant]
        )
        if variant.kind != "deadline" or variant.declared_unit == "hours":
            continue
        if compute(rule_id, dt.date(2025, 3, 3)).unit == unit:
            chosen.append(rule_id)
    return chosen


WORKING = _forward_rules("working_days")
CALENDAR_DAYS = _forward_rules("calendar_days")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WORKING), days)
def test_working_day_results_are_working_days(rule_id, start):
    deadline = compute(rule_id, start)

    assert CALENDAR.is_workday(deadline.due)
    assert deadline.due > start


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CALENDAR_DAYS), days)
def test_calendar_roll_over_never_lands_on_a_rest_day(rule_id, start):
    deadline = compute(rule_id, start)

    assert CALENDAR.is_workday(deadline.due)
    assert deadline.due >= deadline.raw_due


@settings(max_examples=200, deadline=None)
@given(any_days, st.integers(min_value=0, max_value=60), st.booleans())
def test_due_is_monotone_in_the_length(start, n, working):
    add = CALENDAR.add_workdays if working else (lambda d, k: d + dt.timedelta(days=k))

    assert add(start, n) <= add(start, n + 1)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WORKING + CALENDAR_DAYS), days, st.integers(1, 30))
def test_due_is_monotone_in_the_start_date(rule_id, start, shift):
    later = start + dt.timedelta(days=shift)

    assert compute(rule_id, start).due <= compute(rule_id, later).due


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            "licensing.decision_deadline",
            "ogi.request.reply_deadline",
            "coercion.seizure.term",
        ]
    ),
    days,
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_pauses_never_make_a_deadline_earlier(rule_id, start, offset, length):
    pause = Pause(
        start + dt.timedelta(days=offset), start + dt.timedelta(days=offset + length)
    )

    plain = compute(rule_id, start)
    paused = compute(rule_id, start, pauses=[pause])

    assert paused.due >= plain.due


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            ("licensing.decision_deadline", 10),
            ("ogi.request.reply_deadline", 20),
            ("coercion.seizure.term", 30),
            ("reconsideration.ordinary.decision_deadline", 30),
        ]
    ),
    days,
    st.integers(0, 10),
)
def test_an_extension_never_makes_a_deadline_earlier(rule_and_cap, start, extend):
    rule_id, cap = rule_and_cap
    extend = min(extend, cap)

    assert compute(rule_id, start, extend=extend).due >= compute(rule_id, start).due


@settings(max_examples=100, deadline=None)
@given(any_days, st.integers(0, 30))
def test_backward_and_forward_working_days_are_inverse(start, n):
    anchor = CALENDAR.first_workday_from(start)

    assert CALENDAR.subtract_workdays(CALENDAR.add_workdays(anchor, n), n) == anchor
