"""The working-day calendar in effect: bundled years overridden by the office's rows."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from fazhi.core.calendar.models import CalendarYear
from fazhi.rules.calendar import (
    WorkdayCalendar,
    YearData,
    build_calendar,
    default_calendar,
)

_lock = threading.Lock()
_cached: tuple[object, WorkdayCalendar] | None = None


def year_data_of(row: CalendarYear) -> YearData:
    return YearData(
        year=row.year,
        rest_days=row.rest_dates(),
        working_days=row.working_dates(),
        source=row.source,
    )


def workday_calendar() -> WorkdayCalendar:
    """The calendar every deadline is computed with.

    Cached for the process; one cheap aggregate query tells whether any row
    changed since (in this or another process).
    """
    global _cached
    version = tuple(
        CalendarYear.objects.aggregate(n=Count("id"), last=Max("updated_at")).values()
    )
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = list(CalendarYear.objects.order_by("year"))
    calendar = (
        build_calendar(year_data_of(row) for row in rows)
        if rows
        else default_calendar()
    )
    with _lock:
        _cached = (version, calendar)
    return calendar


def forget_cached_calendar() -> None:
    global _cached
    with _lock:
        _cached = None


@dataclass(frozen=True, slots=True)
class YearInEffect:
    year: int
    origin: str
    source: str
    loaded_at: dt.datetime | None


def list_years() -> list[YearInEffect]:
    """Every covered year and where its data comes from."""
    rows = {row.year: row for row in CalendarYear.objects.all()}
    bundled = default_calendar()
    result: list[YearInEffect] = []
    for year in sorted(set(bundled.years) | set(rows)):
        row = rows.get(year)
        if row is not None:
            result.append(YearInEffect(year, row.origin, row.source, row.loaded_at))
        else:
            result.append(
                YearInEffect(
                    year,
                    CalendarYear.Origin.PACKAGE,
                    bundled.year_data(year).source,
                    None,
                )
            )
    return result


def get_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()
