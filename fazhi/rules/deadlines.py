"""Statutory deadlines (期间的计算): the catalogue of rules and the one ``compute()``.

Every rule lives in ``deadlines/*.yaml`` with the id of the catalogue (statutory-rules
§14.2), its dated versions, variants, citation, extension cap and pause semantics.
The counting follows 《民事诉讼法》(2023-09-01) 第85条 and 《民法典》(2020-05-28)
第201至203条 (statutory-rules §0, §14.1):

* day 0 (the triggering day) is not counted;
* a working-day period ends on the N-th working day after day 0 (swapped working
  weekends count, rest days do not);
* a calendar-day, month or year period ends N days / the corresponding day later
  (last day of the month if there is none, 民法典 第202条) and, if that day is not a
  working day, rolls to the next working day (§15.A1 default);
* an extension adds to the original end; a pause stops the clock for the days inside
  it (working days only, for working-day periods); a restart (重新计算) is simply a
  new ``start``;
* "at least N days before X" rules are counted backwards from X (§15.A6).

Which version of the law applies is chosen by the day of ``start`` (ADR 0012), or by
the due date for fixed-date duties.
"""

from __future__ import annotations

import bisect
import calendar as _monthcal
import datetime as dt
import difflib
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import yaml

from fazhi.rules.calendar import WorkdayCalendar, default_calendar
from fazhi.rules.errors import (
    InvalidExtensionError,
    InvalidPauseError,
    InvalidStartError,
    NotInForceError,
    RulesDataError,
    UnknownRuleError,
    UnknownVariantError,
)
from fazhi.rules.parameters import Parameter, load_parameter, working_day_definitions

__all__ = [
    "Deadline",
    "Extension",
    "Pause",
    "Rule",
    "RuleVersion",
    "Variant",
    "compute",
    "get_rule",
    "rule_ids",
    "rules",
]

RULE_DIR = Path(__file__).resolve().parent / "deadlines"

UNITS = (
    "calendar_days",
    "working_days",
    "months",
    "years",
    "hours",
    "fixed_date",
    "time_window",
)
KINDS = ("deadline", "term", "backward", "minimum", "fixed_date", "window", "accrual")
DEFAULT = "default"  # the variant name of single-variant rules

_UNIT_ZH = {
    "calendar_days": "日",
    "working_days": "个工作日",
    "months": "个月",
    "years": "年",
    "hours": "小时",
}
_UNIT_EN = {
    "calendar_days": "calendar days",
    "working_days": "working days",
    "months": "months",
    "years": "years",
    "hours": "hours",
}
_WEEK_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEK_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# ---------------------------------------------------------------------------------
# Public value types
# ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Pause:
    """Days on which the clock stands still (both ends inclusive).

    For a working-day period only the working days inside the pause are excluded;
    for calendar-day, month and year periods every day inside it is.
    """

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Deadline:
    """The result of ``compute()``: the due date and how a clerk can check it.

    ``raw_due`` is the end before roll-over (the agency's internal target, §15.A1);
    ``target`` is the recommended internal date: for "N days before X" rules one day
    earlier than ``due`` (§15.A6), for minimum periods that must have elapsed the
    first day the act is allowed, otherwise ``raw_due``.

    ``compute()`` fills the two explanation texts lazily (on first access): a million
    deadlines are computed in a few seconds, and most callers only need the dates.
    """

    rule: str
    start: dt.date | dt.datetime
    due: dt.date | dt.datetime
    unit: str
    provisional: bool
    provisional_reason: str
    basis: str
    explanation: str
    explanation_en: str
    variant: str | None
    length: int
    extended_by: int
    paused_days: int
    kind: str = "deadline"
    raw_due: dt.date | dt.datetime | None = None
    target: dt.date | dt.datetime | None = None
    missing_years: tuple[int, ...] = ()
    title: str = ""

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes missing from the instance: the lazy texts,
        # rendered by ``render(self, *args)`` from the ``_context`` of ``compute()``.
        if name in ("explanation", "explanation_en"):
            state = self.__dict__
            context = state.get("_context")
            if context is not None:
                render, args = context
                zh, en = render(self, *args)
                state["explanation"], state["explanation_en"] = zh, en
                return state[name]
        raise AttributeError(name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings."""

        def iso(value: dt.date | dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "rule": self.rule,
            "title": self.title,
            "variant": self.variant,
            "kind": self.kind,
            "start": iso(self.start),
            "due": iso(self.due),
            "raw_due": iso(self.raw_due),
            "target": iso(self.target),
            "unit": self.unit,
            "length": self.length,
            "extended_by": self.extended_by,
            "paused_days": self.paused_days,
            "provisional": self.provisional,
            "provisional_reason": self.provisional_reason,
            "missing_years": list(self.missing_years),
            "basis": self.basis,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
        }


_new_object = object.__new__
_set_attribute = object.__setattr__


def _make(
    context: tuple[Any, tuple[Any, ...]] | None,
    *,
    rule: str,
    start: dt.date | dt.datetime,
    due: dt.date | dt.datetime,
    unit: str,
    provisional: bool,
    provisional_reason: str,
    basis: str,
    variant: str | None,
    length: int,
    extended_by: int,
    paused_days: int,
    kind: str,
    raw_due: dt.date | dt.datetime | None,
    target: dt.date | dt.datetime | None,
    missing_years: tuple[int, ...] = (),
    title: str,
    explanation: str | None = None,
    explanation_en: str | None = None,
) -> Deadline:
    """Build a ``Deadline`` without the per-field cost of a frozen ``__init__``.

    Without ``explanation`` the texts are rendered on first access from ``context``
    = ``(render, args)``: ``render(deadline, *args)`` returns ``(zh, en)``.
    """
    deadline: Deadline = _new_object(Deadline)
    state = {
        "rule": rule,
        "start": start,
        "due": due,
        "unit": unit,
        "provisional": provisional,
        "provisional_reason": provisional_reason,
        "basis": basis,
        "variant": variant,
        "length": length,
        "extended_by": extended_by,
        "paused_days": paused_days,
        "kind": kind,
        "raw_due": raw_due,
        "target": target,
        "missing_years": missing_years,
        "title": title,
        "_context": context,
    }
    if explanation is not None:
        state["explanation"] = explanation
        state["explanation_en"] = explanation_en or ""
    _set_attribute(deadline, "__dict__", state)
    return deadline


@dataclass(frozen=True, slots=True)
class Extension:
    """How far the period may be extended; ``max`` None means "no cap"."""

    max: int | None
    unit: str
    approver: str
    notice: str
    basis: str


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    label: str
    kind: str
    length: int
    declared_unit: str  # a unit, or "statute": decided by the working-day definition
    basis: str
    month: int = 0
    day: int = 0
    act_after: bool = False
    pausable: bool = True
    extension: Extension | None = None
    units: tuple[str, ...] = ()  # for "statute": the unit under each dated definition


@dataclass(frozen=True, slots=True)
class RuleVersion:
    since: dt.date
    statute: str | None
    variants: Mapping[str, Variant]
    statute_parameter: Parameter | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    title_en: str
    day0: str
    default_variant: str
    versions: tuple[RuleVersion, ...]  # ascending by ``since``
    pauses: str = ""
    resets: str = ""
    notes: str = ""
    _sinces: tuple[int, ...] = field(default=(), repr=False)

    @property
    def variants(self) -> tuple[str, ...]:
        """Variant names across all versions (in order of first appearance)."""
        names: dict[str, None] = {}
        for version in self.versions:
            names.update(dict.fromkeys(version.variants))
        return tuple(names)

    @property
    def first_in_force(self) -> dt.date:
        return self.versions[0].since

    def version_at(self, day: dt.date) -> RuleVersion:
        index = bisect.bisect_right(self._sinces, day.toordinal()) - 1
        if index < 0:
            raise _not_in_force(self, day)
        return self.versions[index]

    def current(self) -> RuleVersion:
        return self.versions[-1]


def _not_in_force(rule: Rule, day: dt.date) -> NotInForceError:
    first = rule.first_in_force.isoformat()
    return NotInForceError(
        f"期限规则“{rule.id}”在 {day.isoformat()} 尚无有效的法律依据（自 {first} 起适用）",
        f"deadline rule '{rule.id}' has no legal basis in force on {day.isoformat()} "
        f"(applies from {first})",
    )


# ---------------------------------------------------------------------------------
# Loading and compiling the catalogue (once per process)
# ---------------------------------------------------------------------------------
def _bad(where: str, zh: str, en: str) -> RulesDataError:
    return RulesDataError(f"{where}：{zh}", f"{where}: {en}")


def _extension(raw: Any, where: str) -> Extension | None:
    if raw is None or raw == "none":
        return None
    if not isinstance(raw, dict) or "unit" not in raw or "basis" not in raw:
        raise _bad(
            where, "extension 需要 max、unit、basis", "extension needs max, unit, basis"
        )
    cap = raw.get("max")
    if cap is not None and (not isinstance(cap, int) or cap <= 0):
        raise _bad(
            where,
            "extension.max 应为正整数或 null",
            "extension.max must be a positive int or null",
        )
    if raw["unit"] not in ("calendar_days", "working_days"):
        raise _bad(
            where,
            "extension.unit 应为 calendar_days 或 working_days",
            "extension.unit must be calendar_days or working_days",
        )
    return Extension(
        max=cap,
        unit=str(raw["unit"]),
        approver=str(raw.get("approver", "")),
        notice=str(raw.get("notice", "")),
        basis=str(raw["basis"]),
    )


def _variant(
    name: str,
    raw: Any,
    *,
    where: str,
    rule_raw: Mapping[str, Any],
    version_raw: Mapping[str, Any],
    statute_parameter: Parameter | None,
    statute: str | None,
) -> Variant:
    if not isinstance(raw, dict):
        raise _bad(where, f"变体 {name} 应为映射", f"variant {name} must be a mapping")
    kind = str(raw.get("kind", rule_raw.get("kind", "deadline")))
    if kind not in KINDS:
        raise _bad(where, f"未知 kind {kind}", f"unknown kind {kind}")
    if not raw.get("basis"):
        raise _bad(
            where,
            f"变体 {name} 缺少 basis（法律依据）",
            f"variant {name} lacks 'basis'",
        )
    if kind == "fixed_date":
        unit, length = "fixed_date", 0
        month, day = int(raw["month"]), int(raw["day"])
        dt.date(2001, month, day)  # validates the month and day
    elif kind == "window":
        unit, length, month, day = "time_window", 0, 0, 0
    else:
        unit = str(raw.get("unit", ""))
        month = day = 0
        if kind == "accrual":
            length = 0  # derived from the surcharge parameters at compute time
        else:
            if (
                "length" not in raw
                or not isinstance(raw["length"], int)
                or raw["length"] < 0
            ):
                raise _bad(
                    where,
                    f"变体 {name} 需要非负整数 length",
                    f"variant {name} needs a non-negative int 'length'",
                )
            length = int(raw["length"])
        if unit not in (
            "statute",
            "calendar_days",
            "working_days",
            "months",
            "years",
            "hours",
        ):
            raise _bad(
                where,
                f"变体 {name} 的 unit 无效：{unit}",
                f"variant {name} has an invalid unit: {unit}",
            )
    units: tuple[str, ...] = ()
    if unit == "statute":
        if statute_parameter is None or statute is None:
            raise _bad(
                where,
                "unit: statute 需要版本声明 statute",
                "unit: statute needs the version's 'statute'",
            )
        units = tuple(
            "working_days" if d.is_working(length) else "calendar_days"
            for d in working_day_definitions(statute)
        )
    ext_raw = raw.get(
        "extension", version_raw.get("extension", rule_raw.get("extension"))
    )
    default_pausable = kind in ("deadline", "accrual") and unit != "hours"
    pausable = bool(
        raw.get(
            "pausable",
            version_raw.get("pausable", rule_raw.get("pausable", default_pausable)),
        )
    )
    return Variant(
        name=name,
        label=str(raw.get("label", "")),
        kind=kind,
        length=length,
        declared_unit=unit,
        basis=str(raw["basis"]),
        month=month,
        day=day,
        act_after=bool(raw.get("act_after", rule_raw.get("act_after", False))),
        pausable=pausable,
        extension=_extension(ext_raw, where)
        if kind in ("deadline", "accrual")
        else None,
        units=units,
    )


def _rule(rule_id: str, raw: Any, source: str) -> Rule:
    where = f"deadlines/{source} {rule_id}"
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("versions"), dict)
        or not raw["versions"]
    ):
        raise _bad(where, "缺少 versions", "'versions' is missing")
    for key in ("title", "day0"):
        if not raw.get(key):
            raise _bad(where, f"缺少 {key}", f"'{key}' is missing")
    versions: list[RuleVersion] = []
    for since_raw, version_raw in raw["versions"].items():
        since = (
            since_raw
            if isinstance(since_raw, dt.date)
            else dt.date.fromisoformat(str(since_raw))
        )
        if not isinstance(version_raw, dict) or not isinstance(
            version_raw.get("variants"), dict
        ):
            raise _bad(
                where,
                f"版本 {since} 缺少 variants",
                f"version {since} lacks 'variants'",
            )
        statute = version_raw.get("statute")
        parameter = load_parameter(f"working_days.{statute}") if statute else None
        variants = {
            str(name): _variant(
                str(name),
                variant_raw,
                where=f"{where} {since}",
                rule_raw=raw,
                version_raw=version_raw,
                statute_parameter=parameter,
                statute=str(statute) if statute else None,
            )
            for name, variant_raw in version_raw["variants"].items()
        }
        versions.append(
            RuleVersion(since, str(statute) if statute else None, variants, parameter)
        )
    versions.sort(key=lambda v: v.since)
    names = list(dict.fromkeys(n for v in versions for n in v.variants))
    default = str(raw.get("default_variant", names[0]))
    if default not in versions[-1].variants:
        raise _bad(
            where,
            f"默认变体 {default} 不在现行版本中",
            f"default variant {default} is not in the current version",
        )
    return Rule(
        id=rule_id,
        title=str(raw["title"]),
        title_en=str(raw.get("title_en", "")),
        day0=str(raw["day0"]),
        default_variant=default,
        versions=tuple(versions),
        pauses=str(raw.get("pauses", "")),
        resets=str(raw.get("resets", "")),
        notes=str(raw.get("notes", "")),
        _sinces=tuple(v.since.toordinal() for v in versions),
    )


@functools.cache
def rules() -> Mapping[str, Rule]:
    """Every rule of the catalogue, loaded and compiled once."""
    result: dict[str, Rule] = {}
    for path in sorted(RULE_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise _bad(
                f"deadlines/{path.name}",
                "应为 规则编号→规则 的映射",
                "must map rule ids to rules",
            )
        for rule_id, rule_raw in raw.items():
            if rule_id in result:
                raise _bad(
                    f"deadlines/{path.name}",
                    f"规则编号 {rule_id} 重复",
                    f"duplicate rule id {rule_id}",
                )
            result[str(rule_id)] = _rule(str(rule_id), rule_raw, path.name)
    return dict(sorted(result.items()))


def rule_ids() -> list[str]:
    """All rule ids, sorted."""
    return list(rules())


def get_rule(rule_id: str) -> Rule:
    """The rule with ``rule_id``; ``UnknownRuleError`` lists close matches."""
    catalogue = rules()
    try:
        return catalogue[rule_id]
    except KeyError:
        close = difflib.get_close_matches(rule_id, list(catalogue), n=5, cutoff=0.5)
        raise UnknownRuleError(rule_id, close) from None


# ---------------------------------------------------------------------------------
# Parameters used by the engine
# ---------------------------------------------------------------------------------
@functools.cache
def _accrual_days(rate: str, cap: str) -> int:
    """Days until the surcharge reaches its cap: ceil(cap / rate)."""
    return math.ceil(Decimal(cap) / Decimal(rate))


def _accrual_length(day: dt.date) -> int:
    """Days of surcharge until the cap is reached, under the law in force on ``day``."""
    rate = _surcharge_rate().at(day)
    cap = _surcharge_cap().at(day)
    return _accrual_days(str(rate.value), str(cap.value))


@functools.cache
def _surcharge_rate() -> Parameter:
    return load_parameter("penalty.late_surcharge_rate")


@functools.cache
def _surcharge_cap() -> Parameter:
    return load_parameter("penalty.late_surcharge_cap")


@functools.cache
def _night_window() -> Parameter:
    return load_parameter("coercion.night_window")


@functools.cache
def _rollover_modes() -> Parameter:
    return load_parameter("periods.rollover")


@functools.cache
def _margin() -> Parameter:
    return load_parameter("periods.notice_margin")


# ---------------------------------------------------------------------------------
# Arithmetic helpers
# ---------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the month's last day (民法典 第202条)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    number = day.day
    if number > 28:
        last = _MONTH_DAYS[month]
        if month == 1 and _monthcal.isleap(year):
            last = 29
        if number > last:
            number = last
    return dt.date(year, month + 1, number)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _merge(pauses: Sequence[Pause]) -> list[tuple[int, int]]:
    if len(pauses) == 1:
        pause = pauses[0]
        if type(pause) is Pause and pause.start <= pause.end:
            return [(pause.start.toordinal(), pause.end.toordinal())]
    spans: list[tuple[int, int]] = []
    for pause in pauses:
        if not isinstance(pause, Pause):
            raise InvalidPauseError(
                "中止期间格式无效",
                "a pause must be a Pause(start, end)",
                code="pause_invalid",
            )
        if pause.end < pause.start:
            raise InvalidPauseError(
                f"中止期间止日 {pause.end.isoformat()} 早于起日 {pause.start.isoformat()}",
                f"the pause ends ({pause.end.isoformat()}) before it starts ({pause.start.isoformat()})",
                code="pause_reversed",
            )
        spans.append((pause.start.toordinal(), pause.end.toordinal()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _run(
    cal: WorkdayCalendar,
    start: int,
    total: int,
    working: bool,
    pauses: list[tuple[int, int]],
) -> tuple[int, int]:
    """End ordinal of ``total`` units after ``start`` skipping ``pauses``; and units paused."""
    cursor, remaining, paused = start, total, 0
    for p_start, p_end in pauses:
        if p_end <= cursor:
            continue
        first = max(p_start, cursor + 1)
        before = (
            cal.count_workdays_ord(cursor, first - 1) if working else first - 1 - cursor
        )
        if remaining <= before:
            break
        remaining -= before
        paused += (
            cal.count_workdays_ord(first - 1, p_end) if working else p_end - first + 1
        )
        cursor = p_end
    if working:
        return cal.nth_workday_after(cursor, remaining), paused
    return cursor + remaining, paused


def _day(value: int) -> dt.date:
    return dt.date.fromordinal(value)


def _fmt(day: dt.date) -> str:
    return f"{day.isoformat()}（{_WEEK_ZH[day.weekday()]}）"


def _fmt_en(day: dt.date) -> str:
    return f"{day.isoformat()} ({_WEEK_EN[day.weekday()]})"


@functools.lru_cache(maxsize=256)
def _provisional(missing: tuple[int, ...]) -> str:
    if not missing:
        return ""
    years = "、".join(str(y) for y in missing)
    years_en = ", ".join(str(y) for y in missing)
    plural = "s" if len(missing) > 1 else ""
    return (
        f"{years} 年工作日历尚未发布（国务院办公厅放假通知），按仅排除周末暂算 / "
        f"the {years_en} working-day calendar{plural} (State Council holiday notice) "
        f"is not loaded; computed provisionally excluding weekends only"
    )


# ---------------------------------------------------------------------------------
# Compiled plans: one per (rule, variant) and stretch of time with constant law
# ---------------------------------------------------------------------------------
class _Plan:
    """Everything ``compute()`` needs for one variant under one state of the law.

    A plan is compiled once per stretch of time in which neither the rule's version,
    nor the statute's working-day definition, nor any parameter the variant depends
    on (roll-over mode, notice margin, surcharge rate and cap) changes, so that
    ``compute()`` only does date arithmetic. ``template`` holds the fields of the
    resulting ``Deadline`` that do not depend on the start date.
    """

    __slots__ = (
        "act_after",
        "basis",
        "dynamic_length",
        "ext_working",
        "holidays_only",
        "kind",
        "length",
        "margin",
        "months",
        "path",
        "pausable",
        "roll",
        "rule",
        "shown",
        "template",
        "unit",
        "variant",
        "working",
    )

    def __init__(
        self, rule: Rule, variant: Variant, unit: str, holidays_only: bool
    ) -> None:
        self.rule = rule
        self.variant = variant
        self.shown = None if variant.name == DEFAULT else variant.name
        self.kind = variant.kind
        self.unit = unit
        self.length = variant.length
        self.dynamic_length = False
        self.basis = variant.basis
        self.working = unit == "working_days"
        ext = variant.extension
        # None: the extension unit does not match the period (a data error).
        self.ext_working = (
            None
            if ext is not None and (ext.unit == "working_days") != self.working
            else self.working
        )
        self.months = (
            variant.length * 12
            if unit == "years"
            else variant.length
            if unit == "months"
            else 0
        )
        self.roll = variant.kind == "deadline" and unit in (
            "calendar_days",
            "months",
            "years",
        )
        self.pausable = variant.pausable
        self.act_after = variant.act_after
        self.holidays_only = holidays_only
        self.margin = 0
        paths = {"backward": _BACKWARD, "fixed_date": _FIXED, "window": _WINDOW}
        self.path = paths.get(variant.kind, _HOURS if unit == "hours" else _FORWARD)
        self.template: dict[str, Any] = {}

    def seal(self) -> None:
        """Fill ``template`` once ``length`` and ``margin`` are final."""
        kind = self.kind
        render: Any = _explain_forward
        args: tuple[Any, ...] = (self,)
        if self.path == _BACKWARD:
            kind, render = "backward", _explain_backward
        elif self.path == _HOURS:
            kind, render, args = "deadline", _explain_hours, (self.rule.day0,)
        elif self.path == _FIXED:
            self.unit, self.length = "fixed_date", 0
        self.template = {
            "rule": self.rule.id,
            "unit": self.unit,
            "provisional": False,
            "provisional_reason": "",
            "basis": self.basis,
            "variant": self.shown,
            "length": self.length,
            "extended_by": 0,
            "paused_days": 0,
            "kind": kind,
            "missing_years": (),
            "title": self.rule.title,
            "_context": (render, args),
        }


_FORWARD, _BACKWARD, _FIXED, _WINDOW, _HOURS = range(5)
_Timeline = tuple[tuple[int, ...], tuple["_Plan | None", ...], Rule, str]
_TIMELINES: dict[str, dict[str | None, _Timeline]] = {}


def _timeline(rule_id: str, variant: str | None) -> _Timeline:
    """Compile (once) the plans of one variant of one rule over time."""
    found = _TIMELINES.get(rule_id, {}).get(variant)
    if found is not None:
        return found
    rule = get_rule(rule_id)
    name = rule.default_variant if variant is None else variant
    if name not in rule.variants:
        raise _unknown_variant(rule, name, None)
    rollover = _rollover_modes()
    accrual = any(
        v.variants[name].kind == "accrual" for v in rule.versions if name in v.variants
    )
    bounds: set[int] = set()
    for index, version in enumerate(rule.versions):
        lo = version.since.toordinal()
        hi = rule._sinces[index + 1] if index + 1 < len(rule.versions) else None
        bounds.add(lo)
        extra = list(rollover._sinces) + list(_margin()._sinces)
        if version.statute_parameter is not None:
            extra += version.statute_parameter._sinces
        if accrual:
            extra += _surcharge_rate()._sinces + _surcharge_cap()._sinces
        bounds.update(o for o in extra if o > lo and (hi is None or o < hi))
    sinces = tuple(sorted(bounds))
    plans: list[_Plan | None] = []
    for since in sinces:
        day = dt.date.fromordinal(since)
        version = rule.version_at(day)
        chosen = version.variants.get(name)
        if chosen is None:
            plans.append(None)
            continue
        unit = chosen.declared_unit
        if unit == "statute":
            parameter = version.statute_parameter
            if parameter is None:  # pragma: no cover - rejected when loading
                raise _bad(rule.id, "缺少 statute", "'statute' is missing")
            index = parameter.index_at(since)
            if index < 0:
                plans.append(None)
                continue
            unit = chosen.units[index]
        mode = rollover.history[max(rollover.index_at(since), 0)].value
        plan = _Plan(rule, chosen, unit, mode == "holidays_only")
        margin = _margin()
        plan.margin = int(margin.history[max(margin.index_at(since), 0)].value)
        if chosen.kind == "accrual":
            if (
                _surcharge_rate().index_at(since) >= 0
                and _surcharge_cap().index_at(since) >= 0
            ):
                plan.length = _accrual_length(day)
            else:  # not in force: compute() raises the parameter's error
                plan.dynamic_length = True
        plan.seal()
        plans.append(plan)
    timeline: _Timeline = (sinces, tuple(plans), rule, name)
    _TIMELINES.setdefault(rule_id, {})[variant] = timeline
    return timeline


# ---------------------------------------------------------------------------------
# compute()
# ---------------------------------------------------------------------------------
def compute(
    rule_id: str,
    start: dt.date | dt.datetime,
    *,
    extend: int = 0,
    pauses: Sequence[Pause] = (),
    variant: str | None = None,
    calendar: WorkdayCalendar | None = None,
) -> Deadline:
    """Compute the deadline of ``rule_id`` from day 0 ``start``.

    ``extend`` is the approved extension in the rule's extension unit; ``pauses`` are
    intervals in which the clock stands still; ``variant`` picks one of the rule's
    periods (default: the rule's default variant). Raise a ``RulesError`` subclass
    for an unknown rule or variant, a rule not in force on ``start``, an extension the
    law does not allow, or an invalid pause.
    """
    # The hot path: a million calls take a few seconds, so everything that does not
    # depend on ``start`` is compiled into the plan and the calendar's tables.
    timeline = _TIMELINES.get(rule_id, _NONE).get(variant)
    if timeline is None:
        timeline = _timeline(rule_id, variant)
    if type(start) is dt.date:
        day = start
    elif isinstance(start, dt.datetime):
        day = start.date()
    elif isinstance(start, dt.date):
        day = start
    else:
        raise InvalidStartError("起算日应为日期", "start must be a date or datetime")
    o_start = day.toordinal()
    sinces, plans, rule, name = timeline
    if o_start >= sinces[-1]:
        plan = plans[-1]
    else:
        index = _bisect_right(sinces, o_start) - 1
        if index < 0:
            return _before_in_force(rule, name, day, start)
        plan = plans[index]
    if plan is None:
        raise _unknown_variant(rule, name, day)
    cal = (
        calendar if calendar is not None else _CALENDAR[0] if _CALENDAR else _default()
    )
    if extend:
        _check_extension(rule, plan.variant, extend)
    merged: list[tuple[int, int]] | None = None
    if pauses:
        if not plan.pausable:
            raise InvalidPauseError(
                f"期限规则“{rule.id}”不适用中止（不计入）期间",
                f"deadline rule '{rule.id}' has no pauses",
                code="pause_not_allowed",
            )
        merged = _merge(pauses)
    path = plan.path
    if path:
        if path == _BACKWARD:
            return _backward(plan, cal, day, start)
        if path == _FIXED:
            return _fixed(rule, plan.variant, day, start, plan.shown, plan.template)
        if path == _WINDOW:
            return _window(rule, plan.variant, start, cal, plan.shown)
        return _hours(rule, plan.variant, start, plan.shown, plan.template)

    working = plan.working
    months = plan.months
    if months:
        total = add_months(day, months).toordinal() - o_start
    elif plan.dynamic_length:
        total = _accrual_length(day)  # raises: the surcharge law is not in force
    else:
        total = plan.length
    if extend:
        if plan.ext_working is None:
            raise RulesDataError(
                f"期限规则“{rule.id}”的延长单位与期间单位不一致",
                f"deadline rule '{rule.id}' has an extension unit that does not match its period",
            )
        total += extend
    lo, hi, ords, count, upcoming, days, cov_lo, cov_hi = cal.tables
    paused = 0
    if merged:
        raw, paused = _run(cal, o_start, total, working, merged)
    elif working:
        if lo <= o_start <= hi and total > 0:
            index = count[o_start - lo] + total - 1
            raw = (
                ords[index]
                if index < len(ords)
                else cal.nth_workday_after(o_start, total)
            )
        else:
            raw = cal.nth_workday_after(o_start, total)
    else:
        raw = o_start + total
    due = raw
    if plan.roll:
        if plan.holidays_only:
            while cal.is_holiday(dt.date.fromordinal(due)):
                due += 1
        elif lo <= raw <= hi:
            due = upcoming[raw - lo]
        else:
            due = cal.first_workday_from_ord(raw)
    target = raw
    if plan.act_after:
        target = cal.nth_workday_after(raw, 1) if working else raw + 1
    state = plan.template.copy()
    if working:
        last = target if target > due else due
        if not (cov_lo <= o_start + 1 and last <= cov_hi) and not cal.fully_covers(
            o_start + 1, last
        ):
            missing = cal.missing_years(day, dt.date.fromordinal(last))
            if missing:
                state["provisional"] = True
                state["provisional_reason"] = _provisional(missing)
                state["missing_years"] = missing
    elif (
        plan.roll
        and not (cov_lo <= raw and due <= cov_hi)
        and not cal.fully_covers(raw, due)
    ):
        missing = cal.missing_years(dt.date.fromordinal(raw), dt.date.fromordinal(due))
        if missing:
            state["provisional"] = True
            state["provisional_reason"] = _provisional(missing)
            state["missing_years"] = missing
    if lo <= raw and due <= hi and target <= hi:
        raw_day = days[raw - lo]
        state["due"] = days[due - lo]
        state["target"] = days[target - lo]
    else:
        raw_day = dt.date.fromordinal(raw)
        state["due"] = raw_day if due == raw else dt.date.fromordinal(due)
        state["target"] = raw_day if target == raw else dt.date.fromordinal(target)
    state["raw_due"] = raw_day
    state["start"] = start
    if extend:
        state["extended_by"] = extend
    if paused:
        state["paused_days"] = paused
    deadline: Deadline = _new_object(Deadline)
    _set_attribute(deadline, "__dict__", state)
    return deadline


_bisect_right = bisect.bisect_right
_NONE: dict[str | None, _Timeline] = {}


_CALENDAR: list[WorkdayCalendar] = []


def _default() -> WorkdayCalendar:
    _CALENDAR.append(default_calendar())
    return _CALENDAR[0]


def _before_in_force(
    rule: Rule, name: str, day: dt.date, start: dt.date | dt.datetime
) -> Deadline:
    """Fixed-date duties choose the law by their due date (the next year); others fail."""
    first = rule.versions[0].variants.get(name)
    if first is not None and first.kind == "fixed_date":
        due = dt.date(day.year + 1, first.month, first.day)
        if due >= rule.first_in_force:
            return _fixed(rule, first, day, start, None if name == DEFAULT else name)
    raise _not_in_force(rule, day)


def _unknown_variant(rule: Rule, name: str, day: dt.date | None) -> UnknownVariantError:
    if name in rule.variants and day is not None:
        return UnknownVariantError(
            f"期限规则“{rule.id}”的变体“{name}”在 {day.isoformat()} 适用的法律中不存在",
            f"variant '{name}' of rule '{rule.id}' does not exist under the law in force on {day.isoformat()}",
        )
    return UnknownVariantError(
        f"期限规则“{rule.id}”没有变体“{name}”（可选：{'、'.join(rule.variants)}）",
        f"deadline rule '{rule.id}' has no variant '{name}' (choose from: {', '.join(rule.variants)})",
    )


def _check_extension(rule: Rule, variant: Variant, extend: int) -> None:
    if extend < 0:
        raise InvalidExtensionError(
            "延长期限不能为负数",
            "an extension cannot be negative",
            code="extension_negative",
        )
    ext = variant.extension
    if ext is None:
        raise InvalidExtensionError(
            f"法律未规定“{rule.id}”可以延长",
            f"the law provides no extension for '{rule.id}'",
            code="extension_not_allowed",
        )
    if ext.max is not None and extend > ext.max:
        unit_zh, unit_en = _UNIT_ZH[ext.unit], _UNIT_EN[ext.unit]
        raise InvalidExtensionError(
            f"“{rule.id}”最多延长{ext.max}{unit_zh}（{ext.basis}），申请延长{extend}{unit_zh}",
            f"'{rule.id}' may be extended by at most {ext.max} {unit_en} ({ext.basis}); "
            f"{extend} requested",
            code="extension_too_long",
        )


def _start_day(start: dt.date | dt.datetime) -> dt.date:
    return start.date() if isinstance(start, dt.datetime) else start


def _explain_forward(deadline: Deadline, plan: _Plan) -> tuple[str, str]:
    # The forward path always fills the three dates.
    raw = cast("dt.date", deadline.raw_due)
    due = deadline.due
    target = cast("dt.date", deadline.target)
    zh, en = _explain_forward_text(
        plan,
        _start_day(deadline.start),
        deadline.length,
        deadline.extended_by,
        deadline.paused_days,
        raw,
        due,
        target,
    )
    if deadline.missing_years:
        return zh + "（暂算）", en + " (provisional)"
    return zh, en


def _explain_forward_text(
    plan: _Plan,
    day: dt.date,
    length: int,
    extend: int,
    paused: int,
    raw: dt.date,
    due: dt.date,
    target: dt.date,
) -> tuple[str, str]:
    rule, variant, kind, unit = plan.rule, plan.variant, plan.kind, plan.unit
    u_zh, u_en = _UNIT_ZH[unit], _UNIT_EN[unit]
    ext_zh = ext_en = ""
    if extend:
        ext_unit = variant.extension.unit if variant.extension else unit
        e_zh, e_en = _UNIT_ZH[ext_unit], _UNIT_EN[ext_unit]
        ext_zh, ext_en = f"，延长{extend}{e_zh}", f", extended by {extend} {e_en}"
    pause_zh = pause_en = ""
    if paused:
        p_unit = "working_days" if unit == "working_days" else "calendar_days"
        pause_zh = f"，扣除中止期间{paused}{_UNIT_ZH[p_unit]}"
        pause_en = f", {paused} paused {_UNIT_EN[p_unit]} not counted"
    head_zh = f"自{day.isoformat()}（{rule.day0}，不计入）起算{length}{u_zh}{ext_zh}{pause_zh}"
    head_en = f"From {day.isoformat()} (day 0, not counted): {length} {u_en}{ext_en}{pause_en}"
    if kind == "accrual":
        return (
            f"{head_zh}，加处罚款于{raw.isoformat()}达到上限（不顺延）",
            f"{head_en}; the surcharge reaches its cap on {raw.isoformat()} (no roll-over)",
        )
    if kind == "term":
        return (
            f"{head_zh}，期间于{_fmt(raw)}届满（期间，不顺延）",
            f"{head_en}; the term ends on {_fmt_en(raw)} (a term: no roll-over)",
        )
    if kind == "minimum":
        zh = f"{head_zh}，最短期间至{_fmt(raw)}届满（不顺延）"
        en = f"{head_en}; the minimum period is complete on {_fmt_en(raw)} (no roll-over)"
        if variant.act_after:
            zh += f"，最早可于{_fmt(target)}实施"
            en += f"; the act is allowed from {_fmt_en(target)}"
        return zh, en
    if unit == "working_days":
        return (
            f"{head_zh}（调休上班日计入，休息日不计），届满日{_fmt(due)}",
            f"{head_en} (make-up working weekends count, rest days do not); due {_fmt_en(due)}",
        )
    if due == raw:
        return (
            f"{head_zh}，届满日{_fmt(due)}为工作日",
            f"{head_en}; ends {_fmt_en(due)}, a working day",
        )
    return (
        f"{head_zh}，届满日{_fmt(raw)}为休息日，顺延至{_fmt(due)}",
        f"{head_en}; ends {_fmt_en(raw)}, a rest day, rolled over to {_fmt_en(due)}",
    )


def _backward(
    plan: _Plan, cal: WorkdayCalendar, day: dt.date, start: dt.date | dt.datetime
) -> Deadline:
    """Latest date for an act due "at least N days before X" (X = ``day``, §15.A6)."""
    length, margin = plan.length, plan.margin
    o_x = day.toordinal()
    state = plan.template.copy()
    if plan.working:
        due = cal.nth_workday_before(o_x, length)
        target = cal.nth_workday_before(due, margin)
        if not cal.fully_covers(target, o_x):
            missing = cal.missing_years(_day(target), day)
            if missing:
                state["provisional"] = True
                state["provisional_reason"] = _provisional(missing)
                state["missing_years"] = missing
    elif plan.months:
        due = add_months(day, -plan.months).toordinal()
        target = due - margin
    else:
        due, target = o_x - length, o_x - length - margin
    lo, hi = cal.tables[0], cal.tables[1]
    if lo <= target and due <= hi:
        days = cal.tables[5]
        due_day, target_day = days[due - lo], days[target - lo]
    else:
        due_day, target_day = _day(due), _day(target)
    state["start"] = start
    state["due"] = state["raw_due"] = due_day
    state["target"] = target_day
    deadline: Deadline = _new_object(Deadline)
    _set_attribute(deadline, "__dict__", state)
    return deadline


def _explain_backward(deadline: Deadline, plan: _Plan) -> tuple[str, str]:
    due, target = deadline.due, cast("dt.date", deadline.target)
    day = _start_day(deadline.start)
    length, u_zh, u_en = plan.length, _UNIT_ZH[plan.unit], _UNIT_EN[plan.unit]
    zh = (
        f"自{day.isoformat()}（{plan.rule.day0}，不计入）向前倒数{length}{u_zh}，"
        f"法定最迟日为{_fmt(due)}；建议内部目标日{_fmt(target)}（留足{length}{u_zh}完整期间）"
    )
    en = (
        f"Counting {length} {u_en} back from {day.isoformat()} (not counted): the legal "
        f"latest date is {_fmt_en(due)}; internal target {_fmt_en(target)} "
        f"(leaves {length} full {u_en})"
    )
    if deadline.missing_years:
        return zh + "（暂算）", en + " (provisional)"
    return zh, en


def _hours(
    rule: Rule,
    variant: Variant,
    start: dt.date | dt.datetime,
    shown_variant: str | None,
    template: dict[str, Any],
) -> Deadline:
    """Trigger time + N hours, no rounding (民法典 第201条第2款; §14.1 item 6)."""
    if not isinstance(start, dt.datetime):
        raise InvalidStartError(
            f"“{rule.id}”按小时计算，起算须为具体时刻（日期和时间）",
            f"'{rule.id}' is counted in hours: start must be a date and time",
            code="start_needs_time",
        )
    state = template.copy()
    state["start"] = start
    state["due"] = state["raw_due"] = state["target"] = start + _hours_delta(
        variant.length
    )
    deadline: Deadline = _new_object(Deadline)
    _set_attribute(deadline, "__dict__", state)
    return deadline


@functools.cache
def _hours_delta(hours: int) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def _fixed(
    rule: Rule,
    variant: Variant,
    day: dt.date,
    start: dt.date | dt.datetime,
    shown_variant: str | None,
    template: dict[str, Any] | None = None,
) -> Deadline:
    """A hard date in the year after the reporting year of ``day`` (§15.A13)."""
    due = dt.date(day.year + 1, variant.month, variant.day)
    chosen = rule.version_at(due).variants.get(variant.name, variant)
    if template is not None:
        state = template.copy()
        state["start"] = start
        state["due"] = state["raw_due"] = state["target"] = due
        state["basis"] = chosen.basis
        state["_context"] = (_explain_fixed, (day.year,))
        deadline: Deadline = _new_object(Deadline)
        _set_attribute(deadline, "__dict__", state)
        return deadline
    return _make(
        (_explain_fixed, (day.year,)),
        rule=rule.id,
        start=start,
        due=due,
        unit="fixed_date",
        provisional=False,
        provisional_reason="",
        basis=chosen.basis,
        variant=shown_variant,
        length=0,
        extended_by=0,
        paused_days=0,
        kind="fixed_date",
        raw_due=due,
        target=due,
        title=rule.title,
    )


def _window(
    rule: Rule,
    variant: Variant,
    start: dt.date | dt.datetime,
    cal: WorkdayCalendar,
    shown_variant: str | None,
) -> Deadline:
    """Earliest moment at or after ``start`` outside the night and rest days (第43条)."""
    if not isinstance(start, dt.datetime):
        raise InvalidStartError(
            f"“{rule.id}”须给出拟实施的具体时刻",
            f"'{rule.id}' needs the planned date and time",
            code="start_needs_time",
        )
    night = _night_window().at(start.date())
    night_start, night_end = _times(str(night.value["start"]), str(night.value["end"]))
    holidays_only = variant.name == "holidays_only"

    def blocked(day: dt.date) -> bool:
        return cal.is_holiday(day) if holidays_only else not cal.is_workday(day)

    moment = start
    for _ in range(400):
        if blocked(moment.date()) or moment.time() >= night_start:
            moment = dt.datetime.combine(
                moment.date() + dt.timedelta(days=1), night_end, moment.tzinfo
            )
        elif moment.time() < night_end:
            moment = dt.datetime.combine(moment.date(), night_end, moment.tzinfo)
        else:
            break
    missing = cal.missing_years(start.date(), moment.date())
    window = f"{night.value['start']}至{night.value['end']}"
    return _make(
        (_explain_window, (window,)),
        rule=rule.id,
        start=start,
        due=moment,
        unit="time_window",
        provisional=bool(missing),
        provisional_reason=_provisional(missing),
        basis=f"{variant.basis}；{night.reference}",
        variant=shown_variant,
        length=0,
        extended_by=0,
        paused_days=0,
        kind="window",
        raw_due=moment,
        target=moment,
        missing_years=missing,
        title=rule.title,
    )


@functools.cache
def _times(start: str, end: str) -> tuple[dt.time, dt.time]:
    return dt.time.fromisoformat(start), dt.time.fromisoformat(end)


_STAMP = "%Y-%m-%d %H:%M"


def _explain_hours(deadline: Deadline, day0: str) -> tuple[str, str]:
    start, due, length = deadline.start, deadline.due, deadline.length
    return (
        f"自{start.strftime(_STAMP)}（{day0}）起算{length}小时，截止于{due.strftime(_STAMP)}（不取整）",
        f"From {start.strftime(_STAMP)}: {length} hours, ends {due.strftime(_STAMP)} (no rounding)",
    )


def _explain_fixed(deadline: Deadline, year: int) -> tuple[str, str]:
    due = deadline.due
    return (
        f"{year}年度事项应于{_fmt(due)}前（含当日）完成；固定日期，不顺延",
        f"For the year {year}: by {_fmt_en(due)} inclusive; a fixed date, no roll-over",
    )


def _explain_window(deadline: Deadline, window: str) -> tuple[str, str]:
    start, moment = deadline.start, deadline.due
    allowed = moment == start
    if allowed:
        zh = f"拟于{start.strftime(_STAMP)}实施：不在夜间（{window}）及休息日，可以实施"
    else:
        zh = (
            f"拟于{start.strftime(_STAMP)}实施：处于夜间（{window}）或休息日，"
            f"最早可于{moment.strftime(_STAMP)}实施（情况紧急的除外，须记录理由）"
        )
    en = f"Planned for {start.strftime(_STAMP)}: " + (
        "outside the night window and rest days, allowed"
        if allowed
        else f"at night or on a rest day; earliest {moment.strftime(_STAMP)} (unless urgent, with reasons recorded)"
    )
    return zh, en
