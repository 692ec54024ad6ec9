"""Compulsory measures (《行政强制法》), transfers of suspected crimes and complaints."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from fazhi.core.errors import DomainError
from fazhi.core.models import Organization, User
from fazhi.core.workflow import Refusal
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import (
    Complaint,
    CompulsoryMeasure,
    CrimeTransfer,
    MeasurePause,
    PenaltyCase,
)
from fazhi.enforcement.services.common import (
    act,
    attempt,
    compute,
    not_before,
    refuse,
    require_change,
    required_text,
)
from fazhi.enforcement.workflows import (
    BASIS_EMERGENCY,
    BASIS_FREEZE,
    BASIS_MEASURE,
    BASIS_NO_ENTRUSTMENT,
    BASIS_TRANSFER_HANDOVER,
    COMPLAINT,
    MEASURE,
    PENALTY,
    TRANSFER,
    active_officers,
    minimum_team,
    today,
)
from fazhi.rules.deadlines import Pause

_TERM_RULE: dict[str, str] = {
    CompulsoryMeasure.Kind.SEAL: "coercion.seizure.term",
    CompulsoryMeasure.Kind.SEIZE: "coercion.seizure.term",
    CompulsoryMeasure.Kind.FREEZE: "coercion.freeze.term",
}
_CASE_OPEN = ("filed", "investigated", "notified", "hearing_requested", "heard")


def _team_refusal(case: PenaltyCase, procedure: str, day: dt.date) -> Refusal | None:
    needed, reference = minimum_team(procedure, day)
    officers = active_officers(case)
    for officer in officers:
        refusal = officer_refusal(officer, day=day, subject=case.subject)
        if refusal is not None:
            return refusal
    if len(officers) >= needed:
        return None
    return Refusal(
        zh=f"须由不少于 {needed} 名执法人员实施，本案只有 {len(officers)} 名。",
        en=f"At least {needed} officers are required; the case has {len(officers)}.",
        basis=reference,
        code="too_few_officers",
    )


def _term_due(measure: CompulsoryMeasure) -> dt.date:
    pauses = [Pause(p.start, p.end) for p in measure.pauses.all()] if measure.pk else []
    return compute(
        _TERM_RULE[measure.kind],
        measure.started_on,
        extend=measure.extended_days,
        pauses=pauses,
    ).due


@transaction.atomic
def impose_measure(
    *,
    actor: User,
    case: PenaltyCase,
    kind: str,
    items: str,
    reason: str,
    started_on: dt.date,
    approved_by: User | None = None,
    emergency_at: dt.datetime | None = None,
    amount_fen: int = 0,
) -> CompulsoryMeasure:
    """Seal, seize or freeze in a case (《行政强制法》第18、24、30条): by a subject
    that holds the power itself (no entrustment, 第17条), at least two eligible
    officers, approved by the head beforehand — or, in an emergency, reported
    within the statutory hours afterwards (第19条). The term runs from ``started_on``.
    """
    require_change(actor, case.organization)
    if case.state not in _CASE_OPEN:
        raise DomainError(
            "只有在办案件才能实施行政强制措施。",
            "Only an open case allows a measure.",
            code="case_not_open",
            status=409,
        )
    if kind not in CompulsoryMeasure.Kind.values:
        raise DomainError(
            f"未知的措施“{kind}”。",
            f"Unknown measure {kind!r}.",
            code="measure_kind_unknown",
            field="kind",
        )
    items = required_text(items, field="items", zh="清单", en="The inventory")
    reason = required_text(
        reason, field="reason", zh="理由和依据", en="The reason and basis"
    )
    if case.subject.is_entrusted:
        raise DomainError(
            "行政强制措施权不得委托，受委托组织不能实施。",
            "The power of compulsory measures cannot be entrusted.",
            code="coercion_not_entrustable",
            basis=BASIS_NO_ENTRUSTMENT,
        )
    if kind == CompulsoryMeasure.Kind.FREEZE and amount_fen <= 0:
        raise DomainError(
            "冻结须写明数额，并与违法行为涉及的金额相当。",
            "A freeze states an amount proportionate to the violation.",
            code="freeze_amount_required",
            field="amount_fen",
            basis=BASIS_FREEZE,
        )
    refusal = _team_refusal(case, "coercion", started_on)
    if refusal is not None:
        raise refuse(refusal, step="impose_measure")
    report_due = None
    if approved_by is None:
        if emergency_at is None:
            raise DomainError(
                "实施前须向行政机关负责人报告并经批准；情况紧急当场实施的，须写明实施时间。",
                "The head approves beforehand; an emergency measure states when it was taken.",
                code="approval_required",
                field="approved_by",
                basis=f"{BASIS_MEASURE}；{BASIS_EMERGENCY}",
            )
        report_due = compute("coercion.emergency_report", emergency_at).due
    measure = CompulsoryMeasure(
        organization=case.organization,
        case=case,
        kind=kind,
        state=MEASURE.initial,
        items=items,
        amount_fen=amount_fen,
        reason=reason,
        approved_by=approved_by,
        emergency=approved_by is None,
        report_due_at=report_due,
        started_on=started_on,
        term_due_on=started_on,
    )
    measure.term_due_on = _term_due(measure)
    measure.save()
    act(
        actor=actor,
        action="impose_measure",
        obj=measure,
        organization=case.organization,
        basis=BASIS_FREEZE if kind == CompulsoryMeasure.Kind.FREEZE else BASIS_MEASURE,
        after={
            "case": case.pk,
            "kind": kind,
            "started_on": started_on,
            "term_due_on": measure.term_due_on,
            "emergency": measure.emergency,
            "report_due_at": report_due,
            "officers": [o.pk for o in active_officers(case)],
        },
    )
    return measure


@transaction.atomic
def extend_measure(
    *,
    actor: User,
    measure: CompulsoryMeasure,
    days: int,
    reason: str,
    approved_by: User,
    extended_on: dt.date | None = None,
) -> CompulsoryMeasure:
    """Extend the term once, approved by the head before it ends, with the reason
    notified in writing (第25条第1款; 第32条第1款). The cap is the rule's.
    """
    require_change(actor, measure.organization)
    reason = required_text(reason, field="reason", zh="延长理由", en="The reason")
    before = {"state": measure.state, "term_due_on": measure.term_due_on}
    measure._extended_on = extended_on or today()  # type: ignore[attr-defined]
    try:
        step = attempt(MEASURE, measure, "extend")
    finally:
        del measure._extended_on  # type: ignore[attr-defined]
    if not isinstance(days, int) or days <= 0:
        raise DomainError(
            "延长日数应为正整数。",
            "Days must be a positive integer.",
            code="days_invalid",
            field="days",
        )
    pauses = [Pause(p.start, p.end) for p in measure.pauses.all()]
    due = compute(  # raises when over the statutory cap
        _TERM_RULE[measure.kind], measure.started_on, extend=days, pauses=pauses
    ).due
    measure.extended_days = days
    measure.term_due_on = due
    measure.state = step.target
    measure.extension_reason = reason
    measure.save()
    act(
        actor=actor,
        action="extend_measure",
        obj=measure,
        organization=measure.organization,
        basis=step.basis,
        before=before,
        after={
            "state": measure.state,
            "extended_days": days,
            "term_due_on": measure.term_due_on,
            "approved_by": approved_by.pk,
        },
        reason=reason,
    )
    return measure


@transaction.atomic
def pause_measure(
    *,
    actor: User,
    measure: CompulsoryMeasure,
    start: dt.date,
    end: dt.date,
    reason: str,
) -> CompulsoryMeasure:
    """Exclude testing, inspection, quarantine or appraisal time from the term (第25条第3款)."""
    require_change(actor, measure.organization)
    reason = required_text(reason, field="reason", zh="事项", en="The reason")
    if measure.kind == CompulsoryMeasure.Kind.FREEZE:
        raise DomainError(
            "冻结期限没有不计入期间的规定。",
            "A freeze term has no excluded periods.",
            code="pause_not_allowed",
            basis="《行政强制法》(2011-06-30) 第32条",
        )
    if measure.state == "disposed":
        raise DomainError(
            "措施已处理。",
            "The measure has been disposed of.",
            code="measure_disposed",
            status=409,
        )
    if end < start:
        raise DomainError(
            "止日不能早于起日。",
            "The end is before the start.",
            code="pause_invalid",
            field="end",
        )
    not_before(start, measure.started_on, field="start", zh="起日", en="The start")
    before = {"term_due_on": measure.term_due_on}
    MeasurePause.objects.create(measure=measure, start=start, end=end, reason=reason)
    measure.term_due_on = _term_due(measure)
    measure.save(update_fields=["term_due_on", "updated_at"])
    act(
        actor=actor,
        action="pause_measure",
        obj=measure,
        organization=measure.organization,
        basis="《行政强制法》(2011-06-30) 第25条第3款",
        before=before,
        after={"start": start, "end": end, "term_due_on": measure.term_due_on},
        reason=reason,
    )
    return measure


@transaction.atomic
def dispose_measure(
    *,
    actor: User,
    measure: CompulsoryMeasure,
    disposition: str,
    disposed_on: dt.date,
    note: str,
) -> CompulsoryMeasure:
    """Confiscate, destroy or lift (第27、28条); after the term only lifting is possible."""
    require_change(actor, measure.organization)
    note = required_text(note, field="note", zh="处理说明", en="The note")
    if disposition not in CompulsoryMeasure.Disposition.values:
        raise DomainError(
            f"未知的处理结果“{disposition}”。",
            f"Unknown disposition {disposition!r}.",
            code="disposition_unknown",
            field="disposition",
        )
    not_before(
        disposed_on, measure.started_on, field="disposed_on", zh="处理日", en="The day"
    )
    if (
        disposed_on > measure.term_due_on
        and disposition != CompulsoryMeasure.Disposition.RELEASED
    ):
        raise DomainError(
            f"期限已于 {measure.term_due_on} 届满，应当解除。",
            f"The term ended on {measure.term_due_on}; the measure must be lifted.",
            code="measure_term_expired",
            field="disposition",
            basis="《行政强制法》(2011-06-30) 第27条；第28条第1款第4项",
        )
    before = {"state": measure.state}
    step = attempt(MEASURE, measure, "dispose")
    measure.state = step.target
    measure.disposition = disposition
    measure.disposed_on = disposed_on
    measure.disposition_note = note
    measure.save()
    act(
        actor=actor,
        action="dispose_measure",
        obj=measure,
        organization=measure.organization,
        basis=step.basis,
        before=before,
        after={
            "state": measure.state,
            "disposition": disposition,
            "disposed_on": disposed_on,
        },
        reason=note,
    )
    return measure


# --- transfers of suspected crimes (两法衔接) ------------------------------------------


@transaction.atomic
def report_transfer(
    *, actor: User, case: PenaltyCase, report: str, reported_on: dt.date
) -> CrimeTransfer:
    """The case team (at least two officers) reports a suspected crime to the head
    (移送规定 第5条第1款); the head's approval period starts.
    """
    require_change(actor, case.organization)
    report = required_text(report, field="report", zh="移送报告", en="The report")
    if case.state not in _CASE_OPEN:
        raise DomainError(
            "只有在办案件才能报请移送。",
            "Only an open case can be transferred.",
            code="case_not_open",
            status=409,
        )
    if case.transfers.exclude(state__in=("refused", "police_declined")).exists():
        raise DomainError(
            "本案已有移送程序。",
            "A transfer of this case is already under way.",
            code="transfer_exists",
            status=409,
        )
    refusal = _team_refusal(case, "transfer", reported_on)
    if refusal is not None:
        raise refuse(refusal, step="report_transfer")
    approval = compute("transfer.approval_deadline", reported_on)
    transfer = CrimeTransfer.objects.create(
        organization=case.organization,
        case=case,
        state=TRANSFER.initial,
        case_state_before=case.state,
        report=report,
        reported_on=reported_on,
        approval_due_on=approval.due,
    )
    act(
        actor=actor,
        action="report_transfer",
        obj=transfer,
        organization=case.organization,
        basis="《行政执法机关移送涉嫌犯罪案件的规定》(2020-08-07) 第5条第1款",
        after={
            "case": case.pk,
            "reported_on": reported_on,
            "approval_due_on": approval.due,
        },
    )
    return transfer


@transaction.atomic
def approve_transfer(
    *, actor: User, transfer: CrimeTransfer, approved_at: dt.datetime
) -> CrimeTransfer:
    """The head approves: the case leaves the administrative procedure and the
    transfer clock (hours) starts (第5条第2款; 《行政处罚法》第27条).
    """
    case = transfer.case
    require_change(actor, transfer.organization)
    before = {"state": transfer.state, "case_state": case.state}
    step = TRANSFER.check(transfer, "approve")
    case_step = attempt(PENALTY, case, "transfer")
    deadline = compute("transfer.transfer_deadline", approved_at)
    transfer.state = step.target
    transfer.approved_by = actor
    transfer.approved_at = approved_at
    transfer.transfer_due_at = deadline.due
    transfer.save()
    case.state = case_step.target
    case.save()
    act(
        actor=actor,
        action="approve_transfer",
        obj=transfer,
        organization=transfer.organization,
        basis=step.basis,
        before=before,
        after={
            "state": transfer.state,
            "case_state": case.state,
            "approved_at": approved_at,
            "transfer_due_at": deadline.due,
            "late_approval": bool(
                transfer.approval_due_on
                and approved_at.date() > transfer.approval_due_on
            ),
        },
    )
    return transfer


@transaction.atomic
def refuse_transfer(
    *, actor: User, transfer: CrimeTransfer, reason: str
) -> CrimeTransfer:
    """The head refuses the transfer; the reason is recorded (第5条第2款)."""
    require_change(actor, transfer.organization)
    reason = required_text(reason, field="reason", zh="不批准理由", en="The reason")
    step = TRANSFER.check(transfer, "refuse")
    transfer.state = step.target
    transfer.refusal_reason = reason
    transfer.save()
    act(
        actor=actor,
        action="refuse_transfer",
        obj=transfer,
        organization=transfer.organization,
        basis=step.basis,
        after={"state": transfer.state},
        reason=reason,
    )
    return transfer


@transaction.atomic
def send_transfer(
    *,
    actor: User,
    transfer: CrimeTransfer,
    police_organ: str,
    transferred_at: dt.datetime,
) -> CrimeTransfer:
    """Record the transfer to the public security organ (第5条第2款; 第6条)."""
    require_change(actor, transfer.organization)
    police_organ = required_text(
        police_organ, field="police_organ", zh="公安机关", en="The police organ"
    )
    step = TRANSFER.check(transfer, "send")
    if transfer.approved_at and transferred_at < transfer.approved_at:
        raise DomainError(
            "移送时间不能早于批准时间。",
            "The transfer cannot precede the approval.",
            code="transferred_at_too_early",
            field="transferred_at",
        )
    transfer.state = step.target
    transfer.police_organ = police_organ
    transfer.transferred_at = transferred_at
    transfer.save()
    act(
        actor=actor,
        action="send_transfer",
        obj=transfer,
        organization=transfer.organization,
        basis=step.basis,
        after={
            "state": transfer.state,
            "police_organ": police_organ,
            "transferred_at": transferred_at,
            "late": bool(
                transfer.transfer_due_at and transferred_at > transfer.transfer_due_at
            ),
        },
    )
    return transfer


@transaction.atomic
def acknowledge_transfer(
    *, actor: User, transfer: CrimeTransfer, receipt_on: dt.date
) -> CrimeTransfer:
    """Record the police receipt (第7条); the police review period starts (第8条)."""
    require_change(actor, transfer.organization)
    step = TRANSFER.check(transfer, "acknowledge")
    if transfer.transferred_at:
        not_before(
            receipt_on,
            transfer.transferred_at.date(),
            field="receipt_on",
            zh="签收日",
            en="The receipt",
        )
    transfer.state = step.target
    transfer.receipt_on = receipt_on
    transfer.review_due_on = compute("transfer.psb.review", receipt_on).due
    transfer.save()
    act(
        actor=actor,
        action="acknowledge_transfer",
        obj=transfer,
        organization=transfer.organization,
        basis=step.basis,
        after={
            "state": transfer.state,
            "receipt_on": receipt_on,
            "review_due_on": transfer.review_due_on,
        },
    )
    return transfer


@transaction.atomic
def record_police_decision(
    *, actor: User, transfer: CrimeTransfer, filed: bool, decided_on: dt.date
) -> CrimeTransfer:
    """Record the police decision. Filed: hand over items and materials within the
    period (第12条). Not filed: the organ continues the case itself (第10条).
    """
    require_change(actor, transfer.organization)
    case = transfer.case
    step = TRANSFER.check(transfer, "police_file" if filed else "police_decline")
    if transfer.receipt_on:
        not_before(
            decided_on,
            transfer.receipt_on,
            field="decided_on",
            zh="决定日",
            en="The decision",
        )
    transfer.state = step.target
    transfer.police_decision = (
        CrimeTransfer.PoliceDecision.FILED
        if filed
        else CrimeTransfer.PoliceDecision.NOT_FILED
    )
    transfer.police_decision_on = decided_on
    if filed:
        transfer.handover_due_on = compute("transfer.handover", decided_on).due
    else:
        case_step = attempt(PENALTY, case, "resume_after_transfer")
        case.state = case_step.target
        case.save()
    transfer.save()
    act(
        actor=actor,
        action="record_police_decision",
        obj=transfer,
        organization=transfer.organization,
        basis=f"{step.basis}；{BASIS_TRANSFER_HANDOVER}"
        if filed
        else f"{step.basis}；《行政执法机关移送涉嫌犯罪案件的规定》(2020-08-07) 第10条",
        after={
            "state": transfer.state,
            "decided_on": decided_on,
            "handover_due_on": transfer.handover_due_on,
            "case_state": case.state,
        },
    )
    return transfer


# --- complaints and reports (投诉举报) ----------------------------------------------------


@transaction.atomic
def receive_complaint(
    *,
    actor: User,
    organization: Organization,
    channel: str,
    received_on: dt.date,
    target: str,
    content: str,
    due_on: dt.date,
    due_basis: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    anonymous: bool = False,
) -> Complaint:
    """Register a complaint or report. The handling period is fixed by the sector's
    rules (none in the corpus), so it is entered with its basis (ADR 0085). The
    reporter's identity never enters the full-process record.
    """
    require_change(actor, organization)
    if channel not in Complaint.Channel.values:
        raise DomainError(
            f"未知的渠道“{channel}”。",
            f"Unknown channel {channel!r}.",
            code="channel_unknown",
            field="channel",
        )
    target = required_text(target, field="target", zh="被投诉举报对象", en="The target")
    content = required_text(content, field="content", zh="内容", en="The content")
    due_basis = required_text(
        due_basis, field="due_basis", zh="办理期限依据", en="The basis of the period"
    )
    not_before(due_on, received_on, field="due_on", zh="办理期限", en="The due day")
    if anonymous and (reporter_name.strip() or reporter_contact.strip()):
        raise DomainError(
            "匿名投诉举报不登记身份信息。",
            "An anonymous report records no identity.",
            code="anonymous_with_identity",
            field="anonymous",
        )
    complaint = Complaint.objects.create(
        organization=organization,
        state=COMPLAINT.initial,
        channel=channel,
        received_on=received_on,
        anonymous=anonymous,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        target=target,
        content=content,
        due_on=due_on,
        due_basis=due_basis,
    )
    act(
        actor=actor,
        action="receive_complaint",
        obj=complaint,
        organization=organization,
        basis=due_basis,
        after={
            "channel": channel,
            "received_on": received_on,
            "due_on": due_on,
            "anonymous": anonymous,
            "reporter": "（受保护）" if not anonymous else "",
        },
    )
    return complaint


@transaction.atomic
def assign_complaint(*, actor: User, complaint: Complaint, assignee: User) -> Complaint:
    """Give the complaint to a handler of the organization."""
    require_change(actor, complaint.organization)
    require_change(assignee, complaint.organization)
    step = COMPLAINT.check(complaint, "assign")
    complaint.state = step.target
    complaint.assigned_to = assignee
    complaint.save()
    act(
        actor=actor,
        action="assign_complaint",
        obj=complaint,
        organization=complaint.organization,
        basis=step.basis,
        after={"state": complaint.state, "assigned_to": assignee.pk},
    )
    return complaint


@transaction.atomic
def answer_complaint(
    *,
    actor: User,
    complaint: Complaint,
    answered_on: dt.date,
    result: str,
    case: PenaltyCase | None = None,
) -> Complaint:
    """Record the result and the feedback to the reporter (and the case it led to)."""
    require_change(actor, complaint.organization)
    result = required_text(result, field="result", zh="处理结果", en="The result")
    step = COMPLAINT.check(complaint, "answer")
    not_before(
        answered_on,
        complaint.received_on,
        field="answered_on",
        zh="反馈日",
        en="The answer",
    )
    if case is not None and case.organization_id != complaint.organization_id:
        raise DomainError(
            "案件不属于承办机关。",
            "The case belongs to another organization.",
            code="case_other_organization",
            field="case",
        )
    complaint.state = step.target
    complaint.answered_on = answered_on
    complaint.result = result
    complaint.case = case
    complaint.save()
    act(
        actor=actor,
        action="answer_complaint",
        obj=complaint,
        organization=complaint.organization,
        basis=step.basis,
        after={
            "state": complaint.state,
            "answered_on": answered_on,
            "case": getattr(case, "pk", None),
            "late": answered_on > complaint.due_on if complaint.due_on else False,
        },
    )
    return complaint
