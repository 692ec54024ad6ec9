"""Penalty cases: every act of the procedure (《行政处罚法》第51-73条).

Each service checks the actor's reach, takes its step through
:data:`fazhi.enforcement.workflows.PENALTY` (which refuses, naming the article,
and changes nothing), computes the clocks with the office's calendar, and writes
the full-process record in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max

from fazhi.core.errors import DomainError
from fazhi.core.files.models import StoredFile
from fazhi.core.models import Membership, Organization, Role, User
from fazhi.core.workflow import Refusal
from fazhi.enforcement import rulebook
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import (
    CaseOfficer,
    EnforcementMatter,
    EnforcementSubject,
    Evidence,
    Hearing,
    LegalReview,
    MajorCaseOverride,
    Officer,
    PenaltyCase,
    PreDecisionNotice,
    PublishedDecision,
    RemedyPeriod,
    Statement,
)
from fazhi.enforcement.models.cases import PartyKind
from fazhi.enforcement.services.common import (
    act,
    attempt,
    compute,
    not_before,
    refuse,
    require_change,
    required_text,
)
from fazhi.enforcement.services.publicity import start_withdrawal_clock
from fazhi.enforcement.workflows import (
    BASIS_COLLECTIVE,
    BASIS_DEADLINE,
    BASIS_HEARING_NOTICE,
    BASIS_NIGHT,
    BASIS_OFFICERS,
    BASIS_ON_SPOT_REPORT,
    BASIS_REVIEW,
    BASIS_STATEMENT,
    PENALTY,
    REVIEW,
    active_officers,
    facts_of,
    latest_notice,
    proposal_of,
    today,
)
from fazhi.rules.deadlines import Pause
from fazhi.rules.surcharge import Surcharge, late_surcharge

BASIS_EVIDENCE_ITEM = "《行政处罚法》(2021-01-22) 第46条；第47条"
BASIS_REMEDY = "《行政处罚法》(2021-01-22) 第73条第3款"
OPEN_STATES = ("filed", "investigated", "notified", "hearing_requested", "heard")
STATEMENT_STATES = ("notified", "hearing_requested", "heard")


def _snapshot(case: PenaltyCase, *names: str) -> dict[str, Any]:
    return {name: getattr(case, name) for name in ("state", *names)}


def _next_number(organization: Organization, year: int) -> str:
    prefix = f"{year}-"
    last = PenaltyCase.objects.filter(
        organization=organization, number__startswith=prefix
    ).aggregate(last=Max("number"))["last"]
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _check_party(party_kind: str, party_name: str) -> str:
    if party_kind not in PartyKind.values:
        raise DomainError(
            f"未知的当事人类型“{party_kind}”。",
            f"Unknown party kind {party_kind!r}.",
            code="party_kind_unknown",
            field="party_kind",
        )
    return required_text(party_name, field="party_name", zh="当事人", en="The party")


def _check_matter(
    subject: EnforcementSubject, matter: EnforcementMatter | None
) -> None:
    if matter is not None and matter.subject_id != subject.pk:
        raise DomainError(
            "执法事项不属于该执法主体。",
            "The matter does not belong to this subject.",
            code="matter_other_subject",
            field="matter",
        )
    if matter is not None and matter.kind != EnforcementMatter.Kind.PENALTY:
        raise DomainError(
            "该事项不是行政处罚事项。",
            "The matter is not a penalty matter.",
            code="matter_not_penalty",
            field="matter",
        )


def _check_subject_active(subject: EnforcementSubject, day: dt.date) -> None:
    if not subject.is_active or not subject.entrustment_in_force(day):
        raise DomainError(
            f"“{subject}”在 {day} 不是有效的执法主体（或委托不在期限内）。",
            f"{subject} is not an enforcement subject in force on {day}.",
            code="subject_not_in_force",
            basis="《行政处罚法》(2021-01-22) 第18条；第20条",
        )


def _check_kinds(kinds: Sequence[str]) -> list[str]:
    known = rulebook.penalty_kinds()
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise DomainError(
            f"未知的处罚种类：{'、'.join(unknown)}。",
            f"Unknown penalty kinds: {', '.join(unknown)}.",
            code="penalty_kind_unknown",
            field="kinds",
            basis="《行政处罚法》(2021-01-22) 第9条",
        )
    return sorted(set(kinds))


def _check_amount(value: int, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError(
            "金额应为非负整数（分）。",
            "Amounts are non-negative integers in fen.",
            code="amount_invalid",
            field=field,
        )
    return value


def _check_clue(
    source: str, received_on: dt.date, violation_on: dt.date | None
) -> None:
    if source not in PenaltyCase.Source.values:
        raise DomainError(
            f"未知的案件来源“{source}”。",
            f"Unknown source {source!r}.",
            code="source_unknown",
            field="source",
        )
    if violation_on is not None and violation_on > received_on:
        raise DomainError(
            "违法行为日期不能晚于线索登记日。",
            "The violation cannot be after the clue.",
            code="violation_on_invalid",
            field="violation_on",
        )


# --- clue, filing --------------------------------------------------------------


@transaction.atomic
def register_clue(
    *,
    actor: User,
    subject: EnforcementSubject,
    summary: str,
    party_kind: str,
    party_name: str,
    received_on: dt.date,
    source: str = PenaltyCase.Source.INSPECTION,
    clue: str = "",
    matter: EnforcementMatter | None = None,
    violation_on: dt.date | None = None,
    violation_code: str = "",
    facts: dict[str, Any] | None = None,
    sector: str = "",
    party_id_number: str = "",
    party_address: str = "",
) -> PenaltyCase:
    """Register a clue or complaint as a case in the state "clue" (第54条)."""
    organization = subject.organization
    require_change(actor, organization)
    summary = required_text(summary, field="summary", zh="案由", en="The summary")
    party_name = _check_party(party_kind, party_name)
    _check_matter(subject, matter)
    _check_clue(source, received_on, violation_on)
    case = PenaltyCase.objects.create(
        organization=organization,
        subject=subject,
        matter=matter,
        number=_next_number(organization, received_on.year),
        state=PENALTY.initial,
        source=source,
        summary=summary,
        clue=clue.strip(),
        received_on=received_on,
        violation_on=violation_on,
        violation_code=violation_code.strip(),
        facts=facts or {},
        sector=sector.strip(),
        party_kind=party_kind,
        party_name=party_name,
        party_id_number=party_id_number.strip(),
        party_address=party_address.strip(),
    )
    act(
        actor=actor,
        action="register_clue",
        obj=case,
        organization=organization,
        basis="《行政处罚法》(2021-01-22) 第54条第1款",
        after={
            "number": case.number,
            "summary": summary,
            "source": source,
            "received_on": received_on,
        },
    )
    return case


@transaction.atomic
def file_case(
    *, actor: User, case: PenaltyCase, filed_on: dt.date, note: str = ""
) -> PenaltyCase:
    """File the case (立案) and start the decision clock (第54条第2款, 第60条)."""
    require_change(actor, case.organization)
    not_before(
        filed_on, case.received_on, field="filed_on", zh="立案日", en="The filing day"
    )
    _check_subject_active(case.subject, filed_on)
    before = _snapshot(case)
    step = attempt(PENALTY, case, "file")
    deadline = compute("penalty.decision_deadline", filed_on)
    case.state = step.target
    case.filed_on = filed_on
    case.filing_note = note.strip()
    case.decision_due_on = deadline.due
    case.save()
    act(
        actor=actor,
        action="file_case",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "state": case.state,
            "filed_on": filed_on,
            "decision_due_on": deadline.due,
            "decision_due_basis": deadline.basis,
        },
    )
    return case


@transaction.atomic
def decline_filing(*, actor: User, case: PenaltyCase, reason: str) -> PenaltyCase:
    """Decide not to file the case (不予立案), with the reason."""
    return _end_with_reason(
        actor,
        case,
        reason,
        step="decline_filing",
        action="decline_filing",
        zh="不予立案理由",
    )


def _end_with_reason(
    actor: User, case: PenaltyCase, reason: str, *, step: str, action: str, zh: str
) -> PenaltyCase:
    """Take a step that ends the case without a decision; the reason is required."""
    require_change(actor, case.organization)
    reason = required_text(reason, field="reason", zh=zh, en="The reason")
    before = _snapshot(case)
    taken = attempt(PENALTY, case, step)
    case.state = taken.target
    case.ended_reason = reason
    case.save()
    act(
        actor=actor,
        action=action,
        obj=case,
        organization=case.organization,
        basis=taken.basis,
        before=before,
        after={"state": case.state},
        reason=reason,
    )
    return case


# --- investigation ----------------------------------------------------------------


def _require_open(
    case: PenaltyCase, step_label: str, states: Iterable[str] = OPEN_STATES
) -> None:
    allowed = set(states)
    if case.state in allowed:
        return
    labels_zh = "、".join(str(PENALTY.state_label(s)) for s in sorted(allowed))
    raise DomainError(
        f"案件当前状态为「{PENALTY.state_label(case.state)}」，不能{step_label}；只有在「{labels_zh}」时才可以。",
        f"The case is in the state {case.state!r}; this act needs one of: {', '.join(sorted(allowed))}.",
        code="step_not_allowed",
        status=409,
    )


@transaction.atomic
def assign_officer(
    *,
    actor: User,
    case: PenaltyCase,
    officer: Officer,
    assigned_on: dt.date | None = None,
) -> CaseOfficer:
    """Assign a certified, eligible officer of the case's subject (第42条)."""
    require_change(actor, case.organization)
    _require_open(case, "指派执法人员", ("clue", *OPEN_STATES))
    day = assigned_on or today()
    refusal = officer_refusal(officer, day=day, subject=case.subject)
    if refusal is not None:
        raise refuse(refusal, step="assign_officer")
    if case.assignments.filter(officer=officer, released_on__isnull=True).exists():
        raise DomainError(
            f"{officer}已是本案执法人员。",
            f"{officer} is already assigned.",
            code="officer_already_assigned",
            field="officer",
            status=409,
        )
    assignment = CaseOfficer.objects.create(case=case, officer=officer, assigned_on=day)
    act(
        actor=actor,
        action="assign_officer",
        obj=case,
        organization=case.organization,
        basis=BASIS_OFFICERS,
        after={
            "officer": officer.pk,
            "certificate_number": officer.certificate_number,
            "assigned_on": day,
        },
    )
    return assignment


@transaction.atomic
def release_officer(
    *, actor: User, case: PenaltyCase, officer: Officer, reason: str
) -> CaseOfficer:
    """Withdraw an officer from the case (e.g. recusal, 第43条)."""
    require_change(actor, case.organization)
    reason = required_text(reason, field="reason", zh="理由", en="The reason")
    assignment = case.assignments.filter(
        officer=officer, released_on__isnull=True
    ).first()
    if assignment is None:
        raise DomainError(
            f"{officer}不是本案执法人员。",
            f"{officer} is not assigned to this case.",
            code="officer_not_assigned",
            field="officer",
        )
    assignment.released_on = today()
    assignment.release_reason = reason
    assignment.save(update_fields=["released_on", "release_reason"])
    act(
        actor=actor,
        action="release_officer",
        obj=case,
        organization=case.organization,
        basis="《行政处罚法》(2021-01-22) 第43条",
        after={"officer": officer.pk},
        reason=reason,
    )
    return assignment


@transaction.atomic
def add_evidence(
    *,
    actor: User,
    case: PenaltyCase,
    kind: str,
    title: str,
    collected_on: dt.date,
    description: str = "",
    officers: Iterable[Officer] = (),
    file: StoredFile | None = None,
) -> Evidence:
    """Record an item of evidence (第46条) with its file, kept by content hash."""
    require_change(actor, case.organization)
    _require_open(
        case,
        "登记证据",
        ("filed", "investigated", "notified", "hearing_requested", "heard"),
    )
    if kind not in Evidence.Kind.values:
        raise DomainError(
            f"未知的证据种类“{kind}”。",
            f"Unknown kind of evidence {kind!r}.",
            code="evidence_kind_unknown",
            field="kind",
            basis="《行政处罚法》(2021-01-22) 第46条第1款",
        )
    title = required_text(title, field="title", zh="证据名称", en="The title")
    if collected_on > today():
        raise DomainError(
            "取得日期不能晚于今天。",
            "The evidence cannot be collected in the future.",
            code="collected_on_in_future",
            field="collected_on",
        )
    if file is not None and file.organization_id != case.organization_id:
        raise DomainError(
            "证据文件不属于本机关。",
            "The file belongs to another organization.",
            code="file_other_organization",
            field="file",
        )
    collectors = list(officers)
    for officer in collectors:
        if officer.subject_id != case.subject_id:
            raise DomainError(
                f"{officer}不属于本执法主体。",
                f"{officer} belongs to another subject.",
                code="officer_other_subject",
                field="officers",
            )
    evidence = Evidence.objects.create(
        case=case,
        kind=kind,
        title=title,
        description=description.strip(),
        collected_on=collected_on,
        file=file,
        recorded_by=actor,
    )
    if collectors:
        evidence.collected_by.set(collectors)
    act(
        actor=actor,
        action="add_evidence",
        obj=case,
        organization=case.organization,
        basis=BASIS_EVIDENCE_ITEM,
        after={
            "evidence": evidence.pk,
            "kind": kind,
            "title": title,
            "collected_on": collected_on,
            "file_sha256": file.sha256 if file else None,
            "officers": [o.pk for o in collectors],
        },
    )
    return evidence


def _assess(case: PenaltyCase, on: dt.date) -> None:
    """Fill the hearing, assessment, deviation and major-case findings for the proposal."""
    if case.proposed_outcome == PenaltyCase.Outcome.PENALTY:
        hearing = rulebook.hearing(facts_of(case), on=on)
        case.hearing_eligible = hearing.applies
        case.hearing_reasons = hearing.reasons_json()
    else:
        case.hearing_eligible = False
        case.hearing_reasons = []
    facts = facts_of(case)
    act_day = case.violation_on or on  # the law of the day of the act (第37条)
    case.assessment = rulebook.assess(facts, on=act_day)
    found = None
    if case.proposed_outcome == PenaltyCase.Outcome.PENALTY:
        found = rulebook.deviation(
            facts,
            kinds=case.proposed_kinds,
            fine_fen=case.proposed_fine_fen,
            on=act_day,
        )
    case.deviation = found or {}
    rows = [
        {
            "code": o.code,
            "effect": o.effect,
            "condition": o.condition,
            "description": o.description,
        }
        for o in MajorCaseOverride.objects.filter(
            organization=case.organization, valid_from__lte=on
        )
        if o.valid_until is None or o.valid_until >= on
    ]
    major = rulebook.major(facts, rulebook.major_overrides(rows), on=on)
    case.is_major = major.applies
    case.major_reasons = major.reasons_json()


def _set_proposal(
    case: PenaltyCase,
    *,
    outcome: str,
    kinds: Sequence[str],
    fine_fen: int,
    confiscation_fen: int,
    deviation_justification: str,
    non_penalty_reasoning: str,
) -> None:
    if outcome not in PenaltyCase.Outcome.values:
        raise DomainError(
            f"未知的处理意见“{outcome}”。",
            f"Unknown outcome {outcome!r}.",
            code="outcome_unknown",
            field="outcome",
        )
    fine_fen = _check_amount(fine_fen, "fine_fen")
    confiscation_fen = _check_amount(confiscation_fen, "confiscation_fen")
    if outcome == PenaltyCase.Outcome.PENALTY:
        kinds = _check_kinds(kinds)
        if not kinds:
            raise DomainError(
                "请选择处罚种类。",
                "Choose the penalty kinds.",
                code="kinds_required",
                field="kinds",
            )
        if fine_fen and "fine" not in kinds:
            raise DomainError(
                "有罚款数额的，处罚种类应包含罚款。",
                "A fine amount needs the kind 'fine'.",
                code="fine_kind_missing",
                field="kinds",
            )
        if "fine" in kinds and not fine_fen:
            raise DomainError(
                "请填写罚款数额。",
                "Enter the fine.",
                code="fine_required",
                field="fine_fen",
            )
    else:
        kinds, fine_fen, confiscation_fen = [], 0, 0
    case.proposed_outcome = outcome
    case.proposed_kinds = list(kinds)
    case.proposed_fine_fen = fine_fen
    case.proposed_confiscation_fen = confiscation_fen
    case.deviation_justification = deviation_justification.strip()
    case.non_penalty_reasoning = non_penalty_reasoning.strip()


@transaction.atomic
def conclude_investigation(
    *,
    actor: User,
    case: PenaltyCase,
    report: str,
    outcome: str,
    kinds: Sequence[str] = (),
    fine_fen: int = 0,
    confiscation_fen: int = 0,
    deviation_justification: str = "",
    non_penalty_reasoning: str = "",
) -> PenaltyCase:
    """Close the investigation with a proposal; assess it against the benchmark,
    the major-case list and the hearing threshold (第57、58、63条).
    """
    require_change(actor, case.organization)
    report = required_text(
        report, field="report", zh="调查终结报告", en="The investigation report"
    )
    before = _snapshot(case, "proposed_outcome", "proposed_kinds", "proposed_fine_fen")
    original = {f: getattr(case, f) for f in _PROPOSAL_FIELDS}
    try:
        _set_proposal(
            case,
            outcome=outcome,
            kinds=kinds,
            fine_fen=fine_fen,
            confiscation_fen=confiscation_fen,
            deviation_justification=deviation_justification,
            non_penalty_reasoning=non_penalty_reasoning,
        )
        _assess(case, today())
        step = attempt(PENALTY, case, "conclude_investigation")
    except BaseException:
        for name, value in original.items():
            setattr(case, name, value)
        raise
    case.state = step.target
    case.investigation_report = report
    case.save()
    act(
        actor=actor,
        action="conclude_investigation",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after=_proposal_record(case),
    )
    return case


_PROPOSAL_FIELDS = (
    "proposed_outcome",
    "proposed_kinds",
    "proposed_fine_fen",
    "proposed_confiscation_fen",
    "deviation_justification",
    "non_penalty_reasoning",
    "assessment",
    "deviation",
    "is_major",
    "major_reasons",
    "hearing_eligible",
    "hearing_reasons",
)


def _proposal_record(case: PenaltyCase) -> dict[str, Any]:
    return {
        "state": case.state,
        **proposal_of(case),
        "assessment": case.assessment,
        "deviation": case.deviation,
        "deviation_justification": case.deviation_justification,
        "non_penalty_reasoning": case.non_penalty_reasoning,
        "is_major": case.is_major,
        "major_reasons": case.major_reasons,
        "hearing_eligible": case.hearing_eligible,
    }


@transaction.atomic
def revise_proposal(
    *,
    actor: User,
    case: PenaltyCase,
    outcome: str,
    kinds: Sequence[str] = (),
    fine_fen: int = 0,
    confiscation_fen: int = 0,
    deviation_justification: str = "",
    non_penalty_reasoning: str = "",
    reason: str,
) -> PenaltyCase:
    """Revise the proposal after statements, defence or the hearing (第45条; 第65条).

    A heavier proposal after the notice cannot be decided without a new notice
    (the decision step refuses it, 第45条第2款).
    """
    require_change(actor, case.organization)
    _require_open(case, "调整拟处理意见", ("investigated", "notified", "heard"))
    reason = required_text(reason, field="reason", zh="调整理由", en="The reason")
    before = _proposal_record(case)
    original = {f: getattr(case, f) for f in _PROPOSAL_FIELDS}
    try:
        _set_proposal(
            case,
            outcome=outcome,
            kinds=kinds,
            fine_fen=fine_fen,
            confiscation_fen=confiscation_fen,
            deviation_justification=deviation_justification,
            non_penalty_reasoning=non_penalty_reasoning,
        )
        _assess(case, today())
    except BaseException:
        for name, value in original.items():
            setattr(case, name, value)
        raise
    case.save()
    act(
        actor=actor,
        action="revise_proposal",
        obj=case,
        organization=case.organization,
        basis=BASIS_STATEMENT,
        before=before,
        after=_proposal_record(case),
        reason=reason,
    )
    return case


@transaction.atomic
def reopen_investigation(*, actor: User, case: PenaltyCase, reason: str) -> PenaltyCase:
    """Send the case back to investigation (补充调查), e.g. after a returned review."""
    require_change(actor, case.organization)
    reason = required_text(reason, field="reason", zh="理由", en="The reason")
    before = _snapshot(case)
    step = attempt(PENALTY, case, "reopen_investigation")
    case.state = step.target
    case.save()
    act(
        actor=actor,
        action="reopen_investigation",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={"state": case.state},
        reason=reason,
    )
    return case


# --- legal review (第58条) -----------------------------------------------------------


@transaction.atomic
def submit_for_review(
    *, actor: User, case: PenaltyCase, submitted_on: dt.date | None = None
) -> LegalReview:
    """Submit the current proposal to the legal review (法制审核, 第58条)."""
    require_change(actor, case.organization)
    _require_open(case, "送法制审核", ("investigated", "notified", "heard"))
    if case.reviews.filter(state=LegalReview.State.PENDING).exists():
        raise DomainError(
            "本案已有待审核的送审。",
            "A review of this case is already pending.",
            code="review_pending",
            status=409,
        )
    review = LegalReview.objects.create(
        case=case,
        submitted_on=submitted_on or today(),
        submitted_by=actor,
        proposal={**proposal_of(case)},
    )
    act(
        actor=actor,
        action="submit_for_review",
        obj=case,
        organization=case.organization,
        basis=BASIS_REVIEW,
        after={
            "review": review.pk,
            **proposal_of(case),
            "assessment": case.assessment,
            "deviation": case.deviation,
            "deviation_justification": case.deviation_justification,
            "is_major": case.is_major,
            "major_reasons": case.major_reasons,
        },
    )
    return review


def _reviewer_refusal(actor: User, case: PenaltyCase) -> Refusal | None:
    """The reviewer holds the legal-reviewer role in the organization or in its
    legal institution (法制机构), and did not investigate the case.
    """
    organization = case.organization
    seats = Membership.objects.filter(
        user=actor, role=Role.LEGAL_REVIEWER, organization__is_active=True
    ).select_related("organization")
    qualified = any(
        m.organization_id == organization.pk
        or (
            m.organization.parent_id == organization.pk
            and m.organization.kind == Organization.Kind.LEGAL_INSTITUTION
        )
        for m in seats
    )
    if not qualified:
        return Refusal(
            zh="法制审核须由本机关法制机构的法制审核人员进行。",
            en="The legal review is made by a legal reviewer of the organization's legal institution.",
            basis=BASIS_REVIEW,
            code="reviewer_not_qualified",
        )
    if any(o.user_id == actor.pk for o in active_officers(case)):
        return Refusal(
            zh="本案执法人员不能审核本案。",
            en="An officer who investigated the case cannot review it.",
            basis=BASIS_REVIEW,
            code="reviewer_is_investigator",
        )
    return None


@transaction.atomic
def decide_review(
    *,
    actor: User,
    review: LegalReview,
    approve: bool,
    opinion: str,
    reviewed_on: dt.date | None = None,
) -> LegalReview:
    """Record the reviewer's opinion and outcome (通过 or 退回)."""
    case = review.case
    opinion = required_text(opinion, field="opinion", zh="审核意见", en="The opinion")
    refusal = _reviewer_refusal(actor, case)
    if refusal is not None:
        raise refuse(refusal, step="review")
    step = REVIEW.check(review, "approve" if approve else "return")
    before = {"state": review.state}
    review.state = step.target
    review.reviewer = actor
    review.reviewed_on = reviewed_on or today()
    review.opinion = opinion
    review.save()
    act(
        actor=actor,
        action="approve_review" if approve else "return_review",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "review": review.pk,
            "state": review.state,
            "opinion": opinion,
            "proposal": review.proposal,
        },
    )
    return review


@transaction.atomic
def record_collective_discussion(
    *, actor: User, case: PenaltyCase, held_on: dt.date, summary: str
) -> PenaltyCase:
    """Record the heads' collective discussion of a complex or major case (第57条第2款)."""
    require_change(actor, case.organization)
    _require_open(case, "记录集体讨论", ("investigated", "notified", "heard"))
    summary = required_text(summary, field="summary", zh="讨论纪要", en="The summary")
    case.collective_discussion_on = held_on
    case.save(update_fields=["collective_discussion_on", "updated_at"])
    act(
        actor=actor,
        action="record_collective_discussion",
        obj=case,
        organization=case.organization,
        basis=BASIS_COLLECTIVE,
        after={"held_on": held_on},
        reason=summary,
    )
    return case


# --- notice, statements, hearing -------------------------------------------------------

DEFAULT_RIGHTS = "陈述权、申辩权；符合条件的，要求听证的权利"


@transaction.atomic
def notify_party(
    *,
    actor: User,
    case: PenaltyCase,
    served_on: dt.date,
    facts: str,
    reasons: str,
    basis: str,
    rights: str = DEFAULT_RIGHTS,
) -> PreDecisionNotice:
    """Notify the party of the intended penalty, its facts, reasons, basis and rights (第44条).

    Where the penalty reaches the hearing threshold (第63条) the notice offers
    a hearing and the request period (第64条第1项) is computed from ``served_on``.
    """
    require_change(actor, case.organization)
    facts = required_text(facts, field="facts", zh="违法事实", en="The facts")
    reasons = required_text(reasons, field="reasons", zh="理由", en="The reasons")
    basis = required_text(basis, field="basis", zh="依据", en="The legal basis")
    if case.filed_on is not None:
        not_before(
            served_on,
            case.filed_on,
            field="served_on",
            zh="告知送达日",
            en="The notice day",
        )
    before = _snapshot(case)
    step = attempt(PENALTY, case, "notify")
    request_due = (
        compute("penalty.hearing.request_deadline", served_on).due
        if case.hearing_eligible
        else None
    )
    notice = PreDecisionNotice.objects.create(
        case=case,
        served_on=served_on,
        facts=facts,
        reasons=reasons,
        basis=basis,
        proposed_kinds=list(case.proposed_kinds),
        proposed_fine_fen=case.proposed_fine_fen,
        proposed_confiscation_fen=case.proposed_confiscation_fen,
        hearing_offered=case.hearing_eligible,
        hearing_request_due_on=request_due,
        rights=rights.strip() or DEFAULT_RIGHTS,
    )
    case.state = step.target
    case.save()
    act(
        actor=actor,
        action="notify_party",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "state": case.state,
            "notice": notice.pk,
            "served_on": served_on,
            "hearing_offered": notice.hearing_offered,
            "hearing_request_due_on": request_due,
            "hearing_reasons": case.hearing_reasons,
            **proposal_of(case),
        },
    )
    return notice


@transaction.atomic
def record_statement(
    *,
    actor: User,
    case: PenaltyCase,
    received_on: dt.date,
    content: str = "",
    kind: str = Statement.Kind.STATEMENT,
    adopted: bool | None = None,
    review_note: str = "",
) -> Statement:
    """Record a statement or defence and its re-examination (第45条), or an express waiver (第62条)."""
    require_change(actor, case.organization)
    _require_open(case, "记录陈述申辩", STATEMENT_STATES)
    if kind not in Statement.Kind.values:
        raise DomainError(
            f"未知的类型“{kind}”。",
            f"Unknown kind {kind!r}.",
            code="statement_kind_unknown",
            field="kind",
        )
    if kind == Statement.Kind.STATEMENT:
        content = required_text(
            content, field="content", zh="陈述申辩内容", en="The statement"
        )
        if adopted is not None:
            required_text(
                review_note,
                field="review_note",
                zh="复核意见",
                en="The re-examination note",
            )
    notice = latest_notice(case)
    if notice is not None:
        not_before(
            received_on,
            notice.served_on,
            field="received_on",
            zh="提出日",
            en="The day",
        )
    statement = Statement.objects.create(
        case=case,
        kind=kind,
        received_on=received_on,
        content=content.strip(),
        adopted=adopted,
        review_note=review_note.strip(),
    )
    act(
        actor=actor,
        action="record_statement",
        obj=case,
        organization=case.organization,
        basis=BASIS_STATEMENT
        if kind == Statement.Kind.STATEMENT
        else "《行政处罚法》(2021-01-22) 第62条",
        after={
            "statement": statement.pk,
            "kind": kind,
            "received_on": received_on,
            "adopted": adopted,
        },
    )
    return statement


@transaction.atomic
def request_hearing(
    *, actor: User, case: PenaltyCase, requested_on: dt.date
) -> Hearing:
    """Record the party's request for a hearing, within its period (第64条第1项)."""
    require_change(actor, case.organization)
    before = _snapshot(case)
    case._hearing_requested_on = requested_on  # type: ignore[attr-defined]
    try:
        step = attempt(PENALTY, case, "request_hearing")
    finally:
        del case._hearing_requested_on  # type: ignore[attr-defined]
    Hearing.objects.filter(case=case).delete()  # a withdrawn earlier request
    hearing = Hearing.objects.create(case=case, requested_on=requested_on)
    case.state = step.target
    case.save()
    act(
        actor=actor,
        action="request_hearing",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={"state": case.state, "requested_on": requested_on},
    )
    return hearing


@transaction.atomic
def schedule_hearing(
    *,
    actor: User,
    case: PenaltyCase,
    scheduled_for: dt.date,
    place: str,
    notice_served_on: dt.date,
    presiding: User,
    is_public: bool = True,
) -> Hearing:
    """Fix the hearing and record the notice to the party, served at least the
    statutory period before (第64条第2项; counted backwards, statutory-rules §15.A6).
    """
    require_change(actor, case.organization)
    _require_open(case, "安排听证", ("hearing_requested",))
    place = required_text(place, field="place", zh="听证地点", en="The place")
    hearing = case.hearing
    not_before(
        notice_served_on,
        hearing.requested_on,
        field="notice_served_on",
        zh="通知送达日",
        en="The notice",
    )
    latest = compute("penalty.hearing.notice", scheduled_for)
    if notice_served_on > latest.due:
        raise DomainError(
            f"听证通知应当于 {latest.due} 前送达（举行听证的七日前），{notice_served_on} 送达过晚；请另定听证日期。",
            f"The notice must be served by {latest.due}; {notice_served_on} is too late. "
            "Choose a later hearing day.",
            code="hearing_notice_late",
            field="notice_served_on",
            basis=BASIS_HEARING_NOTICE,
        )
    investigators = {o.user_id for o in active_officers(case)}
    if presiding.pk in investigators:
        raise DomainError(
            "听证主持人不能是本案调查人员。",
            "The presiding officer cannot be one of the investigators.",
            code="hearing_presiding_invalid",
            field="presiding",
            basis="《行政处罚法》(2021-01-22) 第64条第4项",
        )
    hearing.scheduled_for = scheduled_for
    hearing.place = place
    hearing.notice_served_on = notice_served_on
    hearing.notice_due_on = latest.due
    hearing.presiding = presiding
    hearing.is_public = is_public
    hearing.save()
    act(
        actor=actor,
        action="schedule_hearing",
        obj=case,
        organization=case.organization,
        basis=BASIS_HEARING_NOTICE,
        after={
            "scheduled_for": scheduled_for,
            "notice_served_on": notice_served_on,
            "notice_due_on": latest.due,
            "presiding": presiding.pk,
            "is_public": is_public,
        },
    )
    return hearing


@transaction.atomic
def hold_hearing(
    *,
    actor: User,
    case: PenaltyCase,
    held_on: dt.date,
    record: str,
    party_absent: bool = False,
) -> Hearing:
    """Record the hearing and its record (第64条); an unexcused absence ends it (第64条第6项)."""
    require_change(actor, case.organization)
    record = required_text(
        record, field="record", zh="听证笔录", en="The hearing record"
    )
    before = _snapshot(case)
    step = attempt(PENALTY, case, "hold_hearing")
    hearing = case.hearing
    if hearing.scheduled_for and held_on < hearing.scheduled_for:
        raise DomainError(
            "听证不能早于通知的日期举行。",
            "The hearing cannot be held before the notified day.",
            code="held_on_too_early",
            field="held_on",
        )
    hearing.held_on = held_on
    hearing.record = record
    hearing.result = Hearing.Result.TERMINATED if party_absent else Hearing.Result.HELD
    hearing.save()
    case.state = step.target
    _assess(case, held_on)  # a hearing can make the case a major one (第58条第1款第2项)
    case.save()
    act(
        actor=actor,
        action="hold_hearing",
        obj=case,
        organization=case.organization,
        basis=step.basis
        if not party_absent
        else "《行政处罚法》(2021-01-22) 第64条第6项",
        before=before,
        after={
            "state": case.state,
            "held_on": held_on,
            "result": hearing.result,
            "is_major": case.is_major,
            "major_reasons": case.major_reasons,
        },
    )
    return hearing


@transaction.atomic
def withdraw_hearing_request(
    *, actor: User, case: PenaltyCase, withdrawn_on: dt.date
) -> PenaltyCase:
    """Record that the party withdrew the hearing request."""
    require_change(actor, case.organization)
    before = _snapshot(case)
    step = attempt(PENALTY, case, "withdraw_hearing_request")
    hearing = case.hearing
    hearing.result = Hearing.Result.WITHDRAWN
    hearing.held_on = None
    hearing.save()
    case.state = step.target
    case.save()
    act(
        actor=actor,
        action="withdraw_hearing_request",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={"state": case.state, "withdrawn_on": withdrawn_on},
    )
    return case


# --- decision, service, payment, execution ---------------------------------------------


_DECISION_FIELDS = (
    "outcome",
    "kinds",
    "fine_fen",
    "confiscation_fen",
    "decided_on",
    "decision_number",
    "decision_reasoning",
    "deviation",
    "deviation_justification",
    "non_penalty_reasoning",
    "decided_by",
)


def _decision_terms(
    case: PenaltyCase,
    *,
    outcome: str,
    kinds: Sequence[str],
    fine_fen: int,
    confiscation_fen: int,
    decided_on: dt.date,
    deviation: Callable[..., dict[str, Any] | None] = rulebook.deviation,
) -> tuple[list[str], int, int, dict[str, Any] | None]:
    """The checked kinds and amounts of a decision and its departure from the
    benchmark (第34条), or ``None`` when it keeps within it. ``deviation`` is
    :func:`rulebook.deviation` (a bulk import passes it memoised)."""
    if outcome not in PenaltyCase.Outcome.values:
        raise DomainError(
            f"未知的决定结果“{outcome}”。",
            f"Unknown outcome {outcome!r}.",
            code="outcome_unknown",
            field="outcome",
        )
    fine_fen = _check_amount(fine_fen, "fine_fen")
    confiscation_fen = _check_amount(confiscation_fen, "confiscation_fen")
    if outcome != PenaltyCase.Outcome.PENALTY:
        return [], 0, 0, None
    checked = _check_kinds(kinds)
    if not checked:
        raise DomainError(
            "请选择处罚种类。",
            "Choose the penalty kinds.",
            code="kinds_required",
            field="kinds",
        )
    if bool(fine_fen) != ("fine" in checked):
        raise DomainError(
            "罚款种类与罚款数额不一致。",
            "The kind 'fine' and the fine amount disagree.",
            code="fine_kind_mismatch",
            field="fine_fen",
        )
    found = deviation(
        facts_of(case),
        kinds=checked,
        fine_fen=fine_fen,
        on=case.violation_on or decided_on,
    )
    return checked, fine_fen, confiscation_fen, found


@transaction.atomic
def decide_case(
    *,
    actor: User,
    case: PenaltyCase,
    decided_on: dt.date,
    outcome: str,
    decision_number: str,
    reasoning: str = "",
    kinds: Sequence[str] = (),
    fine_fen: int = 0,
    confiscation_fen: int = 0,
    deviation_justification: str | None = None,
) -> PenaltyCase:
    """Decide the case (第57条): a penalty (with its document, 第59条), no penalty
    (第33条, with its reasoning) or facts not established.

    Refused, naming the article, without notice (第62条), while the hearing
    period runs, heavier than notified (第45条), outside the benchmark without
    a justification, or for a major case without a passed legal review
    matching the decision (第58条) or the heads' collective discussion.
    """
    require_change(actor, case.organization)
    decision_number = required_text(
        decision_number,
        field="decision_number",
        zh="决定书文号",
        en="The decision number",
    )
    if case.filed_on is not None:
        not_before(
            decided_on,
            case.filed_on,
            field="decided_on",
            zh="决定日",
            en="The decision day",
        )
    kinds, fine_fen, confiscation_fen, found = _decision_terms(
        case,
        outcome=outcome,
        kinds=kinds,
        fine_fen=fine_fen,
        confiscation_fen=confiscation_fen,
        decided_on=decided_on,
    )
    if outcome == PenaltyCase.Outcome.NO_PENALTY and not reasoning.strip():
        reasoning = case.non_penalty_reasoning
    before = _snapshot(case, "outcome", "kinds", "fine_fen")
    justification = (
        case.deviation_justification
        if deviation_justification is None
        else deviation_justification.strip()
    )
    step = attempt(
        PENALTY,
        case,
        "decide",
        outcome=outcome,
        kinds=list(kinds),
        fine_fen=fine_fen,
        confiscation_fen=confiscation_fen,
        decided_on=decided_on,
        decision_number=decision_number,
        decision_reasoning=reasoning.strip(),
        deviation=found or {},
        deviation_justification=justification,
        decided_by=actor,
    )
    service = compute("penalty.service", decided_on)
    case.state = step.target
    case.service_due_on = service.due
    case.save()
    late = case.decision_due_on is not None and decided_on > case.decision_due_on
    act(
        actor=actor,
        action="decide_case",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "state": case.state,
            "outcome": outcome,
            "kinds": case.kinds,
            "fine_fen": fine_fen,
            "confiscation_fen": confiscation_fen,
            "decided_on": decided_on,
            "decision_number": decision_number,
            "deviation": case.deviation,
            "deviation_justification": case.deviation_justification,
            "service_due_on": service.due,
            "decided_after_deadline": late,
            "decision_due_on": case.decision_due_on,
        },
        reason=f"超过处罚决定期限（{BASIS_DEADLINE}）" if late else "",
    )
    return case


SERVICE_METHODS = (
    "on_the_spot",
    "direct",
    "left_at_residence",
    "post",
    "electronic",
    "public_notice",
)


def _check_service_method(method: str, *, electronic_consent: bool) -> None:
    if method not in SERVICE_METHODS:
        raise DomainError(
            f"未知的送达方式“{method}”。",
            f"Unknown method of service {method!r}.",
            code="service_method_unknown",
            field="method",
        )
    if method == "electronic" and not electronic_consent:
        raise DomainError(
            "以传真、电子邮件等方式送达须当事人同意并签订确认书。",
            "Electronic service needs the party's consent and signed confirmation.",
            code="electronic_consent_required",
            field="electronic_consent",
            basis="《行政处罚法》(2021-01-22) 第61条第2款",
        )


@transaction.atomic
def serve_decision(
    *,
    actor: User,
    case: PenaltyCase,
    served_on: dt.date,
    method: str,
    electronic_consent: bool = False,
) -> PenaltyCase:
    """Record service of the decision (第61条); start the payment period (第67条第3款)."""
    require_change(actor, case.organization)
    _check_service_method(method, electronic_consent=electronic_consent)
    if case.decided_on is not None:
        not_before(
            served_on,
            case.decided_on,
            field="served_on",
            zh="送达日",
            en="The service day",
        )
    before = _snapshot(case)
    step = attempt(PENALTY, case, "serve")
    case.state = step.target
    case.served_on = served_on
    case.service_method = method
    if case.fine_fen:
        case.payment_due_on = compute("penalty.payment_deadline", served_on).due
    case.save()
    act(
        actor=actor,
        action="serve_decision",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "state": case.state,
            "served_on": served_on,
            "method": method,
            "late": bool(case.service_due_on and served_on > case.service_due_on),
            "payment_due_on": case.payment_due_on,
        },
    )
    return case


@transaction.atomic
def record_remedy(
    *, actor: User, case: PenaltyCase, kind: str, started_on: dt.date
) -> RemedyPeriod:
    """Record that the party applied for reconsideration or sued: the surcharge stops (第73条第3款)."""
    require_change(actor, case.organization)
    _require_open(case, "记录复议诉讼", ("decided", "served", "executed"))
    if kind not in RemedyPeriod.Kind.values:
        raise DomainError(
            f"未知的类型“{kind}”。",
            f"Unknown kind {kind!r}.",
            code="remedy_kind_unknown",
            field="kind",
        )
    if case.decided_on is not None:
        not_before(
            started_on,
            case.decided_on,
            field="started_on",
            zh="申请（起诉）日",
            en="The start",
        )
    if case.remedies.filter(ended_on__isnull=True).exists():
        raise DomainError(
            "尚有未终结的复议或诉讼。",
            "A reconsideration or litigation is still running.",
            code="remedy_running",
            status=409,
        )
    remedy = RemedyPeriod.objects.create(case=case, kind=kind, started_on=started_on)
    act(
        actor=actor,
        action="record_remedy",
        obj=case,
        organization=case.organization,
        basis=BASIS_REMEDY,
        after={"remedy": remedy.pk, "kind": kind, "started_on": started_on},
    )
    return remedy


#: What a reconsideration or judgment may do to the decision besides upholding it:
#: each sets it aside, and a published decision must then be withdrawn (第48条第2款).
SET_ASIDE_OUTCOMES = tuple(PublishedDecision.WithdrawalReason.values)
UPHELD = "upheld"


def _check_decision_outcome(outcome: str) -> str:
    if outcome and outcome != UPHELD and outcome not in SET_ASIDE_OUTCOMES:
        raise DomainError(
            f"未知的复议诉讼结论“{outcome}”（应为维持、变更、撤销、确认违法或者确认无效）。",
            f"Unknown outcome {outcome!r} (upheld, varied, revoked, confirmed illegal "
            "or confirmed void).",
            code="remedy_outcome_unknown",
            field="decision_outcome",
        )
    return outcome


@transaction.atomic
def end_remedy(
    *,
    actor: User,
    remedy: RemedyPeriod,
    ended_on: dt.date,
    result: str,
    decision_outcome: str = "",
) -> RemedyPeriod:
    """Record the end of the reconsideration or litigation (the surcharge runs again).

    ``decision_outcome`` says what it did to the decision (``upheld``, ``varied``,
    ``revoked``, ``confirmed_illegal``, ``confirmed_void``). A decision set aside
    that is published starts its withdrawal clock here, in the same transaction
    (《行政处罚法》第48条第2款: 应当在三日内撤回).
    """
    case = remedy.case
    require_change(actor, case.organization)
    result = required_text(result, field="result", zh="结果", en="The result")
    decision_outcome = _check_decision_outcome(decision_outcome)
    if remedy.ended_on is not None:
        raise DomainError(
            "该复议或诉讼已终结。",
            "It has already ended.",
            code="remedy_ended",
            status=409,
        )
    not_before(ended_on, remedy.started_on, field="ended_on", zh="终结日", en="The end")
    remedy.ended_on = ended_on
    remedy.result = result
    remedy.save()
    act(
        actor=actor,
        action="end_remedy",
        obj=case,
        organization=case.organization,
        basis=BASIS_REMEDY,
        after={
            "remedy": remedy.pk,
            "ended_on": ended_on,
            "result": result,
            "decision_outcome": decision_outcome,
        },
    )
    if decision_outcome in SET_ASIDE_OUTCOMES:
        _start_withdrawal_of_published(actor, case, decision_outcome, ended_on)
    return remedy


def _start_withdrawal_of_published(
    actor: User, case: PenaltyCase, reason: str, occurred_on: dt.date
) -> None:
    """Start the withdrawal clock of the case's publication, if it is still public
    and no clock runs yet (a second set-aside does not move the first deadline)."""
    publication = case.publications.filter(
        withdrawn_on__isnull=True, withdrawal_due_on__isnull=True
    ).first()
    if publication is not None:
        start_withdrawal_clock(
            actor=actor, publication=publication, reason=reason, occurred_on=occurred_on
        )


def surcharge_on(case: PenaltyCase, on: dt.date) -> Surcharge | None:
    """The late surcharge due on ``on`` (第72条), frozen during remedies (第73条第3款)."""
    if not case.fine_fen or case.payment_due_on is None:
        return None
    frozen = [
        Pause(r.started_on, r.ended_on or on)
        for r in case.remedies.all()
        if r.started_on <= on
    ]
    return late_surcharge(
        fine_fen=case.fine_fen,
        payment_deadline=case.payment_due_on,
        on=on,
        frozen=frozen,
    )


def _check_payment_amount(
    case: PenaltyCase,
    *,
    paid_on: dt.date,
    amount_fen: int,
    surcharge: Surcharge | None,
    basis: str,
) -> int:
    """The amount due on ``paid_on`` (fine and surcharge, 第72条) must be what was paid."""
    due = case.fine_fen + (surcharge.amount_fen if surcharge else 0)
    if amount_fen != due:
        raise DomainError(
            f"{paid_on} 应缴 {due / 100:.2f} 元（罚款 {case.fine_fen / 100:.2f} 元，加处罚款 "
            f"{(due - case.fine_fen) / 100:.2f} 元），登记的金额为 {amount_fen / 100:.2f} 元。",
            f"On {paid_on} {due / 100:.2f} yuan is due (fine {case.fine_fen / 100:.2f}, surcharge "
            f"{(due - case.fine_fen) / 100:.2f}); {amount_fen / 100:.2f} was entered.",
            code="payment_amount_mismatch",
            field="amount_fen",
            basis=surcharge.basis if surcharge else basis,
        )
    return due


@transaction.atomic
def record_payment(
    *, actor: User, case: PenaltyCase, paid_on: dt.date, amount_fen: int
) -> PenaltyCase:
    """Record payment of the fine and any late surcharge due that day (第67、72条)."""
    require_change(actor, case.organization)
    amount_fen = _check_amount(amount_fen, "amount_fen")
    before = _snapshot(case)
    step = attempt(PENALTY, case, "record_payment")
    if case.served_on is not None:
        not_before(
            paid_on, case.served_on, field="paid_on", zh="缴款日", en="The payment day"
        )
    surcharge = surcharge_on(case, paid_on)
    due = _check_payment_amount(
        case,
        paid_on=paid_on,
        amount_fen=amount_fen,
        surcharge=surcharge,
        basis=step.basis,
    )
    case.state = step.target
    case.paid_on = paid_on
    case.paid_fen = case.fine_fen
    case.surcharge_fen = due - case.fine_fen
    case.executed_on = paid_on
    case.save()
    act(
        actor=actor,
        action="record_payment",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={
            "state": case.state,
            "paid_on": paid_on,
            "fine_fen": case.fine_fen,
            "surcharge_fen": case.surcharge_fen,
            "surcharge_frozen_days": surcharge.frozen_days if surcharge else 0,
        },
    )
    return case


@transaction.atomic
def record_execution(
    *,
    actor: User,
    case: PenaltyCase,
    executed_on: dt.date,
    note: str,
    compulsory_at: dt.datetime | None = None,
    urgent_reason: str = "",
) -> PenaltyCase:
    """Record that the decision has been executed (voluntarily, by compulsory
    execution or by the court). Compulsory execution is not carried out at
    night or on statutory holidays unless urgent, with the reason recorded
    (《行政强制法》第43条第1款).
    """
    require_change(actor, case.organization)
    note = required_text(note, field="note", zh="执行情况", en="The execution note")
    if case.fine_fen and case.paid_on is None and compulsory_at is None:
        raise DomainError(
            "罚款尚未缴纳；请登记缴款，或登记强制执行的时间。",
            "The fine is unpaid: record the payment, or the time of compulsory execution.",
            code="fine_unpaid",
            field="compulsory_at",
            basis="《行政处罚法》(2021-01-22) 第72条",
        )
    if compulsory_at is not None:
        earliest = compute("coercion.enforcement.time_window", compulsory_at)
        if earliest.due != compulsory_at and not urgent_reason.strip():
            raise DomainError(
                f"不得在夜间或者法定节假日实施行政强制执行（最早可于 {earliest.due:%Y-%m-%d %H:%M}）；"
                "情况紧急的，须记录理由。",
                f"No compulsory execution at night or on statutory holidays (earliest "
                f"{earliest.due:%Y-%m-%d %H:%M}) unless urgent, with the reason recorded.",
                code="execution_time_not_allowed",
                field="compulsory_at",
                basis=BASIS_NIGHT,
            )
    if case.served_on is not None:
        not_before(
            executed_on,
            case.served_on,
            field="executed_on",
            zh="执行日",
            en="The execution day",
        )
    before = _snapshot(case)
    step = attempt(PENALTY, case, "record_execution")
    case.state = step.target
    case.executed_on = executed_on
    case.execution_note = note
    case.save()
    act(
        actor=actor,
        action="record_execution",
        obj=case,
        organization=case.organization,
        basis=step.basis if compulsory_at is None else f"{step.basis}；{BASIS_NIGHT}",
        before=before,
        after={
            "state": case.state,
            "executed_on": executed_on,
            "compulsory_at": compulsory_at,
            "urgent_reason": urgent_reason.strip(),
        },
        reason=note,
    )
    return case


@transaction.atomic
def close_case(*, actor: User, case: PenaltyCase, closed_on: dt.date) -> PenaltyCase:
    """Close and archive the case (第47条)."""
    require_change(actor, case.organization)
    before = _snapshot(case)
    step = attempt(PENALTY, case, "close")
    case.state = step.target
    case.closed_on = closed_on
    case.save()
    act(
        actor=actor,
        action="close_case",
        obj=case,
        organization=case.organization,
        basis=step.basis,
        before=before,
        after={"state": case.state, "closed_on": closed_on},
    )
    return case


@transaction.atomic
def dismiss_case(*, actor: User, case: PenaltyCase, reason: str) -> PenaltyCase:
    """Withdraw the filed case (撤销立案), with the reason."""
    return _end_with_reason(
        actor, case, reason, step="dismiss", action="dismiss_case", zh="撤销理由"
    )


# --- simplified procedure (第51-52条) ---------------------------------------------------


@transaction.atomic
def decide_on_the_spot(
    *,
    actor: User,
    subject: EnforcementSubject,
    officer: Officer,
    party_kind: str,
    party_name: str,
    decided_on: dt.date,
    summary: str,
    basis: str,
    kinds: Sequence[str],
    fine_fen: int = 0,
    decision_number: str,
    place: str,
    violation_code: str = "",
    facts: dict[str, Any] | None = None,
    sector: str = "",
    party_id_number: str = "",
    matter: EnforcementMatter | None = None,
) -> PenaltyCase:
    """Decide on the spot (当场处罚): one step, by an identified eligible officer,
    within the amount limits (第51条), the numbered form handed over (第52条).
    """
    organization = subject.organization
    require_change(actor, organization)
    party_name = _check_party(party_kind, party_name)
    summary = required_text(summary, field="summary", zh="违法行为", en="The violation")
    basis = required_text(basis, field="basis", zh="处罚依据", en="The legal basis")
    decision_number = required_text(
        decision_number, field="decision_number", zh="决定书编号", en="The form number"
    )
    place = required_text(place, field="place", zh="地点", en="The place")
    _check_matter(subject, matter)
    _check_subject_active(subject, decided_on)
    kinds = _check_kinds(kinds)
    fine_fen = _check_amount(fine_fen, "fine_fen")
    if not kinds or bool(fine_fen) != ("fine" in kinds):
        raise DomainError(
            "罚款种类与罚款数额不一致。",
            "The kind 'fine' and the fine amount disagree.",
            code="fine_kind_mismatch",
            field="fine_fen",
        )
    case = PenaltyCase(
        organization=organization,
        subject=subject,
        matter=matter,
        number=_next_number(organization, decided_on.year),
        procedure=PenaltyCase.Procedure.SIMPLIFIED,
        state=PENALTY.initial,
        source=PenaltyCase.Source.INSPECTION,
        summary=summary,
        received_on=decided_on,
        violation_on=decided_on,
        violation_code=violation_code.strip(),
        facts=facts or {},
        sector=sector.strip(),
        party_kind=party_kind,
        party_name=party_name,
        party_id_number=party_id_number.strip(),
        outcome=PenaltyCase.Outcome.PENALTY,
        kinds=list(kinds),
        fine_fen=fine_fen,
        decided_on=decided_on,
        decision_number=decision_number,
        decision_reasoning=basis,
        decided_by=actor,
        on_spot_officer=officer,
        on_spot_place=place,
    )
    step = PENALTY.check(case, "decide_on_the_spot")
    case.state = step.target
    case.served_on = decided_on
    case.service_method = "on_the_spot"
    if fine_fen:
        case.payment_due_on = compute("penalty.payment_deadline", decided_on).due
    case.save()
    act(
        actor=actor,
        action="decide_on_the_spot",
        obj=case,
        organization=organization,
        basis=step.basis,
        after={
            "state": case.state,
            "officer": officer.pk,
            "certificate_number": officer.certificate_number,
            "kinds": case.kinds,
            "fine_fen": fine_fen,
            "decided_on": decided_on,
            "decision_number": decision_number,
            "place": place,
            "basis": basis,
            "payment_due_on": case.payment_due_on,
        },
    )
    return case


@transaction.atomic
def report_on_the_spot(
    *, actor: User, case: PenaltyCase, reported_on: dt.date
) -> PenaltyCase:
    """Record that the on-the-spot decision was reported to the organ (备案, 第52条第3款)."""
    require_change(actor, case.organization)
    if not case.is_simplified:
        raise DomainError(
            "只有当场处罚决定需要备案。",
            "Only on-the-spot decisions are reported.",
            code="not_simplified",
            basis=BASIS_ON_SPOT_REPORT,
        )
    if case.reported_on is not None:
        raise DomainError(
            "已备案。", "Already reported.", code="already_reported", status=409
        )
    if case.decided_on is not None:
        not_before(
            reported_on,
            case.decided_on,
            field="reported_on",
            zh="备案日",
            en="The report day",
        )
    case.reported_on = reported_on
    case.save(update_fields=["reported_on", "updated_at"])
    act(
        actor=actor,
        action="report_on_the_spot",
        obj=case,
        organization=case.organization,
        basis=BASIS_ON_SPOT_REPORT,
        after={"reported_on": reported_on},
    )
    return case


__all__ = [
    "DEFAULT_RIGHTS",
    "SERVICE_METHODS",
    "SET_ASIDE_OUTCOMES",
    "UPHELD",
    "add_evidence",
    "assign_officer",
    "close_case",
    "conclude_investigation",
    "decide_case",
    "decide_on_the_spot",
    "decide_review",
    "decline_filing",
    "dismiss_case",
    "end_remedy",
    "file_case",
    "hold_hearing",
    "notify_party",
    "record_collective_discussion",
    "record_execution",
    "record_payment",
    "record_remedy",
    "record_statement",
    "register_clue",
    "release_officer",
    "reopen_investigation",
    "report_on_the_spot",
    "request_hearing",
    "revise_proposal",
    "schedule_hearing",
    "serve_decision",
    "submit_for_review",
    "surcharge_on",
    "withdraw_hearing_request",
]
