"""Chinese working-day calendar (工作日历), built from the State Council's yearly notices.

Saturdays and Sundays are the weekly rest days (《国务院关于职工工作时间的规定》(1995-03-25)
第7条); each year the General Office of the State Council publishes the holiday
arrangement (放假调休通知): the rest days of the holidays and the weekend days that
become working days (调休上班). That arrangement is data, never an algorithm
(《全国年节及纪念日放假办法》(2024-11-10) 第7条).

Sources, the later overriding the earlier:

1. the ``chinese_calendar`` package (its covered years are detected, not hard-coded);
2. ``calendar_data/<year>.yaml`` files shipped with this package;
3. year records supplied by the caller (the office's own amended copy in the database).

A year that no source covers is never guessed: callers get a weekends-only fallback
and a ``provisional`` flag (see ``WorkdayCalendar.missing_years``), or
``CalendarNotPublishedError`` from ``WorkdayCalendar.require``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.rules.errors import CalendarDataError, CalendarNotPublishedError

__all__ = [
    "CalendarDataError",
    "CalendarNotPublishedError",
    "WorkdayCalendar",
    "YearData",
    "build_calendar",
    "bundled_years",
    "default_calendar",
    "load_year_file",
    "package_years",
]

DATA_DIR = Path(__file__).resolve().parent / "calendar_data"
PACKAGE_SOURCE = "chinese_calendar {version}（国务院办公厅历年部分节假日安排的通知）"

# Table span kept around the covered years so that most look-ups are O(1).
_SPAN_BEFORE = 2
_SPAN_AFTER = 4


@dataclass(frozen=True, slots=True)
class YearData:
    """The holiday arrangement of one year.

    ``rest_days`` are the days off of the holiday periods (they may include weekend
    days); ``working_days`` are the weekend days that are working days (调休上班).
    """

    year: int
    rest_days: frozenset[dt.date]
    working_days: frozenset[dt.date]
    source: str

    def __post_init__(self) -> None:
        _validate(self, where=f"{self.year}")


def _fail(where: str, zh: str, en: str) -> CalendarDataError:
    return CalendarDataError(
        f"工作日历数据（{where}）有误：{zh}",
        f"calendar data ({where}) is invalid: {en}",
    )


def _validate(data: YearData, *, where: str) -> None:
    for day in data.rest_days | data.working_days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise _fail(where, f"“{day!r}”不是日期", f"{day!r} is not a date")
        if day.year != data.year:
            raise _fail(
                where,
                f"{day.isoformat()} 不属于 {data.year} 年",
                f"{day.isoformat()} does not belong to {data.year}",
            )
    for day in sorted(data.working_days):
        if day.weekday() < 5:
            raise _fail(
                where,
                f"调休上班日 {day.isoformat()} 不是星期六或星期日",
                f"working weekend {day.isoformat()} is not a Saturday or Sunday",
            )
    both = sorted(data.rest_days & data.working_days)
    if both:
        raise _fail(
            where,
            f"{both[0].isoformat()} 同时是休息日和上班日",
            f"{both[0].isoformat()} is both a rest day and a working day",
        )
    if not data.source.strip():
        raise _fail(
            where, "缺少来源（放假通知文号）", "the source (notice number) is missing"
        )


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(
        where,
        f"“{value!r}”不是 YYYY-MM-DD 格式的日期",
        f"{value!r} is not a YYYY-MM-DD date",
    )


def load_year_file(path: Path | str) -> YearData:
    """Read and validate one ``<year>.yaml`` file (format: calendar_data/README.md)."""
    path = Path(path)
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(where, f"无法读取：{exc}", f"cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise _fail(
            where,
            "文件内容应为映射（year、source、rest_days、working_weekends）",
            "the file must be a mapping (year, source, rest_days, working_weekends)",
        )
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise _fail(where, "缺少整数 year", "an integer 'year' is required")
    if path.stem.isdigit() and int(path.stem) != year:
        raise _fail(
            where,
            f"文件名年份与 year: {year} 不一致",
            f"the file name does not match year: {year}",
        )
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(
            where,
            "缺少来源 source（放假通知名称及文号）",
            "'source' (the notice and its number) is required",
        )
    rest: set[dt.date] = set()
    ranges = raw.get("rest_days") or []
    if not isinstance(ranges, list):
        raise _fail(
            where,
            "rest_days 应为闭区间列表",
            "'rest_days' must be a list of closed ranges",
        )
    for item in ranges:
        if not isinstance(item, list) or len(item) != 2:
            raise _fail(
                where,
                f"rest_days 项 {item!r} 应为 [起, 止]",
                f"rest_days item {item!r} must be [first, last]",
            )
        first, last = _as_date(item[0], where), _as_date(item[1], where)
        if last < first:
            raise _fail(
                where,
                f"区间 {first} 至 {last} 止日早于起日",
                f"range {first} to {last} ends before it starts",
            )
        day = first
        while day <= last:
            rest.add(day)
            day += dt.timedelta(days=1)
    weekends = raw.get("working_weekends") or []
    if not isinstance(weekends, list):
        raise _fail(
            where,
            "working_weekends 应为日期列表",
            "'working_weekends' must be a list of dates",
        )
    working = {_as_date(item, where) for item in weekends}
    data = YearData.__new__(YearData)
    object.__setattr__(data, "year", year)
    object.__setattr__(data, "rest_days", frozenset(rest))
    object.__setattr__(data, "working_days", frozenset(working))
    object.__setattr__(data, "source", source.strip())
    _validate(data, where=where)
    return data


@functools.cache
def package_years() -> Mapping[int, YearData]:
    """Every year the installed ``chinese_calendar`` covers, detected by probing it."""
    import chinese_calendar

    holidays: Mapping[dt.date, object] = chinese_calendar.holidays
    workdays: Mapping[dt.date, object] = chinese_calendar.workdays
    version = str(getattr(chinese_calendar, "__version__", "?"))
    known = sorted({d.year for d in holidays} | {d.year for d in workdays})
    if not known:
        return {}

    def supported(year: int) -> bool:
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    first, last = known[0], known[-1]
    while supported(first - 1):
        first -= 1
    while supported(last + 1):
        last += 1
    source = PACKAGE_SOURCE.format(version=version)
    result: dict[int, YearData] = {}
    for year in range(first, last + 1):
        if not supported(year):
            continue
        result[year] = YearData(
            year=year,
            rest_days=frozenset(d for d in holidays if d.year == year),
            working_days=frozenset(d for d in workdays if d.year == year),
            source=source,
        )
    return result


def bundled_years(directory: Path | None = None) -> dict[int, YearData]:
    """The ``calendar_data/<year>.yaml`` files (four-digit names only)."""
    directory = DATA_DIR if directory is None else directory
    result: dict[int, YearData] = {}
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9].yaml")):
        data = load_year_file(path)
        result[data.year] = data
    return result


class WorkdayCalendar:
    """An immutable working-day calendar over a set of years.

    Working days are precomputed over a span around the covered years: a flag per
    day, the sorted list of working-day ordinals, a running count and the next
    working day of every day, so that "the N-th working day after" is two list
    look-ups and a roll-over one. Outside the span the answer is computed day by day.
    Years not covered fall back to "weekends only".

    ``tables`` exposes those arrays to the deadline engine's hot path:
    ``(lo, hi, ords, count, next, days, cov_lo, cov_hi)`` where ``lo``/``hi`` are
    the span's first and last ordinals, ``count[o - lo]`` the working days in
    [``lo``, ``o``], ``next[o - lo]`` the first working day on or after ``o``,
    ``days[o - lo]`` the ``date`` of ``o`` and [``cov_lo``, ``cov_hi``] the longest
    run of fully covered days.
    """

    __slots__ = (
        "_count",
        "_cov_hi",
        "_cov_lo",
        "_data",
        "_flags",
        "_hi",
        "_lo",
        "_next",
        "_ords",
        "_years",
        "tables",
    )

    _data: Mapping[int, YearData]
    _years: frozenset[int]
    _lo: int
    _hi: int
    _flags: list[bool]
    _ords: list[int]
    _count: list[int]
    _cov_lo: int
    _cov_hi: int
    _next: list[int]
    tables: tuple[int, int, list[int], list[int], list[int], list[dt.date], int, int]

    def __init__(self, years: Mapping[int, YearData] | Iterable[YearData] = ()) -> None:
        items = list(years.values()) if isinstance(years, Mapping) else list(years)
        data: dict[int, YearData] = {}
        for item in items:
            if not isinstance(item, YearData):
                raise TypeError(f"expected YearData, got {type(item).__name__}")
            data[item.year] = item
        covered = sorted(data)
        first = (covered[0] if covered else 2000) - _SPAN_BEFORE
        last = (covered[-1] if covered else 2000) + _SPAN_AFTER
        lo = dt.date(first, 1, 1).toordinal()
        hi = dt.date(last, 12, 31).toordinal()
        flags: list[bool] = []
        ords: list[int] = []
        count: list[int] = []
        days: list[dt.date] = []
        running = 0
        for ordinal in range(lo, hi + 1):
            day = dt.date.fromordinal(ordinal)
            days.append(day)
            work = _is_workday(data, day)
            flags.append(work)
            if work:
                ords.append(ordinal)
                running += 1
            count.append(running)
        setter = object.__setattr__
        setter(self, "_data", dict(sorted(data.items())))
        setter(self, "_years", frozenset(data))
        setter(self, "_lo", lo)
        setter(self, "_hi", hi)
        setter(self, "_flags", flags)
        setter(self, "_ords", ords)
        setter(self, "_count", count)
        # The first working day on or after each day of the span (roll-over).
        following = hi + 1
        while not _is_workday(data, dt.date.fromordinal(following)):
            following += 1
        upcoming: list[int] = [0] * len(flags)
        for index in range(len(flags) - 1, -1, -1):
            if flags[index]:
                following = lo + index
            upcoming[index] = following
        setter(self, "_next", upcoming)
        best = _longest_run(covered)
        if best[0] <= best[1]:
            cov_lo = dt.date(best[0], 1, 1).toordinal()
            cov_hi = dt.date(best[1], 12, 31).toordinal()
        else:
            cov_lo, cov_hi = 1, 0
        setter(self, "_cov_lo", cov_lo)
        setter(self, "_cov_hi", cov_hi)
        setter(self, "tables", (lo, hi, ords, count, upcoming, days, cov_lo, cov_hi))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkdayCalendar is immutable")

    def __repr__(self) -> str:
        years = sorted(self._years)
        span = f"{years[0]}-{years[-1]}" if years else "no years"
        return f"<WorkdayCalendar {span}, {len(years)} years>"

    # -- coverage ---------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return tuple(self._data)

    def covers(self, year: int) -> bool:
        return year in self._years

    def year_data(self, year: int) -> YearData:
        self.require(year)
        return self._data[year]

    def require(self, year: int) -> None:
        """Raise ``CalendarNotPublishedError`` if ``year`` is not loaded (strict callers)."""
        if year not in self._years:
            raise CalendarNotPublishedError(year)

    def missing_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years between ``first`` and ``last`` (inclusive, any order) not covered."""
        y0, y1 = sorted((first.year, last.year))
        return tuple(y for y in range(y0, y1 + 1) if y not in self._years)

    def fully_covers(self, first: int, last: int) -> bool:
        """Whether every day of the ordinals [``first``, ``last``] is in a covered year."""
        if self._cov_lo <= first and last <= self._cov_hi:
            return True
        if last < first:
            return True
        return not self.missing_years(
            dt.date.fromordinal(first), dt.date.fromordinal(last)
        )

    def with_years(self, years: Iterable[YearData]) -> WorkdayCalendar:
        """A new calendar where ``years`` replace or add to this one's years."""
        merged = dict(self._data)
        for item in years:
            merged[item.year] = item
        return WorkdayCalendar(merged)

    # -- days -------------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (weekends-only fallback for years not loaded)."""
        ordinal = day.toordinal()
        if self._lo <= ordinal <= self._hi:
            return self._flags[ordinal - self._lo]
        return _is_workday(self._data, day)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether ``day`` is a rest day of a loaded holiday arrangement (not a mere weekend)."""
        year = self._data.get(day.year)
        return year is not None and day in year.rest_days

    def is_workday_ord(self, ordinal: int) -> bool:
        if self._lo <= ordinal <= self._hi:
            return self._flags[ordinal - self._lo]
        return _is_workday(self._data, dt.date.fromordinal(ordinal))

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        return dt.date.fromordinal(self.nth_workday_after(start.toordinal(), count))

    def subtract_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day before ``start`` (``start`` itself not counted)."""
        return dt.date.fromordinal(self.nth_workday_before(start.toordinal(), count))

    def first_workday_from(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day."""
        return dt.date.fromordinal(self.first_workday_from_ord(day.toordinal()))

    def count_workdays(self, after: dt.date, through: dt.date) -> int:
        """Working days in the interval (``after``, ``through``]."""
        return self.count_workdays_ord(after.toordinal(), through.toordinal())

    # -- ordinal primitives used by the deadline engine ------------------------------
    def nth_workday_after(self, ordinal: int, n: int) -> int:
        if n <= 0:
            return ordinal
        lo = self._lo
        if lo <= ordinal <= self._hi:
            index = self._count[ordinal - lo] + n - 1
            if index < len(self._ords):
                return self._ords[index]
        day = ordinal
        while n:
            day += 1
            if self.is_workday_ord(day):
                n -= 1
        return day

    def nth_workday_before(self, ordinal: int, n: int) -> int:
        if n <= 0:
            return ordinal
        lo = self._lo
        if lo <= ordinal <= self._hi:
            index = (
                self._count[ordinal - lo] - (1 if self._flags[ordinal - lo] else 0) - n
            )
            if index >= 0:
                return self._ords[index]
        day = ordinal
        while n:
            day -= 1
            if self.is_workday_ord(day):
                n -= 1
        return day

    def first_workday_from_ord(self, ordinal: int) -> int:
        lo = self._lo
        if lo <= ordinal <= self._hi:
            return self._next[ordinal - lo]
        day = ordinal
        while not self.is_workday_ord(day):
            day += 1
        return day

    def count_workdays_ord(self, after: int, through: int) -> int:
        if through <= after:
            return 0
        lo, hi = self._lo, self._hi
        if lo <= after and through <= hi:
            return self._count[through - lo] - self._count[after - lo]
        return sum(1 for o in range(after + 1, through + 1) if self.is_workday_ord(o))


def _longest_run(years: list[int]) -> tuple[int, int]:
    """The longest run of consecutive years, as (first, last); (1, 0) if none."""
    best = (1, 0)
    index = 0
    while index < len(years):
        end = index
        while end + 1 < len(years) and years[end + 1] == years[end] + 1:
            end += 1
        if years[end] - years[index] > best[1] - best[0]:
            best = (years[index], years[end])
        index = end + 1
    return best


def _is_workday(data: Mapping[int, YearData], day: dt.date) -> bool:
    year = data.get(day.year)
    if year is not None:
        if day in year.working_days:
            return True
        if day in year.rest_days:
            return False
    return day.weekday() < 5


def build_calendar(
    years: Iterable[YearData] = (),
    *,
    include_package: bool = True,
    include_bundled: bool = True,
) -> WorkdayCalendar:
    """A calendar from the package, the bundled files and ``years`` (later wins).

    The web application passes its database copy of the year records (which the
    office may amend) as ``years``.
    """
    merged: dict[int, YearData] = {}
    if include_package:
        merged.update(package_years())
    if include_bundled:
        merged.update(bundled_years())
    for item in years:
        merged[item.year] = item
    return WorkdayCalendar(merged)


@functools.cache
def default_calendar() -> WorkdayCalendar:
    """The package years plus the bundled YAML files (cached for the process)."""
    return build_calendar()
