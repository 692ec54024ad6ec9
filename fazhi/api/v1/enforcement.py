"""REST endpoints of the enforcement module (行政执法): every step of the procedure.

Public: subjects, matters, an officer looked up by certificate number and the
published decisions, masked once at publication, with their export (执法公示).
Everything else needs a staff login (``staff_auth``) and is scoped.
Errors, refusals included, are problem details naming the article.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import BaseModel, Field

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError, PermissionDeniedError
from fazhi.core.files.models import StoredFile
from fazhi.core.models import Organization, User
from fazhi.core.scope import BUSINESS, scope
from fazhi.enforcement import public_selectors, selectors, services
from fazhi.enforcement.models import (
    CompulsoryMeasure,
    CrimeTransfer,
    EnforcementMatter,
    EnforcementSubject,
    Officer,
    PenaltyCase,
)
from fazhi.enforcement.workflows import MEASURE, PENALTY, TRANSFER

router = Router(tags=["行政执法"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - staff_auth ran first
        raise PermissionDeniedError(
            "需要登录。", "Log in first.", code="not_authenticated"
        )
    return user


def _today() -> dt.date:
    return timezone.localdate()


# --- schemas -------------------------------------------------------------------------


class SubjectOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: str
    kind_label: str
    legal_basis: str
    entrusting_organization_id: int | None
    entrustment_scope: str
    entrusted_from: dt.date | None
    entrusted_until: dt.date | None

    @staticmethod
    def resolve_organization_name(obj: EnforcementSubject) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_kind_label(obj: EnforcementSubject) -> str:
        return str(obj.get_kind_display())


class MatterOut(Schema):
    id: int
    subject_id: int
    code: str
    name: str
    kind: str
    kind_label: str
    citation: str

    @staticmethod
    def resolve_kind_label(obj: EnforcementMatter) -> str:
        return str(obj.get_kind_display())


class PublicOfficerOut(Schema):
    name: str
    certificate_number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date
    subject: str
    status: str
    status_label: str
    valid_today: bool


class OfficerOut(Schema):
    id: int
    subject_id: int
    user_id: int | None
    name: str
    certificate_number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date
    status: str


class SubjectIn(Schema):
    organization_id: int
    kind: str
    legal_basis: str
    entrusting_organization_id: int | None = None
    entrustment_scope: str = ""
    entrustment_document: str = ""
    entrusted_from: dt.date | None = None
    entrusted_until: dt.date | None = None


class MatterIn(Schema):
    code: str
    name: str
    kind: str
    citation: str


class OfficerIn(Schema):
    subject_id: int
    name: str
    certificate_number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date
    user_id: int | None = None


class CertificateChangeIn(Schema):
    status: str | None = None
    valid_until: dt.date | None = None
    reason: str


class TrainingIn(Schema):
    attended_on: dt.date
    hours: float = Field(gt=0, lt=1000)
    course: str
    provider: str = ""


class ExamIn(Schema):
    taken_on: dt.date
    passed: bool
    score: float | None = None
    note: str = ""


class ClockOut(Schema):
    name: str
    label: str
    due_on: dt.date
    basis: str
    done: bool


class StepOut(Schema):
    name: str
    label: str
    basis: str


class CaseOut(Schema):
    id: int
    organization_id: int
    subject_id: int
    number: str
    procedure: str
    state: str
    state_label: str
    summary: str
    party_kind: str
    party_name: str
    received_on: dt.date
    filed_on: dt.date | None
    decision_due_on: dt.date | None
    proposed_outcome: str
    proposed_kinds: list[str]
    proposed_fine_fen: int
    proposed_confiscation_fen: int
    assessment: dict[str, Any]
    deviation: dict[str, Any]
    deviation_justification: str
    non_penalty_reasoning: str
    is_major: bool
    major_reasons: list[dict[str, Any]]
    hearing_eligible: bool
    hearing_reasons: list[dict[str, Any]]
    outcome: str
    decided_on: dt.date | None
    decision_number: str
    kinds: list[str]
    fine_fen: int
    confiscation_fen: int
    service_due_on: dt.date | None
    served_on: dt.date | None
    payment_due_on: dt.date | None
    paid_on: dt.date | None
    surcharge_fen: int
    executed_on: dt.date | None
    closed_on: dt.date | None
    clocks: list[ClockOut]
    next_steps: list[StepOut]

    @staticmethod
    def resolve_state_label(obj: PenaltyCase) -> str:
        return str(PENALTY.state_label(obj.state))

    @staticmethod
    def resolve_clocks(obj: PenaltyCase) -> list[selectors.Clock]:
        return selectors.case_clocks(obj)

    @staticmethod
    def resolve_next_steps(obj: PenaltyCase) -> list[dict[str, str]]:
        return [
            {"name": s.name, "label": str(s.label), "basis": s.basis}
            for s in PENALTY.steps_from(obj.state)
        ]


# A plain pydantic model, not a ninja Schema: the rows are dicts, and a Schema
# would read each field through its attribute getter (a quarter of a list's time).
class CaseListOut(BaseModel):
    id: int
    number: str
    procedure: str
    state: str
    summary: str
    party_name: str
    received_on: dt.date
    decision_due_on: dt.date | None
    organization_id: int


class ClueIn(Schema):
    subject_id: int
    summary: str
    party_kind: str
    party_name: str
    received_on: dt.date
    source: str = "inspection"
    clue: str = ""
    matter_id: int | None = None
    violation_on: dt.date | None = None
    violation_code: str = ""
    facts: dict[str, Any] = {}
    sector: str = ""
    party_id_number: str = ""
    party_address: str = ""


class FileIn(Schema):
    filed_on: dt.date
    note: str = ""


class ReasonIn(Schema):
    reason: str


class AssignIn(Schema):
    officer_id: int
    assigned_on: dt.date | None = None


class ReleaseIn(Schema):
    officer_id: int
    reason: str


class EvidenceIn(Schema):
    kind: str
    title: str
    collected_on: dt.date
    description: str = ""
    officer_ids: list[int] = []
    file_id: int | None = None


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    collected_on: dt.date
    file_id: int | None


class ProposalIn(Schema):
    outcome: str
    kinds: list[str] = []
    fine_fen: int = Field(default=0, ge=0)
    confiscation_fen: int = Field(default=0, ge=0)
    deviation_justification: str = ""
    non_penalty_reasoning: str = ""


class ConcludeIn(ProposalIn):
    report: str


class ReviseIn(ProposalIn):
    reason: str


class ReviewOut(Schema):
    id: int
    case_id: int
    state: str
    submitted_on: dt.date
    proposal: dict[str, Any]
    reviewer_id: int | None
    reviewed_on: dt.date | None
    opinion: str


class ReviewDecisionIn(Schema):
    approve: bool
    opinion: str
    reviewed_on: dt.date | None = None


class DiscussionIn(Schema):
    held_on: dt.date
    summary: str


class NoticeIn(Schema):
    served_on: dt.date
    facts: str
    reasons: str
    basis: str
    rights: str = ""


class NoticeOut(Schema):
    id: int
    served_on: dt.date
    hearing_offered: bool
    hearing_request_due_on: dt.date | None
    proposed_kinds: list[str]
    proposed_fine_fen: int


class StatementIn(Schema):
    received_on: dt.date
    kind: str = "statement"
    content: str = ""
    adopted: bool | None = None
    review_note: str = ""


class HearingRequestIn(Schema):
    requested_on: dt.date


class HearingScheduleIn(Schema):
    scheduled_for: dt.date
    place: str
    notice_served_on: dt.date
    presiding_id: int
    is_public: bool = True


class HearingHeldIn(Schema):
    held_on: dt.date
    record: str
    party_absent: bool = False


class WithdrawIn(Schema):
    withdrawn_on: dt.date


class DecisionIn(Schema):
    decided_on: dt.date
    outcome: str
    decision_number: str
    reasoning: str = ""
    kinds: list[str] = []
    fine_fen: int = Field(default=0, ge=0)
    confiscation_fen: int = Field(default=0, ge=0)
    deviation_justification: str | None = None


class ServiceIn(Schema):
    served_on: dt.date
    method: str
    electronic_consent: bool = False


class RemedyIn(Schema):
    kind: str
    started_on: dt.date


class RemedyEndIn(Schema):
    ended_on: dt.date
    result: str
    #: upheld, varied, revoked, confirmed_illegal or confirmed_void; a published
    #: decision set aside starts its withdrawal clock (第48条第2款).
    decision_outcome: str = ""


class PaymentIn(Schema):
    paid_on: dt.date
    amount_fen: int = Field(ge=0)


class SurchargeOut(Schema):
    on: dt.date
    fine_fen: int
    surcharge_fen: int
    days_counted: int
    frozen_days: int
    capped: bool
    basis: str


class ExecutionIn(Schema):
    executed_on: dt.date
    note: str
    compulsory_at: dt.datetime | None = None
    urgent_reason: str = ""


class CloseIn(Schema):
    closed_on: dt.date


class OnTheSpotIn(Schema):
    subject_id: int
    officer_id: int
    party_kind: str
    party_name: str
    decided_on: dt.date
    summary: str
    basis: str
    kinds: list[str]
    fine_fen: int = Field(default=0, ge=0)
    decision_number: str
    place: str
    violation_code: str = ""
    facts: dict[str, Any] = {}
    sector: str = ""


class ReportIn(Schema):
    reported_on: dt.date


class TimelineOut(Schema):
    at: dt.datetime
    action: str
    actor: str
    basis: str
    after: Any
    reason: str


class MeasureIn(Schema):
    kind: str
    items: str
    reason: str
    started_on: dt.date
    approved_by_id: int | None = None
    emergency_at: dt.datetime | None = None
    amount_fen: int = Field(default=0, ge=0)


class MeasureOut(Schema):
    id: int
    case_id: int
    kind: str
    state: str
    state_label: str
    started_on: dt.date
    term_due_on: dt.date
    extended_days: int
    emergency: bool
    report_due_at: dt.datetime | None
    disposition: str

    @staticmethod
    def resolve_state_label(obj: CompulsoryMeasure) -> str:
        return str(MEASURE.state_label(obj.state))


class ExtendIn(Schema):
    days: int = Field(gt=0)
    reason: str
    approved_by_id: int
    extended_on: dt.date | None = None


class PauseIn(Schema):
    start: dt.date
    end: dt.date
    reason: str


class DisposeIn(Schema):
    disposition: str
    disposed_on: dt.date
    note: str


class TransferIn(Schema):
    report: str
    reported_on: dt.date


class TransferOut(Schema):
    id: int
    case_id: int
    state: str
    state_label: str
    reported_on: dt.date
    approval_due_on: dt.date | None
    approved_at: dt.datetime | None
    transfer_due_at: dt.datetime | None
    transferred_at: dt.datetime | None
    police_organ: str
    receipt_on: dt.date | None
    review_due_on: dt.date | None
    police_decision: str
    handover_due_on: dt.date | None

    @staticmethod
    def resolve_state_label(obj: CrimeTransfer) -> str:
        return str(TRANSFER.state_label(obj.state))


class ApproveTransferIn(Schema):
    approved_at: dt.datetime


class SendTransferIn(Schema):
    police_organ: str
    transferred_at: dt.datetime


class ReceiptIn(Schema):
    receipt_on: dt.date


class PoliceDecisionIn(Schema):
    filed: bool
    decided_on: dt.date


class OverdueOut(Schema):
    id: int
    number: str
    state: str
    organization_id: int
    decision_due_on: dt.date | None
    service_due_on: dt.date | None
    payment_due_on: dt.date | None


class MissingOut(Schema):
    case_id: int
    number: str
    organization_id: int
    missing: list[str]


class IneligibleOut(Schema):
    officer_id: int
    name: str
    certificate_number: str
    subject_id: int
    reason: str


# --- public ---------------------------------------------------------------------------


@router.get(
    "/subjects",
    response=list[SubjectOut],
    auth=None,
    operation_id="enforcement_subjects_list",
    summary="执法主体（公开） / enforcement subjects",
    url_name="enforcement-subjects",
)
@paginate(FazhiPagination)
def list_subjects(request: HttpRequest) -> Any:
    return selectors.list_subjects()


@router.get(
    "/matters",
    response=list[MatterOut],
    auth=None,
    operation_id="enforcement_matters_list",
    summary="执法事项（公开） / enforcement matters",
    url_name="enforcement-matters",
)
@paginate(FazhiPagination)
def list_matters(
    request: HttpRequest, subject_id: int | None = None, kind: str = ""
) -> Any:
    return selectors.list_matters(subject_id=subject_id, kind=kind)


@router.get(
    "/officers/lookup/{certificate_number}",
    response=PublicOfficerOut,
    auth=None,
    operation_id="enforcement_officer_lookup",
    summary="按执法证号查询执法人员（公开） / look up an officer by certificate number",
    url_name="enforcement-officer-lookup",
)
def lookup_officer(request: HttpRequest, certificate_number: str) -> Any:
    return selectors.get_public_officer(
        certificate_number=certificate_number, today=_today()
    )


# --- subjects, matters, officers (staff) -------------------------------------------------------


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    found = Organization.objects.filter(pk=organization_id, is_active=True).first()
    if found is None:
        raise NotFoundError(
            "没有此组织。", "No such organization.", code="organization_not_found"
        )
    return found


@router.post(
    "/subjects",
    response={201: SubjectOut},
    auth=staff_auth,
    operation_id="enforcement_subjects_create",
    summary="登记执法主体 / register an enforcement subject",
)
def create_subject(request: HttpRequest, payload: SubjectIn) -> Any:
    subject = services.register_subject(
        actor=_actor(request),
        organization=_organization(payload.organization_id),  # type: ignore[arg-type]
        kind=payload.kind,
        legal_basis=payload.legal_basis,
        entrusting_organization=_organization(payload.entrusting_organization_id),
        entrustment_scope=payload.entrustment_scope,
        entrustment_document=payload.entrustment_document,
        entrusted_from=payload.entrusted_from,
        entrusted_until=payload.entrusted_until,
    )
    return Status(201, subject)


@router.post(
    "/subjects/{subject_id}/matters",
    response={201: MatterOut},
    auth=staff_auth,
    operation_id="enforcement_matters_create",
    summary="登记执法事项 / add a matter",
)
def create_matter(request: HttpRequest, subject_id: int, payload: MatterIn) -> Any:
    matter = services.add_matter(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=subject_id),
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        citation=payload.citation,
    )
    return Status(201, matter)


@router.get(
    "/officers",
    response=list[OfficerOut],
    auth=staff_auth,
    operation_id="enforcement_officers_list",
    summary="执法人员（按可见范围） / officers",
)
@paginate(FazhiPagination)
def list_officers(request: HttpRequest, subject_id: int | None = None) -> Any:
    return selectors.list_officers(user=request.user, subject_id=subject_id)


@router.post(
    "/officers",
    response={201: OfficerOut},
    auth=staff_auth,
    operation_id="enforcement_officers_create",
    summary="登记执法人员和执法证 / register an officer",
)
def create_officer(request: HttpRequest, payload: OfficerIn) -> Any:
    user = User.objects.filter(pk=payload.user_id).first() if payload.user_id else None
    if payload.user_id and user is None:
        raise NotFoundError(
            "没有此账户。",
            "No such account.",
            code="account_not_found",
            field="user_id",
        )
    officer = services.register_officer(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=payload.subject_id),
        name=payload.name,
        certificate_number=payload.certificate_number,
        issuer=payload.issuer,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        user=user,
    )
    return Status(201, officer)


@router.post(
    "/officers/{officer_id}/certificate",
    response=OfficerOut,
    auth=staff_auth,
    operation_id="enforcement_officer_certificate_change",
    summary="暂扣、注销、恢复或延续执法证 / change a certificate",
)
def change_certificate(
    request: HttpRequest, officer_id: int, payload: CertificateChangeIn
) -> Any:
    actor = _actor(request)
    return services.change_certificate(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        status=payload.status,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )


@router.post(
    "/officers/{officer_id}/trainings",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_officer_training_create",
    summary="登记培训学时 / record training",
)
def create_training(request: HttpRequest, officer_id: int, payload: TrainingIn) -> Any:
    actor = _actor(request)
    training = services.record_training(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        attended_on=payload.attended_on,
        hours=str(payload.hours),
        course=payload.course,
        provider=payload.provider,
    )
    return Status(201, {"id": training.pk, "hours": str(training.hours)})


@router.post(
    "/officers/{officer_id}/exams",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_officer_exam_create",
    summary="登记执法资格考试 / record an exam",
)
def create_exam(request: HttpRequest, officer_id: int, payload: ExamIn) -> Any:
    actor = _actor(request)
    exam = services.record_exam(
        actor=actor,
        officer=selectors.get_officer(user=actor, officer_id=officer_id),
        taken_on=payload.taken_on,
        passed=payload.passed,
        score=None if payload.score is None else Decimal(str(payload.score)),
        note=payload.note,
    )
    return Status(201, {"id": exam.pk, "passed": exam.passed})


# --- cases -------------------------------------------------------------------------------


def _case(request: HttpRequest, case_id: int) -> PenaltyCase:
    return selectors.get_case(user=request.user, case_id=case_id)


@router.get(
    "/cases",
    response=list[CaseListOut],
    auth=staff_auth,
    operation_id="enforcement_cases_list",
    summary="行政处罚案件（按可见范围） / penalty cases",
)
@paginate(FazhiPagination)
def list_cases(request: HttpRequest, state: str = "", procedure: str = "") -> Any:
    return selectors.list_case_rows(user=request.user, state=state, procedure=procedure)


@router.get(
    "/cases/{case_id}",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_cases_get",
    summary="案件详情 / a case",
)
def get_case(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id)


@router.get(
    "/cases/{case_id}/timeline",
    response=list[TimelineOut],
    auth=staff_auth,
    operation_id="enforcement_case_timeline",
    summary="案件全过程记录 / the case's full-process record",
)
def case_timeline(request: HttpRequest, case_id: int) -> Any:
    return selectors.list_case_timeline(user=request.user, case=_case(request, case_id))


@router.post(
    "/cases",
    response={201: CaseOut},
    auth=staff_auth,
    operation_id="enforcement_cases_register_clue",
    summary="登记案件线索 / register a clue",
)
def register_clue(request: HttpRequest, payload: ClueIn) -> Any:
    actor = _actor(request)
    subject = selectors.get_subject(subject_id=payload.subject_id)
    matter = (
        selectors.get_matter(matter_id=payload.matter_id) if payload.matter_id else None
    )
    case = services.register_clue(
        actor=actor,
        subject=subject,
        summary=payload.summary,
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        received_on=payload.received_on,
        source=payload.source,
        clue=payload.clue,
        matter=matter,
        violation_on=payload.violation_on,
        violation_code=payload.violation_code,
        facts=payload.facts,
        sector=payload.sector,
        party_id_number=payload.party_id_number,
        party_address=payload.party_address,
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/file",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_file",
    summary="立案 / file the case",
)
def file_case(request: HttpRequest, case_id: int, payload: FileIn) -> Any:
    return services.file_case(
        actor=_actor(request),
        case=_case(request, case_id),
        filed_on=payload.filed_on,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/decline",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_decline_filing",
    summary="不予立案 / decline to file",
)
def decline_filing(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.decline_filing(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


def _officer_for(request: HttpRequest, officer_id: int) -> Officer:
    return selectors.get_officer(user=request.user, officer_id=officer_id)


@router.post(
    "/cases/{case_id}/officers",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_assign_officer",
    summary="指派执法人员 / assign an officer",
)
def assign_officer(request: HttpRequest, case_id: int, payload: AssignIn) -> Any:
    case = _case(request, case_id)
    services.assign_officer(
        actor=_actor(request),
        case=case,
        officer=_officer_for(request, payload.officer_id),
        assigned_on=payload.assigned_on,
    )
    return case


@router.post(
    "/cases/{case_id}/officers/release",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_release_officer",
    summary="撤回指派 / release an officer",
)
def release_officer(request: HttpRequest, case_id: int, payload: ReleaseIn) -> Any:
    case = _case(request, case_id)
    services.release_officer(
        actor=_actor(request),
        case=case,
        officer=_officer_for(request, payload.officer_id),
        reason=payload.reason,
    )
    return case


@router.post(
    "/cases/{case_id}/evidence",
    response={201: EvidenceOut},
    auth=staff_auth,
    operation_id="enforcement_case_add_evidence",
    summary="登记证据 / record evidence",
)
def add_evidence(request: HttpRequest, case_id: int, payload: EvidenceIn) -> Any:
    actor = _actor(request)
    case = _case(request, case_id)
    file = None
    if payload.file_id is not None:
        file = (
            scope(StoredFile.objects.all(), actor, policy=BUSINESS)
            .filter(pk=payload.file_id)
            .first()
        )
        if file is None:
            raise NotFoundError(
                "没有此文件。", "No such file.", code="file_not_found", field="file_id"
            )
    officers = [_officer_for(request, pk) for pk in payload.officer_ids]
    evidence = services.add_evidence(
        actor=actor,
        case=case,
        kind=payload.kind,
        title=payload.title,
        collected_on=payload.collected_on,
        description=payload.description,
        officers=officers,
        file=file,
    )
    return Status(201, evidence)


@router.post(
    "/cases/{case_id}/conclude",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_conclude_investigation",
    summary="调查终结并提出拟处理意见 / close the investigation",
)
def conclude_investigation(
    request: HttpRequest, case_id: int, payload: ConcludeIn
) -> Any:
    return services.conclude_investigation(
        actor=_actor(request),
        case=_case(request, case_id),
        report=payload.report,
        outcome=payload.outcome,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
        non_penalty_reasoning=payload.non_penalty_reasoning,
    )


@router.post(
    "/cases/{case_id}/proposal",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_revise_proposal",
    summary="调整拟处理意见 / revise the proposal",
)
def revise_proposal(request: HttpRequest, case_id: int, payload: ReviseIn) -> Any:
    return services.revise_proposal(
        actor=_actor(request),
        case=_case(request, case_id),
        outcome=payload.outcome,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
        non_penalty_reasoning=payload.non_penalty_reasoning,
        reason=payload.reason,
    )


@router.post(
    "/cases/{case_id}/reopen",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_reopen",
    summary="补充调查 / reopen the investigation",
)
def reopen_investigation(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.reopen_investigation(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


@router.post(
    "/cases/{case_id}/reviews",
    response={201: ReviewOut},
    auth=staff_auth,
    operation_id="enforcement_case_submit_review",
    summary="送法制审核 / submit for legal review",
)
def submit_review(request: HttpRequest, case_id: int) -> Any:
    return Status(
        201,
        services.submit_for_review(actor=_actor(request), case=_case(request, case_id)),
    )


@router.post(
    "/reviews/{review_id}",
    response=ReviewOut,
    auth=staff_auth,
    operation_id="enforcement_review_decide",
    summary="法制审核意见 / decide a legal review",
)
def decide_review(
    request: HttpRequest, review_id: int, payload: ReviewDecisionIn
) -> Any:
    actor = _actor(request)
    return services.decide_review(
        actor=actor,
        review=selectors.get_review(user=actor, review_id=review_id),
        approve=payload.approve,
        opinion=payload.opinion,
        reviewed_on=payload.reviewed_on,
    )


@router.post(
    "/cases/{case_id}/collective-discussion",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_collective_discussion",
    summary="负责人集体讨论 / record the collective discussion",
)
def collective_discussion(
    request: HttpRequest, case_id: int, payload: DiscussionIn
) -> Any:
    return services.record_collective_discussion(
        actor=_actor(request),
        case=_case(request, case_id),
        held_on=payload.held_on,
        summary=payload.summary,
    )


@router.post(
    "/cases/{case_id}/notice",
    response={201: NoticeOut},
    auth=staff_auth,
    operation_id="enforcement_case_notify",
    summary="事先告知 / notify the party",
)
def notify_party(request: HttpRequest, case_id: int, payload: NoticeIn) -> Any:
    notice = services.notify_party(
        actor=_actor(request),
        case=_case(request, case_id),
        served_on=payload.served_on,
        facts=payload.facts,
        reasons=payload.reasons,
        basis=payload.basis,
        rights=payload.rights or services.DEFAULT_RIGHTS,
    )
    return Status(201, notice)


@router.post(
    "/cases/{case_id}/statements",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_case_statement",
    summary="陈述申辩或放弃 / record a statement",
)
def record_statement(request: HttpRequest, case_id: int, payload: StatementIn) -> Any:
    statement = services.record_statement(
        actor=_actor(request),
        case=_case(request, case_id),
        received_on=payload.received_on,
        content=payload.content,
        kind=payload.kind,
        adopted=payload.adopted,
        review_note=payload.review_note,
    )
    return Status(201, {"id": statement.pk, "kind": statement.kind})


@router.post(
    "/cases/{case_id}/hearing",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_request_hearing",
    summary="申请听证 / request a hearing",
)
def request_hearing(
    request: HttpRequest, case_id: int, payload: HearingRequestIn
) -> Any:
    case = _case(request, case_id)
    services.request_hearing(
        actor=_actor(request), case=case, requested_on=payload.requested_on
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/schedule",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_schedule_hearing",
    summary="安排听证 / schedule the hearing",
)
def schedule_hearing(
    request: HttpRequest, case_id: int, payload: HearingScheduleIn
) -> Any:
    case = _case(request, case_id)
    presiding = User.objects.filter(pk=payload.presiding_id, is_active=True).first()
    if presiding is None:
        raise NotFoundError(
            "没有此账户。",
            "No such account.",
            code="account_not_found",
            field="presiding_id",
        )
    services.schedule_hearing(
        actor=_actor(request),
        case=case,
        scheduled_for=payload.scheduled_for,
        place=payload.place,
        notice_served_on=payload.notice_served_on,
        presiding=presiding,
        is_public=payload.is_public,
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/held",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_hold_hearing",
    summary="举行听证 / record the hearing",
)
def hold_hearing(request: HttpRequest, case_id: int, payload: HearingHeldIn) -> Any:
    case = _case(request, case_id)
    services.hold_hearing(
        actor=_actor(request),
        case=case,
        held_on=payload.held_on,
        record=payload.record,
        party_absent=payload.party_absent,
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/withdraw",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_withdraw_hearing",
    summary="撤回听证申请 / withdraw the request",
)
def withdraw_hearing(request: HttpRequest, case_id: int, payload: WithdrawIn) -> Any:
    return services.withdraw_hearing_request(
        actor=_actor(request),
        case=_case(request, case_id),
        withdrawn_on=payload.withdrawn_on,
    )


@router.post(
    "/cases/{case_id}/decision",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_decide",
    summary="作出决定 / decide",
)
def decide(request: HttpRequest, case_id: int, payload: DecisionIn) -> Any:
    return services.decide_case(
        actor=_actor(request),
        case=_case(request, case_id),
        decided_on=payload.decided_on,
        outcome=payload.outcome,
        decision_number=payload.decision_number,
        reasoning=payload.reasoning,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
    )


@router.post(
    "/cases/{case_id}/service",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_serve",
    summary="送达决定书 / serve the decision",
)
def serve(request: HttpRequest, case_id: int, payload: ServiceIn) -> Any:
    return services.serve_decision(
        actor=_actor(request),
        case=_case(request, case_id),
        served_on=payload.served_on,
        method=payload.method,
        electronic_consent=payload.electronic_consent,
    )


@router.post(
    "/cases/{case_id}/remedies",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_case_remedy_start",
    summary="登记复议或诉讼 / record a remedy",
)
def start_remedy(request: HttpRequest, case_id: int, payload: RemedyIn) -> Any:
    remedy = services.record_remedy(
        actor=_actor(request),
        case=_case(request, case_id),
        kind=payload.kind,
        started_on=payload.started_on,
    )
    return Status(201, {"id": remedy.pk})


@router.post(
    "/cases/{case_id}/remedies/{remedy_id}/end",
    response=dict,
    auth=staff_auth,
    operation_id="enforcement_case_remedy_end",
    summary="复议或诉讼终结 / end a remedy",
)
def end_remedy(
    request: HttpRequest, case_id: int, remedy_id: int, payload: RemedyEndIn
) -> Any:
    case = _case(request, case_id)
    remedy = case.remedies.filter(pk=remedy_id).first()
    if remedy is None:
        raise NotFoundError(
            "没有此复议或诉讼。", "No such remedy.", code="remedy_not_found"
        )
    services.end_remedy(
        actor=_actor(request),
        remedy=remedy,
        ended_on=payload.ended_on,
        result=payload.result,
        decision_outcome=payload.decision_outcome,
    )
    return {"id": remedy.pk, "ended_on": str(remedy.ended_on)}


@router.get(
    "/cases/{case_id}/surcharge",
    response=SurchargeOut,
    auth=staff_auth,
    operation_id="enforcement_case_surcharge",
    summary="加处罚款 / the late surcharge on a day",
)
def surcharge(request: HttpRequest, case_id: int, on: dt.date | None = None) -> Any:
    case = _case(request, case_id)
    day = on or _today()
    found = services.surcharge_on(case, day)
    if found is None:
        raise NotFoundError(
            "本案没有应缴罚款。", "There is no fine to pay.", code="no_fine"
        )
    return {
        "on": day,
        "fine_fen": found.fine_fen,
        "surcharge_fen": found.amount_fen,
        "days_counted": found.days_counted,
        "frozen_days": found.frozen_days,
        "capped": found.capped,
        "basis": found.basis,
    }


@router.post(
    "/cases/{case_id}/payment",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_payment",
    summary="缴纳罚款 / record payment",
)
def payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> Any:
    return services.record_payment(
        actor=_actor(request),
        case=_case(request, case_id),
        paid_on=payload.paid_on,
        amount_fen=payload.amount_fen,
    )


@router.post(
    "/cases/{case_id}/execution",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_execution",
    summary="执行完毕 / record execution",
)
def execution(request: HttpRequest, case_id: int, payload: ExecutionIn) -> Any:
    return services.record_execution(
        actor=_actor(request),
        case=_case(request, case_id),
        executed_on=payload.executed_on,
        note=payload.note,
        compulsory_at=payload.compulsory_at,
        urgent_reason=payload.urgent_reason,
    )


@router.post(
    "/cases/{case_id}/close",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_close",
    summary="结案 / close the case",
)
def close(request: HttpRequest, case_id: int, payload: CloseIn) -> Any:
    return services.close_case(
        actor=_actor(request), case=_case(request, case_id), closed_on=payload.closed_on
    )


@router.post(
    "/cases/{case_id}/dismiss",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_dismiss",
    summary="撤销立案 / dismiss the case",
)
def dismiss(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.dismiss_case(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


@router.post(
    "/on-the-spot",
    response={201: CaseOut},
    auth=staff_auth,
    operation_id="enforcement_on_the_spot_decide",
    summary="当场处罚（简易程序） / on-the-spot decision",
)
def on_the_spot(request: HttpRequest, payload: OnTheSpotIn) -> Any:
    case = services.decide_on_the_spot(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=payload.subject_id),
        officer=_officer_for(request, payload.officer_id),
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        decided_on=payload.decided_on,
        summary=payload.summary,
        basis=payload.basis,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        decision_number=payload.decision_number,
        place=payload.place,
        violation_code=payload.violation_code,
        facts=payload.facts,
        sector=payload.sector,
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/report",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_on_the_spot_report",
    summary="当场处罚备案 / report to the organ",
)
def report(request: HttpRequest, case_id: int, payload: ReportIn) -> Any:
    return services.report_on_the_spot(
        actor=_actor(request),
        case=_case(request, case_id),
        reported_on=payload.reported_on,
    )


# --- measures and transfers --------------------------------------------------------------


def _user(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFoundError(
            "没有此账户。", "No such account.", code="account_not_found", field=field
        )
    return user


@router.post(
    "/cases/{case_id}/measures",
    response={201: MeasureOut},
    auth=staff_auth,
    operation_id="enforcement_measure_impose",
    summary="查封、扣押、冻结 / impose a measure",
)
def impose_measure(request: HttpRequest, case_id: int, payload: MeasureIn) -> Any:
    measure = services.impose_measure(
        actor=_actor(request),
        case=_case(request, case_id),
        kind=payload.kind,
        items=payload.items,
        reason=payload.reason,
        started_on=payload.started_on,
        approved_by=_user(payload.approved_by_id, "approved_by_id"),
        emergency_at=payload.emergency_at,
        amount_fen=payload.amount_fen,
    )
    return Status(201, measure)


def _measure(request: HttpRequest, measure_id: int) -> CompulsoryMeasure:
    return selectors.get_measure(user=request.user, measure_id=measure_id)


@router.post(
    "/measures/{measure_id}/extend",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_extend",
    summary="延长期限 / extend the term",
)
def extend_measure(request: HttpRequest, measure_id: int, payload: ExtendIn) -> Any:
    return services.extend_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        days=payload.days,
        reason=payload.reason,
        approved_by=_user(payload.approved_by_id, "approved_by_id"),  # type: ignore[arg-type]
        extended_on=payload.extended_on,
    )


@router.post(
    "/measures/{measure_id}/pauses",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_pause",
    summary="检测等不计入期限 / exclude testing time",
)
def pause_measure(request: HttpRequest, measure_id: int, payload: PauseIn) -> Any:
    return services.pause_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        start=payload.start,
        end=payload.end,
        reason=payload.reason,
    )


@router.post(
    "/measures/{measure_id}/dispose",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_dispose",
    summary="处理决定 / dispose of the measure",
)
def dispose_measure(request: HttpRequest, measure_id: int, payload: DisposeIn) -> Any:
    return services.dispose_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        disposition=payload.disposition,
        disposed_on=payload.disposed_on,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/transfers",
    response={201: TransferOut},
    auth=staff_auth,
    operation_id="enforcement_transfer_report",
    summary="报请移送涉嫌犯罪案件 / report a transfer",
)
def report_transfer(request: HttpRequest, case_id: int, payload: TransferIn) -> Any:
    return Status(
        201,
        services.report_transfer(
            actor=_actor(request),
            case=_case(request, case_id),
            report=payload.report,
            reported_on=payload.reported_on,
        ),
    )


def _transfer(request: HttpRequest, transfer_id: int) -> CrimeTransfer:
    return selectors.get_transfer(user=request.user, transfer_id=transfer_id)


@router.post(
    "/transfers/{transfer_id}/approve",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_approve",
    summary="批准移送 / approve",
)
def approve_transfer(
    request: HttpRequest, transfer_id: int, payload: ApproveTransferIn
) -> Any:
    return services.approve_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        approved_at=payload.approved_at,
    )


@router.post(
    "/transfers/{transfer_id}/refuse",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_refuse",
    summary="不批准移送 / refuse",
)
def refuse_transfer(request: HttpRequest, transfer_id: int, payload: ReasonIn) -> Any:
    return services.refuse_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        reason=payload.reason,
    )


@router.post(
    "/transfers/{transfer_id}/send",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_send",
    summary="移送公安机关 / transfer",
)
def send_transfer(
    request: HttpRequest, transfer_id: int, payload: SendTransferIn
) -> Any:
    return services.send_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        police_organ=payload.police_organ,
        transferred_at=payload.transferred_at,
    )


@router.post(
    "/transfers/{transfer_id}/receipt",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_receipt",
    summary="公安机关签收 / police receipt",
)
def transfer_receipt(request: HttpRequest, transfer_id: int, payload: ReceiptIn) -> Any:
    return services.acknowledge_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        receipt_on=payload.receipt_on,
    )


@router.post(
    "/transfers/{transfer_id}/police-decision",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_police_decision",
    summary="公安机关决定 / police decision",
)
def police_decision(
    request: HttpRequest, transfer_id: int, payload: PoliceDecisionIn
) -> Any:
    return services.record_police_decision(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        filed=payload.filed,
        decided_on=payload.decided_on,
    )


# --- supervision ------------------------------------------------------------------------------


@router.get(
    "/supervision/overdue",
    response=list[OverdueOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_overdue",
    summary="超期案件 / overdue cases",
)
@paginate(FazhiPagination)
def overdue(request: HttpRequest) -> Any:
    return selectors.list_overdue_cases(user=request.user, today=_today())


@router.get(
    "/supervision/missing-steps",
    response=list[MissingOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_missing_steps",
    summary="缺少法定步骤的案件 / missing steps",
)
def missing_steps(request: HttpRequest) -> Any:
    return [
        {
            "case_id": c.pk,
            "number": c.number,
            "organization_id": c.organization_id,
            "missing": m,
        }
        for c, m in selectors.list_cases_missing_steps(user=request.user)
    ]


@router.get(
    "/supervision/ineligible-officers",
    response=list[IneligibleOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_ineligible_officers",
    summary="不具备执法资格的人员 / officers who may not act",
)
def ineligible_officers(request: HttpRequest) -> Any:
    return [
        {
            "officer_id": o.pk,
            "name": o.name,
            "certificate_number": o.certificate_number,
            "subject_id": o.subject_id,
            "reason": code,
        }
        for o, code in selectors.list_ineligible_officers(
            user=request.user, today=_today()
        )
    ]


@router.get(
    "/supervision/outside-benchmark",
    response=list[CaseListOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_outside_benchmark",
    summary="超出裁量基准的决定 / decisions outside the benchmark",
)
@paginate(FazhiPagination)
def outside_benchmark(request: HttpRequest) -> Any:
    return selectors.list_decisions_outside_benchmark(user=request.user)


# --- publicity: published decisions (第48条) -----------------------------------------------


class PublishedDecisionOut(Schema):
    """A published decision: every text field is the one masked at publication."""

    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    party_kind: str
    party: str
    summary: str
    facts: str
    legal_basis: str
    penalty: str
    decided_on: dt.date
    published_on: dt.date
    publication_ends_on: dt.date


class PublishedListOut(Schema):
    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    party: str
    summary: str
    decided_on: dt.date
    published_on: dt.date
    snippet: str = ""
    highlights: list[tuple[int, int]] = []

    @staticmethod
    def resolve_snippet(obj: Any, context: Any) -> str:
        q = context["request"].GET.get("q", "")
        return public_selectors.snippet(obj, q).text if q.strip() else ""

    @staticmethod
    def resolve_highlights(obj: Any, context: Any) -> list[tuple[int, int]]:
        q = context["request"].GET.get("q", "")
        return public_selectors.snippet(obj, q).highlights() if q.strip() else []


class WithdrawnDecisionOut(Schema):
    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    withdrawn: bool = True
    withdrawn_on: dt.date
    withdrawal_reason: str
    withdrawal_reason_label: str
    withdrawal_explanation: str

    @staticmethod
    def resolve_withdrawal_reason_label(obj: Any) -> str:
        return str(obj.get_withdrawal_reason_display())


class PublishIn(Schema):
    facts: str = ""
    legal_basis: str = ""
    published_on: dt.date | None = None


class PublicationOut(PublishedDecisionOut):
    case_id: int
    withdrawal_reason: str
    withdrawal_occurred_on: dt.date | None
    withdrawal_due_on: dt.date | None
    withdrawn_on: dt.date | None
    withdrawn_in_time: bool | None
    withdrawal_explanation: str
    ended_on: dt.date | None


class WithdrawalClockIn(Schema):
    reason: str
    occurred_on: dt.date


class WithdrawalIn(Schema):
    explanation: str
    reason: str = ""
    occurred_on: dt.date | None = None
    withdrawn_on: dt.date | None = None


@router.get(
    "/decisions",
    response=list[PublishedListOut],
    auth=None,
    operation_id="enforcement_decisions_list",
    summary="公开的行政处罚决定（已脱敏，可检索） / published decisions, masked, searchable",
    url_name="enforcement-decisions",
)
@paginate(FazhiPagination)
def list_published_decisions(request: HttpRequest, q: str = "") -> Any:
    return public_selectors.list_published(today=_today(), q=q)


def _export_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


@router.get(
    "/decisions/export.jsonl",
    response={200: None},
    auth=None,
    operation_id="enforcement_decisions_export",
    summary="导出公开的行政处罚决定（JSON Lines，已脱敏） / export published decisions",
    url_name="enforcement-decisions-jsonl",
)
def export_published_decisions(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _export_lines(public_selectors.export_rows(today=_today())),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.jsonl"'
    return response


@router.get(
    "/decisions/export.csv",
    response={200: None},
    auth=None,
    operation_id="enforcement_decisions_export_csv",
    summary="导出公开的行政处罚决定（CSV，UTF-8 带 BOM，已脱敏） / export as CSV",
    url_name="enforcement-decisions-csv",
)
def export_published_decisions_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The same masked rows as the JSON Lines export, for a spreadsheet: UTF-8 with
    a byte-order mark so Excel reads the Chinese text."""
    response = StreamingHttpResponse(
        public_selectors.export_csv_lines(today=_today()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@router.get(
    "/decisions/{publication_id}",
    response={200: PublishedDecisionOut, 410: WithdrawnDecisionOut},
    auth=None,
    operation_id="enforcement_decisions_get",
    summary="公开的行政处罚决定；已撤回的返回 410 和撤回理由 / a published decision",
)
def get_published_decision(request: HttpRequest, publication_id: int) -> Any:
    found = public_selectors.get_published(
        publication_id=publication_id, today=_today()
    )
    if found.is_withdrawn:
        return Status(410, found)
    return found


@router.post(
    "/cases/{case_id}/publication",
    response={201: PublicationOut},
    auth=staff_auth,
    operation_id="enforcement_case_publish",
    summary="公开处罚决定（脱敏） / publish the decision, masked",
)
def publish_decision(request: HttpRequest, case_id: int, payload: PublishIn) -> Any:
    publication = services.publish_decision(
        actor=_actor(request),
        case=_case(request, case_id),
        facts=payload.facts,
        legal_basis=payload.legal_basis,
        published_on=payload.published_on,
    )
    return Status(201, publication)


@router.get(
    "/publications",
    response=list[PublicationOut],
    auth=staff_auth,
    operation_id="enforcement_publications_list",
    summary="本机关公开的处罚决定（含已撤回） / our published decisions",
)
@paginate(FazhiPagination)
def list_publications(request: HttpRequest) -> Any:
    return public_selectors.list_publications(user=request.user)


def _publication(request: HttpRequest, publication_id: int) -> Any:
    return public_selectors.get_publication(
        user=request.user, publication_id=publication_id
    )


@router.post(
    "/publications/{publication_id}/withdrawal-clock",
    response=PublicationOut,
    auth=staff_auth,
    operation_id="enforcement_publication_withdrawal_clock",
    summary="决定被变更、撤销或确认违法、无效：开始撤回期限 / start the withdrawal clock",
)
def start_withdrawal_clock(
    request: HttpRequest, publication_id: int, payload: WithdrawalClockIn
) -> Any:
    return services.start_withdrawal_clock(
        actor=_actor(request),
        publication=_publication(request, publication_id),
        reason=payload.reason,
        occurred_on=payload.occurred_on,
    )


@router.post(
    "/publications/{publication_id}/withdrawal",
    response=PublicationOut,
    auth=staff_auth,
    operation_id="enforcement_publication_withdraw",
    summary="撤回公开的处罚决定并说明理由 / withdraw a published decision",
)
def withdraw_publication(
    request: HttpRequest, publication_id: int, payload: WithdrawalIn
) -> Any:
    return services.withdraw_publication(
        actor=_actor(request),
        publication=_publication(request, publication_id),
        explanation=payload.explanation,
        reason=payload.reason,
        occurred_on=payload.occurred_on,
        withdrawn_on=payload.withdrawn_on,
    )


# --- supervision dashboard and bulk import -----------------------------------------------------

from typing import Annotated  # noqa: E402 - kept with its endpoints

from fazhi.enforcement import dashboard  # noqa: E402

#: An organization id within the database's integers (else a validation error).
OrganizationId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class StateCountOut(Schema):
    state: str
    label: str
    cases: int


class DashboardSummaryOut(Schema):
    cases: int
    open_cases: int
    by_state: list[StateCountOut]
    overdue: int
    due_soon: int
    due_soon_days: int
    outside_benchmark: int
    fine_fen: int
    confiscation_fen: int
    organizations: int
    refreshed_at: dt.datetime | None


class DashboardOrganizationOut(Schema):
    organization_id: int
    name: str
    cases: int
    open_cases: int
    overdue: int
    due_soon: int
    outside_benchmark: int
    fine_fen: int


# A plain pydantic model for dict rows, as CaseListOut.
class ClockCaseOut(BaseModel):
    id: int
    number: str
    state: str
    summary: str
    organization_id: int
    due_on: dt.date | None


class ImportIn(Schema):
    records: list[dict[str, Any]] = Field(max_length=5000)


class RejectedOut(Schema):
    line: int
    number: str
    code: str
    zh: str
    en: str
    field: str | None


class ImportOut(Schema):
    read: int
    created: int
    already_present: int
    batches: int
    rejected: list[RejectedOut]


@router.get(
    "/dashboard/summary",
    response=DashboardSummaryOut,
    auth=staff_auth,
    operation_id="enforcement_dashboard_summary",
    summary="执法监督总览（按可见范围） / supervision summary",
)
def dashboard_summary(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.summary(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.get(
    "/dashboard/organizations",
    response=list[DashboardOrganizationOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_organizations",
    summary="各机关案件统计 / cases by organization",
)
@paginate(FazhiPagination)
def dashboard_organizations(request: HttpRequest) -> Any:
    return dashboard.by_organization(user=request.user, today=_today())


@router.get(
    "/dashboard/overdue",
    response=list[ClockCaseOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_overdue",
    summary="超期案件（可按机关） / overdue cases of an organization",
)
@paginate(FazhiPagination)
def dashboard_overdue(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.list_overdue(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.get(
    "/dashboard/due-soon",
    response=list[ClockCaseOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_due_soon",
    summary="即将到期的案件（可按机关） / cases due soon",
)
@paginate(FazhiPagination)
def dashboard_due_soon(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.list_due_soon(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.post(
    "/imports/cases",
    response=ImportOut,
    auth=staff_auth,
    operation_id="enforcement_cases_import",
    summary="批量导入案件（至多 5000 条） / import cases in bulk",
)
def import_cases(request: HttpRequest, payload: ImportIn) -> Any:
    return services.import_cases(
        actor=_actor(request), records=payload.records
    ).as_dict()
