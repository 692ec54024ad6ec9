"""Loading and amending the office's copy of the calendar, under audit.

A year comes from the State Council's holiday notice (《全国年节及纪念日放假办法》
第七条: the arrangement is announced each year); the office loads it, or amends
one day of it for a local or emergency adjustment, and every change is in the
full-process record. After the commit the registered callbacks recompute the
deadlines that depended on the year (:mod:`fazhi.core.calendar.hooks`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.calendar import hooks
from fazhi.core.calendar.models import CalendarYear
from fazhi.core.calendar.selectors import (
    forget_cached_calendar,
    workday_calendar,
    year_data_of,
)
from fazhi.core.errors import DomainError, PermissionDeniedError
from fazhi.core.models import Role, User
from fazhi.core.scope import has_role, is_audit_admin
from fazhi.rules.calendar import CalendarDataError, YearData


def _require_calendar_admin(actor: User | AnonymousUser | None) -> None:
    """The console (no actor) or a system administrator; never the audit admin."""
    if actor is None:
        return
    if is_audit_admin(actor) or not has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(
            "只有系统管理员可以载入或调整工作日历。",
            "Only a system administrator may load or amend the working-day calendar.",
            code="calendar_admin_only",
        )


def _snapshot(data: YearData) -> dict[str, object]:
    return {
        "year": data.year,
        "source": data.source,
        "rest_days": sorted(d.isoformat() for d in data.rest_days),
        "working_days": sorted(d.isoformat() for d in data.working_days),
    }


def _after_commit(year: int) -> None:
    forget_cached_calendar()
    transaction.on_commit(partial(hooks.year_changed, year))


@transaction.atomic
def load_calendar_year(
    *,
    actor: User | None,
    data: YearData,
    origin: str = CalendarYear.Origin.FILE,
) -> CalendarYear:
    """Store ``data`` as the office's copy of its year; identical data changes nothing."""
    _require_calendar_admin(actor)
    if origin not in CalendarYear.Origin.values:
        raise DomainError(
            f"来源方式“{origin}”无效。",
            f"Unknown origin '{origin}'.",
            code="calendar_origin_invalid",
        )
    row = CalendarYear.objects.select_for_update().filter(year=data.year).first()
    after = _snapshot(data)
    before = None if row is None else _snapshot(year_data_of(row))
    if before == after:
        return row  # type: ignore[return-value]
    if row is None:
        row = CalendarYear(year=data.year)
    row.source = data.source
    row.rest_days = after["rest_days"]
    row.working_days = after["working_days"]
    row.origin = origin
    row.loaded_at = timezone.now()
    row.loaded_by = actor
    row.save()
    record(
        actor=actor,
        action="calendar.load_year",
        obj=row,
        basis="《全国年节及纪念日放假办法》第七条；" + data.source,
        before=before,
        after=after,
    )
    _after_commit(data.year)
    return row


@transaction.atomic
def amend_calendar_day(
    *,
    actor: User | None,
    day: dt.date,
    is_workday: bool,
    reason: str,
) -> CalendarYear:
    """Make ``day`` a working day or a rest day in the office's copy of its year.

    The year must already be known (from the package, a bundled file or a
    loaded notice): a year without its notice is not guessed into existence.
    """
    _require_calendar_admin(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "调整工作日历须说明理由。",
            "Give the reason for amending the calendar.",
            code="calendar_reason_required",
            field="reason",
        )
    row = CalendarYear.objects.select_for_update().filter(year=day.year).first()
    calendar = workday_calendar()
    if row is not None:
        current = year_data_of(row)
    elif calendar.covers(day.year):
        current = calendar.year_data(day.year)
    else:
        raise DomainError(
            f"{day.year} 年的放假安排尚未载入，请先载入当年通知。",
            f"The {day.year} holiday arrangement is not loaded; load the notice first.",
            code="calendar_year_missing",
            field="day",
        )
    was_workday = calendar.is_workday(day)
    rest, working = set(current.rest_days), set(current.working_days)
    rest.discard(day)
    working.discard(day)
    weekend = day.weekday() >= 5
    if is_workday and weekend:
        working.add(day)
    elif not is_workday and not weekend:
        rest.add(day)
    try:
        amended = YearData(
            year=day.year,
            rest_days=frozenset(rest),
            working_days=frozenset(working),
            source=current.source,
        )
    except CalendarDataError as exc:  # pragma: no cover - guarded above
        raise DomainError(exc.zh, exc.en, code=exc.code) from exc
    if was_workday == is_workday and _snapshot(amended) == _snapshot(current):
        state_zh, state_en = (
            ("工作日", "a working day") if is_workday else ("休息日", "a rest day")
        )
        raise DomainError(
            f"{day.isoformat()} 已经是{state_zh}。",
            f"{day.isoformat()} is already {state_en}.",
            code="calendar_day_unchanged",
            status=409,
            field="day",
        )
    if row is None:
        row = CalendarYear(year=day.year, loaded_at=timezone.now(), loaded_by=actor)
    row.source = amended.source
    row.rest_days = sorted(d.isoformat() for d in amended.rest_days)
    row.working_days = sorted(d.isoformat() for d in amended.working_days)
    row.origin = CalendarYear.Origin.MANUAL
    row.save()
    record(
        actor=actor,
        action="calendar.amend_day",
        obj=row,
        before={"day": day.isoformat(), "is_workday": was_workday},
        after={"day": day.isoformat(), "is_workday": is_workday},
        reason=reason,
    )
    _after_commit(day.year)
    return row
