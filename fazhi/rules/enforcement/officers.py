"""Who may enforce: a valid enforcement certificate (《行政处罚法》(2021-01-22) 第42条第1款;
第76条第1款第5项), the annual training hours (Outline §34, parameter
``officers.annual_training_hours``), the annual exam (parameter
``officers.annual_exam_disqualifies``), and at least two officers acting together
(parameter ``officers.minimum_team``).

The certificate's validity period is the certificate's own (no statute in the corpus
fixes one); the application passes its ``valid_until``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from fazhi.rules.enforcement.outcome import Decision, Reason
from fazhi.rules.errors import NotInForceError, RulesError
from fazhi.rules.parameters import DatedValue, load_parameter

__all__ = ["annual_training_hours", "enough_officers", "officer_eligibility"]

CERTIFICATE = "《行政处罚法》(2021-01-22) 第42条第1款；第76条第1款第5项"


def _dated(name: str, day: dt.date) -> DatedValue | None:
    try:
        return load_parameter(name).at(day)
    except NotInForceError:
        return None


def annual_training_hours(year: int) -> tuple[Decimal, str] | None:
    """The training hours required for calendar ``year`` and the reference; ``None``
    for a year before the requirement."""
    dated = _dated("officers.annual_training_hours", dt.date(year, 12, 31))
    if dated is None:
        return None
    return Decimal(str(dated.value)), dated.reference


def _hours(value: Decimal | int | str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise RulesError(
            "培训学时应为数值", "training hours must be a number", code="invalid_hours"
        )
    try:
        hours = Decimal(value)
    except InvalidOperation:
        raise RulesError(
            f"培训学时“{value}”不是数值",
            f"training hours '{value}' is not a number",
            code="invalid_hours",
        ) from None
    if not hours.is_finite() or hours < 0:
        raise RulesError(
            "培训学时不能为负数",
            "training hours cannot be negative",
            code="invalid_hours",
        )
    return hours


def officer_eligibility(
    certificate_valid_until: dt.date | None,
    training_hours_last_year: Decimal | int | str,
    exam_passed: bool | None,
    on: dt.date,
    *,
    justified_absence: bool = False,
) -> Decision:
    """Whether an officer may enforce on ``on``: certificate valid that day, the
    previous calendar year's training hours reached and the annual exam not failed.

    ``exam_passed`` is ``None`` when no exam result is recorded (explained, not a
    bar); ``justified_absence`` records a justifiable reason (正当理由) for missing
    training or the exam, which the Hebei rule excuses.
    """
    reasons: list[Reason] = []
    if certificate_valid_until is None:
        reasons.append(
            Reason(
                "未取得行政执法证件",
                "holds no enforcement certificate",
                CERTIFICATE,
                "officer.certificate",
                False,
            )
        )
    else:
        valid = on <= certificate_valid_until
        reasons.append(
            Reason(
                zh=f"执法证有效期至 {certificate_valid_until}，"
                + ("在有效期内" if valid else f"{on} 已过期"),
                en=f"certificate valid until {certificate_valid_until}"
                + ("" if valid else f"; expired on {on}"),
                citation=CERTIFICATE,
                code="officer.certificate",
                met=valid,
            )
        )

    hours = _hours(training_hours_last_year)
    year = on.year - 1
    required = annual_training_hours(year)
    if required is None:
        reasons.append(
            Reason(
                zh=f"{year} 年尚无年度培训学时要求",
                en=f"no annual training requirement for {year}",
                citation=load_parameter("officers.annual_training_hours")
                .history[0]
                .reference,
                code="officer.training",
                met=None,
            )
        )
    else:
        minimum, reference = required
        enough = hours >= minimum
        reasons.append(
            Reason(
                zh=f"{year} 年业务知识和法律法规培训 {hours} 学时，"
                + ("达到" if enough else "未达到")
                + f"每年不少于 {minimum} 学时的要求"
                + ("（有正当理由）" if not enough and justified_absence else ""),
                en=f"{hours} training hours in {year}, "
                + ("meeting" if enough else "short of")
                + f" the minimum of {minimum} a year"
                + (" (justified)" if not enough and justified_absence else ""),
                citation=reference,
                code="officer.training",
                met=enough or justified_absence,
            )
        )

    rule = _dated("officers.annual_exam_disqualifies", on)
    if exam_passed is None:
        reasons.append(
            Reason(
                "未记录年度培训考试结果",
                "no annual exam result recorded",
                rule.reference if rule else "",
                "officer.exam",
                None,
            )
        )
    elif exam_passed:
        reasons.append(
            Reason(
                "年度培训考试合格",
                "passed the annual exam",
                rule.reference if rule else "",
                "officer.exam",
                True,
            )
        )
    else:
        bars = bool(rule is not None and rule.value) and not justified_absence
        reasons.append(
            Reason(
                zh="年度培训考试不合格"
                + (
                    "，暂停执法资格"
                    if bars
                    else "（有正当理由或者本地规定不以此暂停资格）"
                ),
                en="failed the annual exam"
                + ("; may not enforce" if bars else " (excused or not a bar here)"),
                citation=rule.reference if rule else "",
                code="officer.exam",
                met=not bars,
            )
        )
    return Decision(all(r.met is not False for r in reasons), tuple(reasons))


def enough_officers(*, count: int, on: dt.date, procedure: str = "penalty") -> Decision:
    """Whether ``count`` officers may act together in ``procedure`` (``penalty``,
    ``coercion`` or ``transfer``): at least the statutory minimum."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise RulesError(
            "执法人员人数应为非负整数",
            "the number of officers must be a non-negative integer",
            code="invalid_count",
        )
    dated = _dated("officers.minimum_team", on)
    if dated is None or procedure not in dated.value:
        raise RulesError(
            f"{on} 没有“{procedure}”程序的执法人员最少人数规定",
            f"no minimum team size for '{procedure}' on {on}",
            code="unknown_procedure",
        )
    minimum = int(dated.value[procedure])
    met = count >= minimum
    return Decision(
        met,
        (
            Reason(
                zh=f"执法人员 {count} 人，"
                + ("符合" if met else "少于")
                + f"不少于 {minimum} 人的规定",
                en=f"{count} officers, "
                + ("meeting" if met else "fewer than")
                + f" the minimum of {minimum}",
                citation=dated.reference,
                code="officer.team",
                met=met,
            ),
        ),
    )
