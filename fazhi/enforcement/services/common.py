"""Helpers every enforcement service uses: the clock, the step, the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model

from fazhi.core.audit.services import record
from fazhi.core.calendar.selectors import workday_calendar
from fazhi.core.errors import DomainError
from fazhi.core.models import Organization, User
from fazhi.core.scope import BUSINESS, require
from fazhi.core.workflow import Refusal, Step, StepRefusedError, Workflow
from fazhi.rules.calendar import WorkdayCalendar
from fazhi.rules.deadlines import Deadline, Pause
from fazhi.rules.deadlines import compute as compute_deadline
from fazhi.rules.errors import RulesError


def compute(
    rule_id: str,
    start: dt.date | dt.datetime,
    *,
    extend: int = 0,
    pauses: tuple[Pause, ...] | list[Pause] = (),
    variant: str | None = None,
    calendar: WorkdayCalendar | None = None,
) -> Deadline:
    """A statutory deadline counted with the office's calendar; rule errors become domain errors.

    ``calendar`` lets a bulk import read the office's calendar once.
    """
    try:
        return compute_deadline(
            rule_id,
            start,
            extend=extend,
            pauses=pauses,
            variant=variant,
            calendar=calendar or workday_calendar(),
        )
    except RulesError as error:
        raise DomainError(
            str(getattr(error, "zh", error)),
            str(getattr(error, "en", error)),
            code=str(getattr(error, "code", "deadline_error")),
        ) from error


def attempt(workflow: Workflow, obj: Any, step: str, **changes: Any) -> Step:
    """Set ``changes`` on ``obj``, check ``step``; on refusal put the old values back.

    Guards see the object as it would be saved, and a refusal leaves the
    instance as it was (the database is not touched until the caller saves).
    """
    previous = {name: getattr(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, value)
    try:
        return workflow.check(obj, step)
    except BaseException:
        for name, value in previous.items():
            setattr(obj, name, value)
        raise


def refuse(refusal: Refusal, *, step: str) -> StepRefusedError:
    return StepRefusedError(refusal, step=step)


def require_change(actor: User, organization: Organization) -> None:
    require(actor, organization, policy=BUSINESS, action="change")


def act(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    organization: Organization,
    basis: str,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> None:
    """One entry of the full-process record (《行政处罚法》第47条), named ``enforcement.*``."""
    record(
        actor=actor,
        action=f"enforcement.{action}",
        obj=obj,
        organization=organization,
        basis=basis,
        before=before,
        after=after,
        reason=reason,
    )


def required_text(value: str, *, field: str, zh: str, en: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(
            f"请填写{zh}。", f"{en} is required.", code=f"{field}_required", field=field
        )
    return cleaned


def not_before(
    day: dt.date, earliest: dt.date | None, *, field: str, zh: str, en: str
) -> None:
    if earliest is not None and day < earliest:
        raise DomainError(
            f"{zh}（{day}）不能早于 {earliest}。",
            f"{en} ({day}) cannot be before {earliest}.",
            code=f"{field}_too_early",
            field=field,
        )


def not_in_future(
    day: dt.date, today: dt.date, *, field: str, zh: str, en: str
) -> None:
    if day > today:
        raise DomainError(
            f"{zh}（{day}）不能晚于今天。",
            f"{en} ({day}) cannot be in the future.",
            code=f"{field}_in_future",
            field=field,
        )
