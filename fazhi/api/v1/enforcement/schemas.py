"""The request and response bodies of the enforcement endpoints."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, Field

from fazhi.enforcement import selectors
from fazhi.enforcement.models import (
    CompulsoryMeasure,
    CrimeTransfer,
    EnforcementMatter,
    EnforcementSubject,
    PenaltyCase,
)
from fazhi.enforcement.workflows import MEASURE, PENALTY, TRANSFER


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
