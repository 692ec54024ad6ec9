"""行政规范性文件 / Administrative normative documents: public reads and staff steps.

Public (no log-in): drafts open for comment, submitting a comment, published
documents, the statements on comments, the catalogues, submitting a review
request. Staff (``staff_auth``): one endpoint per step of the procedure, each a
thin call of :mod:`fazhi.normdocs.services`; refusals are problem details with
the service's code and the article in ``detail``.

Anonymous submissions carry a honeypot field (``website``, hidden on the pages)
and a per-address limit (``NORMDOCS_PUBLIC_SUBMISSIONS_PER_HOUR``, default 20):
a filled honeypot is answered like a success and stored nowhere; over the limit
is ``429 throttled``. See docs/adr/0073-normdocs-public-submissions.md.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Organization
from fazhi.laws.models import Provision
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import (
    CampaignItem,
    Comment,
    Consultation,
    Document,
    Filing,
    LegalityReview,
    PrereviewFinding,
    ReviewRequest,
)

router = Router(tags=["行政规范性文件"])

DEFAULT_SUBMISSIONS_PER_HOUR = 20


# -- schemas --------------------------------------------------------------------------


class DocumentPublicOut(Schema):
    id: int
    title: str
    number: str | None
    organization: str
    state: str
    state_label: str
    published_on: dt.date | None
    effective_on: dt.date | None
    valid_until: dt.date | None
    ended_on: dt.date | None
    laws_url: str | None

    @staticmethod
    def resolve_organization(obj: Document) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_state_label(obj: Document) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_laws_url(obj: Document) -> str | None:
        return obj.version.get_absolute_url() if obj.version_id else None  # type: ignore[union-attr]


class DocumentPublicDetailOut(DocumentPublicOut):
    text: str


class ConsultationOut(Schema):
    id: int
    document_id: int
    title: str
    organization: str
    draft_text: str
    draft_explanation: str
    opens_on: dt.date
    closes_on: dt.date
    short_period_reason: str
    is_open: bool  # whether comments are accepted today

    @staticmethod
    def resolve_title(obj: Consultation) -> str:
        return obj.document.title

    @staticmethod
    def resolve_is_open(obj: Consultation) -> bool:
        return obj.is_open_on(timezone.localdate())

    @staticmethod
    def resolve_organization(obj: Consultation) -> str:
        return obj.document.organization.name


class StatementOut(Schema):
    consultation_id: int = Field(alias="id")
    title: str
    opens_on: dt.date
    closes_on: dt.date
    statement_published_on: dt.date | None
    adoption_statement: str

    @staticmethod
    def resolve_title(obj: Consultation) -> str:
        return obj.document.title

    @staticmethod
    def resolve_adoption_statement(obj: Consultation) -> str:
        """Masked as on the page: a commenter quoted in a comment is never named."""
        return selectors.public_statement_text(obj)


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=services.MAX_PUBLIC_TEXT)
    name: str = Field("", max_length=128)
    contact: str = Field("", max_length=128)
    website: str = Field("", description="留空 / leave empty (anti-spam honeypot)")


class ReceivedOut(Schema):
    received: bool
    due_on: dt.date | None = None
    receipt: str | None = None  # a review request's code, to follow the answer


class ReceiptOut(Schema):
    """What the requester sees with the receipt code: never the name or contact."""

    receipt: str
    document_id: int
    document_title: str
    document_number: str | None
    received_on: dt.date
    due_on: dt.date
    state: str
    state_label: str
    answered_on: dt.date | None
    answer: str

    @staticmethod
    def resolve_receipt(obj: ReviewRequest) -> str:
        return selectors.receipt_code(obj)

    @staticmethod
    def resolve_document_title(obj: ReviewRequest) -> str:
        return obj.document.title

    @staticmethod
    def resolve_document_number(obj: ReviewRequest) -> str | None:
        return obj.document.number

    @staticmethod
    def resolve_state_label(obj: ReviewRequest) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_answer(obj: ReviewRequest) -> str:
        """Masked as on the receipt page."""
        return selectors.public_answer_text(obj)


class ReviewRequestIn(Schema):
    text: str = Field(..., min_length=1, max_length=services.MAX_PUBLIC_TEXT)
    name: str = Field(..., min_length=1, max_length=128)
    contact: str = Field(..., min_length=1, max_length=128)
    website: str = Field("", description="留空 / leave empty (anti-spam honeypot)")


class PublicDocumentParams(Schema):
    q: str = ""
    organization: int | None = None
    status: str = Field("any", pattern="^(any|in_force)$")


class CatalogueEntryOut(Schema):
    document: DocumentPublicOut
    decision: str
    reason: str


class CampaignOut(Schema):
    id: int
    title: str
    organization: str
    started_on: dt.date
    published_on: dt.date | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return str(obj.organization.name)


class CampaignCataloguesOut(Schema):
    campaign: CampaignOut
    continuing: list[CatalogueEntryOut]
    abolished: list[CatalogueEntryOut]
    invalid: list[CatalogueEntryOut]


class ChecklistItemOut(Schema):
    id: str
    article: str
    zh: str
    en: str
    authorisable: bool


class OptionOut(Schema):
    id: str
    zh: str
    en: str


class ChecklistOut(Schema):
    statute: str
    gate: str
    items: list[ChecklistItemOut]
    exception_article: str
    purposes: list[OptionOut]
    conditions: list[OptionOut]


# -- anonymous submissions ---------------------------------------------------------------


def _throttle(request: HttpRequest, what: str) -> None:
    """A simple per-address limit on anonymous submissions (per process cache)."""
    limit = int(
        getattr(
            settings,
            "NORMDOCS_PUBLIC_SUBMISSIONS_PER_HOUR",
            DEFAULT_SUBMISSIONS_PER_HOUR,
        )
    )
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    key = f"normdocs:{what}:{digest}:{dt.datetime.now(dt.UTC):%Y%m%d%H}"
    count = int(cache.get_or_set(key, 0, timeout=3600) or 0)
    if count >= limit:
        raise HttpError(429, "throttled")
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=3600)


# -- public ---------------------------------------------------------------------------


@router.get(
    "/consultations",
    response=list[ConsultationOut],
    auth=None,
    url_name="normdocs-consultations",
    operation_id="normdocs_list_open_consultations",
    summary="正在征求意见的草案 / Drafts open for comment",
)
@paginate(FazhiPagination)
def list_open_consultations(request: HttpRequest) -> Any:
    return selectors.list_open_consultations()


@router.get(
    "/consultations/{consultation_id}",
    response=ConsultationOut,
    auth=None,
    url_name="normdocs-consultation",
    operation_id="normdocs_get_consultation",
    summary="征求意见稿（含已结束的） / A draft published for comment, open or over",
)
def get_consultation(request: HttpRequest, consultation_id: int) -> Any:
    """As the page: the draft stays readable after the period; ``is_open`` says
    whether comments are still accepted."""
    return selectors.get_public_consultation(pk=consultation_id)


@router.post(
    "/consultations/{consultation_id}/comments",
    response={201: ReceivedOut},
    auth=None,
    url_name="normdocs-comment",
    operation_id="normdocs_submit_comment",
    summary="提交意见 / Submit a comment",
)
def submit_comment(
    request: HttpRequest, consultation_id: int, payload: CommentIn
) -> Any:
    """Anonymous; the name and contact are optional and never published. A
    consultation that is over answers ``409 consultation_closed``, as the page does."""
    _throttle(request, "comment")
    consultation = selectors.get_public_consultation(pk=consultation_id)
    if payload.website:
        return Status(201, {"received": True})
    services.submit_comment(
        consultation=consultation,
        text=payload.text,
        name=payload.name,
        contact=payload.contact,
    )
    return Status(201, {"received": True})


@router.get(
    "/statements",
    response=list[StatementOut],
    auth=None,
    url_name="normdocs-statements",
    operation_id="normdocs_list_adoption_statements",
    summary="意见采纳情况说明 / Statements on the comments",
)
@paginate(FazhiPagination)
def list_adoption_statements(request: HttpRequest) -> Any:
    return selectors.list_adoption_statements()


@router.get(
    "/documents",
    response=list[DocumentPublicOut],
    auth=None,
    url_name="normdocs-documents",
    operation_id="normdocs_list_published_documents",
    summary="已公布的规范性文件 / Published documents",
)
@paginate(FazhiPagination)
def list_published_documents(
    request: HttpRequest, params: Query[PublicDocumentParams]
) -> Any:
    organization = None
    if params.organization is not None:
        organization = Organization.objects.filter(pk=params.organization).first()
        if organization is None:
            return Document.objects.none()
    return selectors.list_published_documents(
        q=params.q,
        organization=organization,
        in_force_on=selectors._today(None) if params.status == "in_force" else None,
    ).select_related("version", "version__instrument")


@router.get(
    "/documents/{document_id}",
    response=DocumentPublicDetailOut,
    auth=None,
    url_name="normdocs-document",
    operation_id="normdocs_get_published_document",
    summary="规范性文件 / A published document",
)
def get_published_document(request: HttpRequest, document_id: int) -> Any:
    return selectors.get_published_document(pk=document_id)


@router.post(
    "/documents/{document_id}/review-requests",
    response={201: ReceivedOut},
    auth=None,
    url_name="normdocs-review-request",
    operation_id="normdocs_submit_review_request",
    summary="提出审查建议 / Request a review of a document",
)
def submit_review_request(
    request: HttpRequest, document_id: int, payload: ReviewRequestIn
) -> Any:
    """Anonymous; the name and contact are needed for the written answer."""
    _throttle(request, "review_request")
    document = selectors.get_published_document(pk=document_id)
    if payload.website:
        return Status(201, {"received": True})
    received = services.submit_review_request(
        document=document, text=payload.text, name=payload.name, contact=payload.contact
    )
    return Status(
        201,
        {
            "received": True,
            "due_on": received.due_on,
            "receipt": selectors.receipt_code(received),
        },
    )


@router.get(
    "/review-requests/{code}",
    response=ReceiptOut,
    auth=None,
    url_name="normdocs-receipt",
    operation_id="normdocs_get_review_request_by_receipt",
    summary="凭回执码查询审查建议 / Follow a review request by its receipt code",
)
def get_review_request_by_receipt(request: HttpRequest, code: str) -> Any:
    """The state, due day and (masked) answer; a code that does not match is a 404."""
    return selectors.get_review_request_by_receipt(code=code)


@router.get(
    "/catalogues/{kind}",
    response=list[DocumentPublicOut],
    auth=None,
    url_name="normdocs-catalogue",
    operation_id="normdocs_catalogue",
    summary="文件目录（现行有效、已失效、已废止）/ Catalogues (in force, expired, abolished)",
)
@paginate(FazhiPagination)
def catalogue(request: HttpRequest, kind: str) -> Any:
    return selectors.catalogue(kind=kind)


@router.get(
    "/campaigns",
    response=list[CampaignOut],
    auth=None,
    url_name="normdocs-campaigns",
    operation_id="normdocs_list_published_campaigns",
    summary="已公布的清理结果 / Published clean-ups",
)
@paginate(FazhiPagination)
def list_published_campaigns(request: HttpRequest) -> Any:
    return selectors.list_published_campaigns().select_related("organization")


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignCataloguesOut,
    auth=None,
    url_name="normdocs-campaign",
    operation_id="normdocs_get_campaign_catalogues",
    summary="清理目录 / The catalogues of a clean-up",
)
def get_campaign_catalogues(request: HttpRequest, campaign_id: int) -> Any:
    campaign = selectors.get_published_campaign(pk=campaign_id)
    return selectors.campaign_catalogues(campaign=campaign, public=True)


@router.get(
    "/fair-competition-checklist",
    response=ChecklistOut,
    auth=None,
    url_name="normdocs-fcr-checklist",
    operation_id="normdocs_fair_competition_checklist",
    summary="公平竞争审查清单 / Fair-competition checklist",
)
def fair_competition_checklist(request: HttpRequest) -> Any:
    return selectors.fair_competition_checklist()


# -- staff schemas ------------------------------------------------------------------------


class StepOut(Schema):
    name: str
    label: str
    target: str
    basis: str

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)


class DocumentStaffOut(DocumentPublicOut):
    text: str
    explanation: str
    affects_rights: bool
    touches_economic_activity: bool
    organization_id: int
    review_organization_id: int
    registered_on: dt.date | None
    renewal_of_id: int | None
    legal_basis_ids: list[int]

    @staticmethod
    def resolve_legal_basis_ids(obj: Document) -> list[int]:
        return list(obj.bases.values_list("provision_id", flat=True))


class DocumentDetailOut(DocumentStaffOut):
    available_steps: list[StepOut]

    @staticmethod
    def resolve_available_steps(obj: Document) -> list[Any]:
        return selectors.available_steps(document=obj)


class DraftIn(Schema):
    organization_id: int
    title: str
    text: str
    explanation: str = ""
    affects_rights: bool = True
    touches_economic_activity: bool = False
    review_organization_id: int | None = None
    legal_basis_ids: list[int] = []


class DraftPatch(Schema):
    title: str | None = None
    text: str | None = None
    explanation: str | None = None
    affects_rights: bool | None = None
    touches_economic_activity: bool | None = None
    legal_basis_ids: list[int] | None = None


class StaffDocumentParams(Schema):
    state: str = ""
    q: str = ""


class ReasonIn(Schema):
    reason: str


class EndIn(Schema):
    on: dt.date
    reason: str


class ConsultationIn(Schema):
    closes_on: dt.date | None = (
        None  # default: the minimum period (normdocs.comment_period)
    )
    opens_on: dt.date | None = None
    short_period_reason: str = ""


class ConsultationStaffOut(ConsultationOut):
    closed_on: dt.date | None
    statement_published_on: dt.date | None
    adoption_statement: str


class CommentStaffOut(Schema):
    id: int
    text: str
    name: str
    contact: str
    submitted_at: dt.datetime
    disposition: str
    reason: str


class DispositionIn(Schema):
    disposition: str
    reason: str = ""


class FindingOut(Schema):
    id: int
    detector: str
    rule_id: str
    severity: str
    clause: str
    rule: str
    citation: str
    disposition: str
    note: str


class FindingDispositionIn(Schema):
    disposition: str
    note: str = ""


class ReviewOut(Schema):
    id: int
    document_id: int
    title: str
    reviewing_organization_id: int
    submitted_on: dt.date
    due_on: dt.date
    due_basis: str
    outcome: str
    opinion: str
    concluded_on: dt.date | None
    findings: list[FindingOut]

    @staticmethod
    def resolve_title(obj: LegalityReview) -> str:
        return obj.document.title

    @staticmethod
    def resolve_findings(obj: LegalityReview) -> list[PrereviewFinding]:
        return list(obj.findings.all())


class ConclusionIn(Schema):
    outcome: str
    opinion: str


class FairCompetitionIn(Schema):
    answers: dict[str, bool]
    conclusion: str
    authorised_items: list[str] = []
    exception: dict[str, Any] | None = None


class FairCompetitionOut(Schema):
    id: int
    outcome: str
    answers: dict[str, bool]
    authorised_items: list[str]
    exception: dict[str, Any]
    conclusion: str
    reviewed_on: dt.date


class DeliberationIn(Schema):
    meeting: str
    held_on: dt.date
    decision: str
    minutes: str = ""


class DeliberationOut(Schema):
    id: int
    meeting: str
    held_on: dt.date
    decision: str
    minutes: str


class PublicationIn(Schema):
    published_on: dt.date | None = None
    effective_on: dt.date | None = None
    valid_until: dt.date | None = None


class FilingIn(Schema):
    filing_body_id: int | None = None


class FilingOut(Schema):
    id: int
    document_id: int
    filing_body_id: int
    state: str
    due_on: dt.date
    due_basis: str
    submitted_on: dt.date
    is_late: bool
    review_due_on: dt.date
    review_due_basis: str
    reviewed_on: dt.date | None
    opinion: str
    response_due_on: dt.date | None
    response_due_basis: str
    response: str
    responded_on: dt.date | None


class FilingReviewIn(Schema):
    outcome: str
    opinion: str


class ResponseIn(Schema):
    response: str


class NumberingIn(Schema):
    organization_id: int
    prefix: str
    pattern: str = "{prefix}〔{year}〕{number}号"


class NumberingOut(Schema):
    organization_id: int
    prefix: str
    pattern: str


class ExistingIn(Schema):
    organization_id: int
    title: str
    text: str
    number: str
    published_on: dt.date
    effective_on: dt.date | None = None
    valid_until: dt.date | None = None


class CampaignIn(Schema):
    organization_id: int
    title: str
    basis: str = ""
    document_ids: list[int] = []


class DocumentsIn(Schema):
    document_ids: list[int]


class CampaignItemOut(Schema):
    id: int
    document_id: int
    decision: str
    reason: str


class CampaignStaffOut(CampaignOut):
    basis: str
    items: list[CampaignItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[CampaignItem]:
        return list(obj.items.all())


class DecisionIn(Schema):
    decision: str
    reason: str


class ReviewRequestOut(Schema):
    id: int
    document_id: int
    text: str
    name: str
    contact: str
    received_on: dt.date
    due_on: dt.date
    state: str
    answer: str
    answered_on: dt.date | None


class AnswerIn(Schema):
    answer: str


# -- staff helpers --------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _document(request: HttpRequest, document_id: int) -> Document:
    return selectors.get_document(user=_user(request), pk=document_id)


def _organization(organization_id: int) -> Organization:
    organization = Organization.objects.filter(
        pk=organization_id, is_active=True
    ).first()
    if organization is None:
        raise NotFoundError(
            "没有找到该组织。", "No such organization.", code="organization_not_found"
        )
    return organization


def _provisions(ids: list[int]) -> list[Provision]:
    found = list(Provision.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise NotFoundError(
            "制定依据中有不存在的条文。",
            "A legal basis names a provision that does not exist.",
            code="provision_not_found",
        )
    return found


def _consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        raise selectors._not_found()
    _document(request, consultation.document_id)
    return consultation


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_related("consultation").filter(pk=comment_id).first()
    )
    if comment is None:
        raise selectors._not_found()
    _document(request, comment.consultation.document_id)
    return comment


def _finding(request: HttpRequest, finding_id: int) -> PrereviewFinding:
    finding = PrereviewFinding.objects.filter(pk=finding_id).first()
    if finding is None:
        raise selectors._not_found()
    selectors.get_review(user=_user(request), pk=finding.review_id)
    return finding


def _filing(request: HttpRequest, filing_id: int) -> Filing:
    return selectors.get_filing(user=_user(request), pk=filing_id)


def _review_request(request: HttpRequest, request_id: int) -> ReviewRequest:
    return selectors.get_review_request(user=_user(request), pk=request_id)


# -- staff endpoints ------------------------------------------------------------------------


@router.post(
    "/staff/numbering",
    response=NumberingOut,
    auth=staff_auth,
    url_name="normdocs-staff-numbering",
    operation_id="normdocs_configure_numbering",
    summary="设置编号规则 / Configure numbering",
)
def configure_numbering(request: HttpRequest, payload: NumberingIn) -> Any:
    return services.configure_numbering(
        actor=_user(request),
        organization=_organization(payload.organization_id),
        prefix=payload.prefix,
        pattern=payload.pattern,
    )


@router.get(
    "/staff/documents",
    response=list[DocumentStaffOut],
    auth=staff_auth,
    url_name="normdocs-staff-documents",
    operation_id="normdocs_staff_list_documents",
    summary="我可见的规范性文件 / Documents in my scope",
)
@paginate(FazhiPagination)
def staff_list_documents(
    request: HttpRequest, params: Query[StaffDocumentParams]
) -> Any:
    return selectors.list_documents(
        user=_user(request), state=params.state or None, q=params.q
    )


@router.post(
    "/staff/documents",
    response={201: DocumentDetailOut},
    auth=staff_auth,
    url_name="normdocs-staff-create",
    operation_id="normdocs_create_draft",
    summary="起草 / Start a draft",
)
def create_draft(request: HttpRequest, payload: DraftIn) -> Any:
    document = services.create_draft(
        actor=_user(request),
        organization=_organization(payload.organization_id),
        title=payload.title,
        text=payload.text,
        explanation=payload.explanation,
        affects_rights=payload.affects_rights,
        touches_economic_activity=payload.touches_economic_activity,
        review_organization=(
            _organization(payload.review_organization_id)
            if payload.review_organization_id
            else None
        ),
        legal_bases=_provisions(payload.legal_basis_ids),
    )
    return Status(201, document)


@router.post(
    "/staff/documents/existing",
    response={201: DocumentStaffOut},
    auth=staff_auth,
    url_name="normdocs-staff-existing",
    operation_id="normdocs_record_existing_document",
    summary="登记存量文件 / Record a document issued before the system",
)
def record_existing_document(request: HttpRequest, payload: ExistingIn) -> Any:
    document = services.record_existing_document(
        actor=_user(request),
        organization=_organization(payload.organization_id),
        title=payload.title,
        text=payload.text,
        number=payload.number,
        published_on=payload.published_on,
        effective_on=payload.effective_on,
        valid_until=payload.valid_until,
    )
    return Status(201, document)


@router.get(
    "/staff/documents/{document_id}",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-document",
    operation_id="normdocs_staff_get_document",
    summary="规范性文件（含可办理的步骤）/ A document with its available steps",
)
def staff_get_document(request: HttpRequest, document_id: int) -> Any:
    return _document(request, document_id)


@router.patch(
    "/staff/documents/{document_id}",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-update",
    operation_id="normdocs_update_draft",
    summary="修改草案 / Edit a draft",
)
def update_draft(request: HttpRequest, document_id: int, payload: DraftPatch) -> Any:
    return services.update_draft(
        actor=_user(request),
        document=_document(request, document_id),
        title=payload.title,
        text=payload.text,
        explanation=payload.explanation,
        affects_rights=payload.affects_rights,
        touches_economic_activity=payload.touches_economic_activity,
        legal_bases=(
            _provisions(payload.legal_basis_ids)
            if payload.legal_basis_ids is not None
            else None
        ),
    )


@router.post(
    "/staff/documents/{document_id}/withdrawal",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-withdraw",
    operation_id="normdocs_withdraw_document",
    summary="撤回 / Withdraw before publication",
)
def withdraw_document(request: HttpRequest, document_id: int, payload: ReasonIn) -> Any:
    return services.withdraw_document(
        actor=_user(request),
        document=_document(request, document_id),
        reason=payload.reason,
    )


@router.post(
    "/staff/documents/{document_id}/consultation",
    response={201: ConsultationStaffOut},
    auth=staff_auth,
    url_name="normdocs-staff-open-consultation",
    operation_id="normdocs_open_consultation",
    summary="公开征求意见 / Open the public consultation",
)
def open_consultation(
    request: HttpRequest, document_id: int, payload: ConsultationIn
) -> Any:
    consultation = services.open_consultation(
        actor=_user(request),
        document=_document(request, document_id),
        closes_on=payload.closes_on,
        opens_on=payload.opens_on,
        short_period_reason=payload.short_period_reason,
    )
    return Status(201, consultation)


@router.post(
    "/staff/documents/{document_id}/consultation/closure",
    response=ConsultationStaffOut,
    auth=staff_auth,
    url_name="normdocs-staff-close-consultation",
    operation_id="normdocs_close_consultation",
    summary="结束征求意见 / Close the consultation",
)
def close_consultation(request: HttpRequest, document_id: int) -> Any:
    return services.close_consultation(
        actor=_user(request), document=_document(request, document_id)
    )


@router.get(
    "/staff/consultations/{consultation_id}/comments",
    response=list[CommentStaffOut],
    auth=staff_auth,
    url_name="normdocs-staff-comments",
    operation_id="normdocs_list_comments",
    summary="收到的意见（含联系方式）/ Comments received, with contacts",
)
@paginate(FazhiPagination)
def list_comments(request: HttpRequest, consultation_id: int) -> Any:
    return selectors.list_comments(
        user=_user(request), consultation=_consultation(request, consultation_id)
    )


@router.post(
    "/staff/comments/{comment_id}/disposition",
    response=CommentStaffOut,
    auth=staff_auth,
    url_name="normdocs-staff-dispose-comment",
    operation_id="normdocs_dispose_comment",
    summary="处理意见 / Dispose of a comment",
)
def dispose_comment(
    request: HttpRequest, comment_id: int, payload: DispositionIn
) -> Any:
    return services.dispose_comment(
        actor=_user(request),
        comment=_comment(request, comment_id),
        disposition=payload.disposition,
        reason=payload.reason,
    )


@router.post(
    "/staff/consultations/{consultation_id}/statement",
    response=ConsultationStaffOut,
    auth=staff_auth,
    url_name="normdocs-staff-statement",
    operation_id="normdocs_publish_adoption_statement",
    summary="公布意见采纳情况 / Publish the statement on comments",
)
def publish_adoption_statement(request: HttpRequest, consultation_id: int) -> Any:
    return services.publish_adoption_statement(
        actor=_user(request), consultation=_consultation(request, consultation_id)
    )


@router.post(
    "/staff/documents/{document_id}/review",
    response={201: ReviewOut},
    auth=staff_auth,
    url_name="normdocs-staff-submit-review",
    operation_id="normdocs_submit_for_review",
    summary="送交合法性审核 / Submit for legality review",
)
def submit_for_review(request: HttpRequest, document_id: int) -> Any:
    review = services.submit_for_review(
        actor=_user(request), document=_document(request, document_id)
    )
    return Status(201, review)


@router.get(
    "/staff/reviews",
    response=list[ReviewOut],
    auth=staff_auth,
    url_name="normdocs-staff-reviews",
    operation_id="normdocs_list_reviews_to_do",
    summary="待我审核 / Legality reviews to do",
)
@paginate(FazhiPagination)
def list_reviews_to_do(request: HttpRequest) -> Any:
    return selectors.list_reviews_to_do(user=_user(request))


@router.get(
    "/staff/reviews/{review_id}",
    response=ReviewOut,
    auth=staff_auth,
    url_name="normdocs-staff-review",
    operation_id="normdocs_get_review",
    summary="合法性审核及预审发现 / A legality review with its findings",
)
def get_review(request: HttpRequest, review_id: int) -> Any:
    return selectors.get_review(user=_user(request), pk=review_id)


@router.post(
    "/staff/findings/{finding_id}/disposition",
    response=FindingOut,
    auth=staff_auth,
    url_name="normdocs-staff-dispose-finding",
    operation_id="normdocs_dispose_finding",
    summary="处理预审发现 / Dispose of a pre-review finding",
)
def dispose_finding(
    request: HttpRequest, finding_id: int, payload: FindingDispositionIn
) -> Any:
    return services.dispose_finding(
        actor=_user(request),
        finding=_finding(request, finding_id),
        disposition=payload.disposition,
        note=payload.note,
    )


@router.post(
    "/staff/reviews/{review_id}/conclusion",
    response=ReviewOut,
    auth=staff_auth,
    url_name="normdocs-staff-conclude-review",
    operation_id="normdocs_conclude_review",
    summary="作出审核结论 / Conclude the legality review",
)
def conclude_review(request: HttpRequest, review_id: int, payload: ConclusionIn) -> Any:
    return services.conclude_review(
        actor=_user(request),
        review=selectors.get_review(user=_user(request), pk=review_id),
        outcome=payload.outcome,
        opinion=payload.opinion,
    )


@router.post(
    "/staff/documents/{document_id}/fair-competition",
    response={201: FairCompetitionOut},
    auth=staff_auth,
    url_name="normdocs-staff-fcr",
    operation_id="normdocs_record_fair_competition_review",
    summary="公平竞争审查 / Record the fair-competition review",
)
def record_fair_competition_review(
    request: HttpRequest, document_id: int, payload: FairCompetitionIn
) -> Any:
    review = services.record_fair_competition_review(
        actor=_user(request),
        document=_document(request, document_id),
        answers=payload.answers,
        conclusion=payload.conclusion,
        authorised_items=payload.authorised_items,
        exception=payload.exception,
    )
    return Status(201, review)


@router.post(
    "/staff/documents/{document_id}/deliberation",
    response={201: DeliberationOut},
    auth=staff_auth,
    url_name="normdocs-staff-deliberation",
    operation_id="normdocs_record_deliberation",
    summary="集体审议 / Record the collective discussion",
)
def record_deliberation(
    request: HttpRequest, document_id: int, payload: DeliberationIn
) -> Any:
    deliberation = services.record_deliberation(
        actor=_user(request),
        document=_document(request, document_id),
        meeting=payload.meeting,
        held_on=payload.held_on,
        decision=payload.decision,
        minutes=payload.minutes,
    )
    return Status(201, deliberation)


@router.post(
    "/staff/documents/{document_id}/registration",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-register",
    operation_id="normdocs_register_document",
    summary="统一登记编号 / Register and number",
)
def register_document(request: HttpRequest, document_id: int) -> Any:
    return services.register_document(
        actor=_user(request), document=_document(request, document_id)
    )


@router.post(
    "/staff/documents/{document_id}/publication",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-publish",
    operation_id="normdocs_publish_document",
    summary="公布 / Publish",
)
def publish_document(
    request: HttpRequest, document_id: int, payload: PublicationIn
) -> Any:
    return services.publish_document(
        actor=_user(request),
        document=_document(request, document_id),
        published_on=payload.published_on,
        effective_on=payload.effective_on,
        valid_until=payload.valid_until,
    )


@router.post(
    "/staff/documents/{document_id}/filing",
    response={201: FilingOut},
    auth=staff_auth,
    url_name="normdocs-staff-file",
    operation_id="normdocs_submit_filing",
    summary="报送备案 / File with the higher government",
)
def submit_filing(request: HttpRequest, document_id: int, payload: FilingIn) -> Any:
    filing = services.submit_filing(
        actor=_user(request),
        document=_document(request, document_id),
        filing_body=_organization(payload.filing_body_id)
        if payload.filing_body_id
        else None,
    )
    return Status(201, filing)


@router.get(
    "/staff/filings",
    response=list[FilingOut],
    auth=staff_auth,
    url_name="normdocs-staff-filings",
    operation_id="normdocs_list_filings_to_review",
    summary="待备案审查 / Filings to review",
)
@paginate(FazhiPagination)
def list_filings_to_review(request: HttpRequest) -> Any:
    return selectors.list_filings_to_review(user=_user(request))


@router.post(
    "/staff/filings/{filing_id}/review",
    response=FilingOut,
    auth=staff_auth,
    url_name="normdocs-staff-review-filing",
    operation_id="normdocs_conclude_filing_review",
    summary="备案审查结论 / Conclude the filing review",
)
def conclude_filing_review(
    request: HttpRequest, filing_id: int, payload: FilingReviewIn
) -> Any:
    return services.conclude_filing_review(
        actor=_user(request),
        filing=_filing(request, filing_id),
        outcome=payload.outcome,
        opinion=payload.opinion,
    )


@router.post(
    "/staff/filings/{filing_id}/response",
    response=FilingOut,
    auth=staff_auth,
    url_name="normdocs-staff-respond-filing",
    operation_id="normdocs_respond_to_filing_review",
    summary="报告处理情况 / Report the handling of the filing review",
)
def respond_to_filing_review(
    request: HttpRequest, filing_id: int, payload: ResponseIn
) -> Any:
    return services.respond_to_filing_review(
        actor=_user(request),
        filing=_filing(request, filing_id),
        response=payload.response,
    )


@router.post(
    "/staff/documents/{document_id}/renewal",
    response={201: DocumentDetailOut},
    auth=staff_auth,
    url_name="normdocs-staff-renew",
    operation_id="normdocs_start_renewal",
    summary="重新制定（有效期届满需继续执行）/ Start a renewal",
)
def start_renewal(request: HttpRequest, document_id: int) -> Any:
    renewal = services.start_renewal(
        actor=_user(request), document=_document(request, document_id)
    )
    return Status(201, renewal)


@router.post(
    "/staff/documents/{document_id}/abolition",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-abolish",
    operation_id="normdocs_abolish_document",
    summary="废止 / Abolish",
)
def abolish_document(request: HttpRequest, document_id: int, payload: EndIn) -> Any:
    return services.abolish_document(
        actor=_user(request),
        document=_document(request, document_id),
        on=payload.on,
        reason=payload.reason,
    )


@router.post(
    "/staff/documents/{document_id}/invalidation",
    response=DocumentDetailOut,
    auth=staff_auth,
    url_name="normdocs-staff-invalidate",
    operation_id="normdocs_declare_invalid",
    summary="宣布失效 / Declare invalid",
)
def declare_invalid(request: HttpRequest, document_id: int, payload: EndIn) -> Any:
    return services.declare_invalid(
        actor=_user(request),
        document=_document(request, document_id),
        on=payload.on,
        reason=payload.reason,
    )


@router.get(
    "/staff/campaigns",
    response=list[CampaignStaffOut],
    auth=staff_auth,
    url_name="normdocs-staff-campaigns",
    operation_id="normdocs_staff_list_campaigns",
    summary="清理 / Clean-up campaigns",
)
@paginate(FazhiPagination)
def staff_list_campaigns(request: HttpRequest) -> Any:
    return selectors.list_campaigns(user=_user(request)).select_related("organization")


@router.post(
    "/staff/campaigns",
    response={201: CampaignStaffOut},
    auth=staff_auth,
    url_name="normdocs-staff-start-campaign",
    operation_id="normdocs_start_campaign",
    summary="发起清理 / Start a clean-up",
)
def start_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    user = _user(request)
    campaign = services.start_campaign(
        actor=user,
        organization=_organization(payload.organization_id),
        title=payload.title,
        basis=payload.basis,
        documents=[
            selectors.get_document(user=user, pk=pk) for pk in payload.document_ids
        ],
    )
    return Status(201, campaign)


@router.post(
    "/staff/campaigns/{campaign_id}/documents",
    response=CampaignStaffOut,
    auth=staff_auth,
    url_name="normdocs-staff-campaign-documents",
    operation_id="normdocs_add_to_campaign",
    summary="列入清理 / Select documents for a clean-up",
)
def add_to_campaign(
    request: HttpRequest, campaign_id: int, payload: DocumentsIn
) -> Any:
    user = _user(request)
    return services.add_to_campaign(
        actor=user,
        campaign=selectors.get_campaign(user=user, pk=campaign_id),
        documents=[
            selectors.get_document(user=user, pk=pk) for pk in payload.document_ids
        ],
    )


@router.post(
    "/staff/campaigns/{campaign_id}/items/{item_id}/decision",
    response=CampaignItemOut,
    auth=staff_auth,
    url_name="normdocs-staff-campaign-decide",
    operation_id="normdocs_decide_campaign_item",
    summary="清理结论 / Decide one document of a clean-up",
)
def decide_campaign_item(
    request: HttpRequest, campaign_id: int, item_id: int, payload: DecisionIn
) -> Any:
    campaign = selectors.get_campaign(user=_user(request), pk=campaign_id)
    item = campaign.items.filter(pk=item_id).first()
    if item is None:
        raise selectors._not_found()
    return services.decide_campaign_item(
        actor=_user(request),
        item=item,
        decision=payload.decision,
        reason=payload.reason,
    )


@router.post(
    "/staff/campaigns/{campaign_id}/publication",
    response=CampaignStaffOut,
    auth=staff_auth,
    url_name="normdocs-staff-campaign-publish",
    operation_id="normdocs_publish_campaign",
    summary="公布清理结果 / Publish the clean-up catalogues",
)
def publish_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return services.publish_campaign(
        actor=_user(request),
        campaign=selectors.get_campaign(user=_user(request), pk=campaign_id),
    )


@router.get(
    "/staff/review-requests",
    response=list[ReviewRequestOut],
    auth=staff_auth,
    url_name="normdocs-staff-review-requests",
    operation_id="normdocs_list_review_requests",
    summary="审查建议 / Review requests",
)
@paginate(FazhiPagination)
def list_review_requests(request: HttpRequest, open_only: bool = False) -> Any:
    return selectors.list_review_requests(user=_user(request), open_only=open_only)


@router.post(
    "/staff/review-requests/{request_id}/answer",
    response=ReviewRequestOut,
    auth=staff_auth,
    url_name="normdocs-staff-answer",
    operation_id="normdocs_answer_review_request",
    summary="答复审查建议 / Answer a review request",
)
def answer_review_request(
    request: HttpRequest, request_id: int, payload: AnswerIn
) -> Any:
    return services.answer_review_request(
        actor=_user(request),
        request=_review_request(request, request_id),
        answer=payload.answer,
    )
