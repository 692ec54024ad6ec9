"""Whether an officer may act on a given day (行政执法资格).

Only officers holding a valid enforcement certificate act (《行政处罚法》
(2021-01-22) 第42条第1款; 第76条第1款第5项 sanctions letting officers without
certificates act). An officer who did not complete the annual training of the
previous calendar year (parameter ``officers.annual_training_hours``, from
《法治政府建设实施纲要(2021-2025年)》(三十四)) is not assigned either — ADR 0082.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from fazhi.core.workflow import Refusal
from fazhi.enforcement.models import EnforcementSubject, Officer, TrainingRecord
from fazhi.rules.enforcement.officers import annual_training_hours

CERTIFICATE_BASIS = "《行政处罚法》(2021-01-22) 第42条第1款"


def training_year(day: dt.date) -> int:
    """The calendar year whose training is checked on ``day``: the last complete one."""
    return day.year - 1


def training_hours(officer: Officer, year: int) -> Decimal:
    total = TrainingRecord.objects.filter(
        officer=officer, attended_on__year=year
    ).aggregate(total=Sum("hours"))["total"]
    return total if total is not None else Decimal(0)


def required_training_hours(year: int) -> tuple[Decimal, str] | None:
    """The hours required for ``year`` and their reference; None before the requirement."""
    return annual_training_hours(year)


def officer_refusal(
    officer: Officer, *, day: dt.date, subject: EnforcementSubject | None = None
) -> Refusal | None:
    """Why ``officer`` may not act on ``day`` (for ``subject``), or None."""
    label = f"{officer.name}（{officer.certificate_number}）"
    if subject is not None and officer.subject_id != subject.pk:
        return Refusal(
            zh=f"执法人员{label}不属于执法主体“{subject}”，不能办理其案件。",
            en=f"Officer {label} does not belong to {subject} and cannot act in its cases.",
            basis=CERTIFICATE_BASIS,
            code="officer_other_subject",
        )
    if officer.status != Officer.Status.ACTIVE:
        return Refusal(
            zh=f"执法人员{label}的执法证已{officer.get_status_display()}，不具有执法资格。",
            en=f"The certificate of officer {label} is {officer.status}; "
            "the officer may not enforce.",
            basis=CERTIFICATE_BASIS,
            code="officer_certificate_invalid",
        )
    if not officer.valid_from <= day <= officer.valid_until:
        return Refusal(
            zh=(
                f"执法人员{label}的执法证有效期为 {officer.valid_from} 至 "
                f"{officer.valid_until}，{day} 不在有效期内。"
            ),
            en=(
                f"The certificate of officer {label} is valid from {officer.valid_from} "
                f"to {officer.valid_until}, not on {day}."
            ),
            basis=CERTIFICATE_BASIS,
            code="officer_certificate_lapsed",
        )
    year = training_year(day)
    required = required_training_hours(year)
    # The requirement applies to a year the officer held the certificate throughout.
    if required is not None and officer.valid_from <= dt.date(year, 1, 1):
        hours, reference = required
        done = training_hours(officer, year)
        if done < hours:
            return Refusal(
                zh=(
                    f"执法人员{label} {year} 年度培训 {done:g} 学时，"
                    f"未达到每年不少于 {hours:g} 学时的要求。"
                ),
                en=(
                    f"Officer {label} attended {done:g} hours of training in {year}, "
                    f"fewer than the {hours:g} hours a year required."
                ),
                basis=reference,
                code="officer_training_incomplete",
            )
    return None


def is_eligible(
    officer: Officer, *, day: dt.date, subject: EnforcementSubject | None = None
) -> bool:
    return officer_refusal(officer, day=day, subject=subject) is None
