"""The read path of normative documents.

Staff reads apply the caller's scope (:mod:`fazhi.core.scope`): a document is
visible to the issuing organization's staff (``BUSINESS`` policy), to the legal
reviewers of the institution it was sent to once it has been sent, and to the
filing body (and its legal institution) once it has been filed. Another
organization's drafts are invisible.

Public reads take no user and return only what is published: drafts open for
comment, published documents, the statements on comments and the catalogues of
published clean-ups. The commenters' and requesters' personal data never leaves
the staff selectors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fazhi.core.deadlines import compute_deadline
from fazhi.core.errors import DomainError, NotFoundError
from fazhi.core.masking import mask_text
from fazhi.core.models import Organization, Role, User
from fazhi.core.scope import can, coverage, memberships_of
from fazhi.core.workflow import Refusal, Step
from fazhi.laws import selectors as laws_selectors
from fazhi.laws.models import Instrument, Provision
from fazhi.laws.numerals import NUMERAL_CHARS, parse_numeral
from fazhi.normdocs import rules
from fazhi.normdocs.models import (
    ISSUED_STATES,
    Campaign,
    CampaignItem,
    CleanupDecision,
    Comment,
    Consultation,
    Document,
    Filing,
    FilingState,
    LegalityReview,
    NumberingScheme,
    ReviewOutcome,
    ReviewRequest,
    ReviewRequestState,
    State,
)
from fazhi.normdocs.workflow import DOCUMENT

Viewer = User | AnonymousUser


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _not_found() -> NotFoundError:
    return NotFoundError(
        "没有找到该规范性文件，或者您无权查看。",
        "No such normative document, or you may not see it.",
    )


# -- staff ------------------------------------------------------------------------


def visible_documents(user: Viewer) -> QuerySet[Document]:
    """Every document ``user`` may see (see the module docstring)."""
    if not memberships_of(user):
        return Document.objects.none()
    own = coverage(user).q("organization")
    reviewing = coverage(user, roles=[Role.LEGAL_REVIEWER]).q("review_organization")
    sent = Q(reviews__isnull=False) | Q(state__in=ISSUED_STATES)
    filing_roles = [Role.LEGAL_REVIEWER, Role.STAFF]
    filed = coverage(user, roles=filing_roles).q("filings__filing_body") | Q(
        filings__filing_body_id__in=_filing_bodies_served(user)
    )
    ids = Document.objects.filter(
        own | (reviewing & sent) | (Q(filings__isnull=False) & filed)
    ).values("pk")
    return Document.objects.filter(pk__in=ids).select_related(
        "organization", "review_organization"
    )


def list_documents(
    *,
    user: Viewer,
    state: str | Iterable[str] | None = None,
    organization: Organization | None = None,
    q: str = "",
) -> QuerySet[Document]:
    """The documents ``user`` sees, newest first, optionally by state, organization or words."""
    qs = visible_documents(user)
    if state:
        qs = qs.filter(state__in=[state] if isinstance(state, str) else list(state))
    if organization is not None:
        qs = qs.filter(organization=organization)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(number__icontains=q.strip()))
    return qs.order_by("-updated_at", "-pk")


def get_document(*, user: Viewer, pk: int) -> Document:
    """One document in ``user``'s scope; NotFoundError otherwise (no existence leak)."""
    document = visible_documents(user).filter(pk=pk).first()
    if document is None:
        raise _not_found()
    return document


def available_steps(*, document: Document, today: dt.date | None = None) -> list[Step]:
    """The procedural steps the document allows now (state and guards), for buttons."""
    document.today = _today(today)  # type: ignore[attr-defined]
    return DOCUMENT.available(document)


def refusal_for(*, document: Document, step: str, today: dt.date | None = None) -> str:
    """Why ``step`` cannot be taken now (Chinese), or "" when it can."""
    document.today = _today(today)  # type: ignore[attr-defined]
    refusal = DOCUMENT.refusal(document, step)
    return "" if refusal is None else refusal.zh


def list_comments(*, user: Viewer, consultation: Consultation) -> QuerySet[Comment]:
    """The comments of a consultation, with the commenters' data, for the drafters."""
    get_document(user=user, pk=consultation.document_id)
    return consultation.comments.all()


def list_reviews_to_do(*, user: Viewer) -> QuerySet[LegalityReview]:
    """Pending legality reviews of the institutions where ``user`` is a legal reviewer."""
    reach = coverage(user, roles=[Role.LEGAL_REVIEWER], action="change")
    return (
        LegalityReview.objects.filter(
            reach.q("reviewing_organization"),
            outcome=ReviewOutcome.PENDING,
            document__state=State.REVIEWING,
        )
        .select_related("document", "document__organization")
        .order_by("due_on", "pk")
    )


def get_review(*, user: Viewer, pk: int) -> LegalityReview:
    review = LegalityReview.objects.select_related("document").filter(pk=pk).first()
    if review is None:
        raise _not_found()
    get_document(user=user, pk=review.document_id)
    return review


def list_filings_to_review(*, user: Viewer) -> QuerySet[Filing]:
    """Filings awaiting the review of a filing body ``user`` serves (the government
    itself or its legal institution)."""
    reach = coverage(user, roles=[Role.LEGAL_REVIEWER, Role.STAFF], action="change")
    served = reach.q("filing_body") | Q(filing_body_id__in=_filing_bodies_served(user))
    if reach.nothing:
        return Filing.objects.none()
    return (
        Filing.objects.filter(served, state=FilingState.SUBMITTED)
        .select_related("document", "document__organization", "filing_body")
        .order_by("review_due_on", "pk")
    )


def _filing_bodies_served(user: Viewer) -> list[int]:
    """Governments whose legal institution ``user`` works in."""
    reach = coverage(user, roles=[Role.LEGAL_REVIEWER, Role.STAFF], action="change")
    if reach.nothing:
        return []
    return [
        pk
        for pk in Organization.objects.filter(
            reach.q(""), kind=Organization.Kind.LEGAL_INSTITUTION
        ).values_list("parent_id", flat=True)
        if pk is not None
    ]


def list_filings(*, user: Viewer, document: Document | None = None) -> QuerySet[Filing]:
    """Filings of the documents ``user`` sees."""
    qs = Filing.objects.filter(document__in=visible_documents(user).values("pk"))
    if document is not None:
        qs = qs.filter(document=document)
    return qs.select_related("document", "filing_body").order_by("-submitted_on", "-pk")


def get_filing(*, user: Viewer, pk: int) -> Filing:
    filing = list_filings(user=user).filter(pk=pk).first()
    if filing is None:
        raise _not_found()
    return filing


def list_review_requests(
    *, user: Viewer, open_only: bool = False
) -> QuerySet[ReviewRequest]:
    """Review requests against the documents ``user`` sees (with the requester's data)."""
    qs = ReviewRequest.objects.filter(document__in=visible_documents(user).values("pk"))
    if open_only:
        qs = qs.filter(state=ReviewRequestState.RECEIVED)
    return qs.select_related("document").order_by("due_on", "pk")


def get_review_request(*, user: Viewer, pk: int) -> ReviewRequest:
    request = list_review_requests(user=user).filter(pk=pk).first()
    if request is None:
        raise _not_found()
    return request


def list_campaigns(*, user: Viewer) -> QuerySet[Campaign]:
    return Campaign.objects.filter(coverage(user).q("organization")).order_by(
        "-started_on", "-pk"
    )


def get_campaign(*, user: Viewer, pk: int) -> Campaign:
    campaign = list_campaigns(user=user).filter(pk=pk).first()
    if campaign is None:
        raise _not_found()
    return campaign


def expiring_documents(
    *, user: Viewer, today: dt.date, within_days: int
) -> QuerySet[Document]:
    """Published documents of ``user``'s organizations whose validity ends within the window."""
    return (
        visible_documents(user)
        .filter(
            state=State.PUBLISHED,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .filter(coverage(user).q("organization"))
        .order_by("valid_until", "pk")
    )


def fair_competition_checklist() -> rules.Checklist:
    """The checklist the fair-competition form shows (items, 第12条 purposes, conditions)."""
    return rules.fair_competition()


# -- public --------------------------------------------------------------------------


def list_open_consultations(*, today: dt.date | None = None) -> QuerySet[Consultation]:
    """Drafts open for public comment today (the page and the API show these)."""
    day = _today(today)
    return (
        Consultation.objects.filter(
            closed_on__isnull=True, opens_on__lte=day, closes_on__gte=day
        )
        .select_related("document", "document__organization")
        .order_by("closes_on", "pk")
    )


def list_adoption_statements() -> QuerySet[Consultation]:
    """Published statements of how comments were adopted."""
    return (
        Consultation.objects.filter(statement_published_on__isnull=False)
        .select_related("document", "document__organization")
        .prefetch_related("comments")  # the names masked in the public text
        .order_by("-statement_published_on", "-pk")
    )


def list_published_documents(
    *,
    q: str = "",
    organization: Organization | None = None,
    in_force_on: dt.date | None = None,
    states: Iterable[str] = ISSUED_STATES,
) -> QuerySet[Document]:
    """Registered and published documents (public). ``in_force_on`` keeps those in force that day."""
    qs = Document.objects.filter(state__in=list(states), published_on__isnull=False)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(number__icontains=q.strip()))
    if in_force_on is not None:
        qs = qs.filter(
            state=State.PUBLISHED,
            effective_on__lte=in_force_on,
            valid_until__gte=in_force_on,
        )
    return qs.select_related("organization", "instrument").order_by(
        "-published_on", "-pk"
    )


def get_published_document(*, pk: int) -> Document:
    document = list_published_documents().filter(pk=pk).first()
    if document is None:
        raise NotFoundError(
            "没有找到该规范性文件。", "No published normative document with that id."
        )
    return document


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    document: Document
    decision: str
    reason: str


@dataclass(frozen=True, slots=True)
class CampaignCatalogues:
    """The three catalogues a clean-up publishes."""

    campaign: Campaign
    continuing: tuple[CatalogueEntry, ...]  # 继续有效 (retained, and to be amended)
    abolished: tuple[CatalogueEntry, ...]  # 废止
    invalid: tuple[CatalogueEntry, ...]  # 宣布失效


def campaign_catalogues(
    *, campaign: Campaign, public: bool = False
) -> CampaignCatalogues:
    """The catalogues of a campaign: public once published (staff may preview).
    ``public``: the reasons masked (fazhi.core.masking) as everything published."""
    items = list(
        CampaignItem.objects.filter(campaign=campaign)
        .select_related("document")
        .order_by("document__number", "pk")
    )

    def of(*decisions: str) -> tuple[CatalogueEntry, ...]:
        return tuple(
            CatalogueEntry(
                i.document, i.decision, mask_text(i.reason) if public else i.reason
            )
            for i in items
            if i.decision in decisions
        )

    return CampaignCatalogues(
        campaign=campaign,
        continuing=of(CleanupDecision.RETAIN, CleanupDecision.AMEND),
        abolished=of(CleanupDecision.ABOLISH),
        invalid=of(CleanupDecision.INVALID),
    )


def list_published_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(published_on__isnull=False).order_by(
        "-published_on", "-pk"
    )


def get_published_campaign(*, pk: int) -> Campaign:
    campaign = list_published_campaigns().filter(pk=pk).first()
    if campaign is None:
        raise NotFoundError(
            "没有找到已公布的清理结果。", "No published clean-up with that id."
        )
    return campaign


def catalogue(
    *, kind: str, organization: Organization | None = None, today: dt.date | None = None
) -> QuerySet[Document]:
    """The standing catalogues: ``in_force`` (现行有效), ``expired`` (已失效, including
    declared invalid), ``abolished`` (已废止, including revoked)."""
    day = _today(today)
    if kind == "in_force":
        return list_published_documents(organization=organization, in_force_on=day)
    states = {
        "expired": (State.EXPIRED, State.INVALID, State.SUPERSEDED),
        "abolished": (State.ABOLISHED, State.REVOKED),
    }.get(kind)
    if states is None:
        raise NotFoundError("没有这种目录。", f"There is no catalogue {kind!r}.")
    return list_published_documents(organization=organization, states=states)


# -- pages ---------------------------------------------------------------------------
#
# Reads the HTML pages need on top of the ones above: the steps with their
# refusals, what the viewer may do on a document, the staff lists, public
# consultations that are over, and the receipt of a review request.


@dataclass(frozen=True, slots=True)
class StepOption:
    """A step the current state leads to, and why it is refused now (None: allowed)."""

    step: Step
    refusal: Refusal | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def step_options(
    *, document: Document, today: dt.date | None = None
) -> list[StepOption]:
    """Every step declared from the document's state, each with its refusal (the
    article that requires it) or None when it may be taken now."""
    document.today = _today(today)  # type: ignore[attr-defined]
    return [
        StepOption(step, DOCUMENT.refusal(document, step.name))
        for step in DOCUMENT.steps_from(document.state)
    ]


@dataclass(frozen=True, slots=True)
class DocumentRoles:
    """What ``user`` may do on a document (the services check again)."""

    drafter: bool  # staff of the issuing organ
    reviewer: bool  # legal reviewer of the reviewing institution
    registrar: bool  # 三统一: legal reviewer or staff of the reviewing institution
    filing_reviewer: bool  # the filing body or its legal institution

    @property
    def anything(self) -> bool:
        return self.drafter or self.reviewer or self.registrar or self.filing_reviewer


def _filing_reviewer_orgs(filing_body: Organization) -> list[Organization]:
    offices = filing_body.children.filter(
        kind=Organization.Kind.LEGAL_INSTITUTION, is_active=True
    )
    return [filing_body, *offices]


def document_roles(*, user: Viewer, document: Document) -> DocumentRoles:
    filing_roles = [Role.LEGAL_REVIEWER, Role.STAFF]
    return DocumentRoles(
        drafter=can(user, document.organization, action="change"),
        reviewer=can(
            user,
            document.review_organization,
            action="change",
            roles=[Role.LEGAL_REVIEWER],
        ),
        registrar=can(
            user, document.review_organization, action="change", roles=filing_roles
        ),
        filing_reviewer=any(
            can(user, org, action="change", roles=filing_roles)
            for filing in document.filings.select_related("filing_body")
            for org in _filing_reviewer_orgs(filing.filing_body)
        ),
    )


def drafting_organizations(*, user: Viewer) -> QuerySet[Organization]:
    """Organizations ``user`` may draft for (own staff, change)."""
    return Organization.objects.filter(
        coverage(user, action="change").q(""), is_active=True
    ).order_by("path")


def numbering_schemes(*, user: Viewer) -> QuerySet[NumberingScheme]:
    """The numbering schemes of the organizations ``user`` drafts for."""
    return (
        NumberingScheme.objects.filter(
            organization__in=drafting_organizations(user=user)
        )
        .select_related("organization")
        .order_by("organization__path")
    )


def list_my_drafts(*, user: Viewer) -> QuerySet[Document]:
    """Documents of ``user``'s own organizations not yet published."""
    return (
        visible_documents(user)
        .filter(coverage(user, action="change").q("organization"))
        .filter(state__in=[*PRE_RELEASE_STATES])
        .order_by("-updated_at", "-pk")
    )


PRE_RELEASE_STATES = (
    State.DRAFTING,
    State.CONSULTING,
    State.REVIEWING,
    State.REVIEWED,
    State.APPROVED,
    State.REGISTERED,
)


@dataclass(frozen=True, slots=True)
class FilingDue:
    document: Document
    due_on: dt.date | None


def list_filings_to_submit(*, user: Viewer) -> list[FilingDue]:
    """Published documents of ``user``'s organizations not yet filed, with the day the
    filing is due (``normdocs.filing.deadline`` after publication)."""
    documents = (
        visible_documents(user)
        .filter(coverage(user, action="change").q("organization"))
        .filter(state=State.PUBLISHED, filings__isnull=True, published_on__isnull=False)
        .order_by("published_on", "pk")
    )
    rows = []
    for document in documents:
        due: object = None
        try:
            due = compute_deadline(
                "normdocs.filing.deadline",
                document.published_on,  # type: ignore[arg-type]
            ).due
        except DomainError:  # a publication before the rule existed: no due day
            due = None
        rows.append(FilingDue(document, due if isinstance(due, dt.date) else None))
    return rows


def latest_consultation(*, document: Document) -> Consultation | None:
    return document.consultations.order_by("-opens_on", "-pk").first()


def latest_review(*, document: Document) -> LegalityReview | None:
    return document.reviews.order_by("-submitted_on", "-pk").first()


def campaign_items_to_decide(*, campaign: Campaign) -> QuerySet[CampaignItem]:
    return campaign.items.select_related("document").order_by("pk")


def campaign_candidates(*, user: Viewer, campaign: Campaign) -> QuerySet[Document]:
    """Documents in force of the campaign's organization (or below) not yet selected."""
    return (
        visible_documents(user)
        .filter(
            state=State.PUBLISHED,
            organization__path__startswith=campaign.organization.path,
        )
        .exclude(campaign_items__campaign=campaign)
        .order_by("number", "pk")
    )


def get_public_consultation(*, pk: int, today: dt.date | None = None) -> Consultation:
    """A consultation that has opened (open or over): the draft was made public then."""
    consultation = (
        Consultation.objects.filter(pk=pk, opens_on__lte=_today(today))
        .select_related("document", "document__organization")
        .first()
    )
    if consultation is None:
        raise NotFoundError(
            "没有找到该征求意见稿。", "No draft with that id was published for comment."
        )
    return consultation


def get_adoption_statement(*, pk: int) -> Consultation:
    consultation = list_adoption_statements().filter(pk=pk).first()
    if consultation is None:
        raise NotFoundError(
            "没有找到该意见采纳情况说明。", "No published statement with that id."
        )
    return consultation


def public_end_reason(document: Document) -> str:
    """Why a document ended, as published: masked (the reason is staff's free text,
    e.g. a filing body's revocation opinion)."""
    return mask_text(document.end_reason) if document.end_reason else ""


def public_statement_text(consultation: Consultation) -> str:
    """The published statement, masked (fazhi.core.masking): commenters quoted in
    a comment never appear by name, telephone or address."""
    names = [c.name for c in consultation.comments.all() if c.name.strip()]
    return mask_text(consultation.adoption_statement, known_persons=names)


def public_organizations() -> QuerySet[Organization]:
    """Organizations with at least one published document (the register's filter)."""
    ids = Document.objects.filter(
        state__in=list(ISSUED_STATES), published_on__isnull=False
    ).values("organization_id")
    return Organization.objects.filter(pk__in=ids).order_by("path")


# -- receipts of review requests ---------------------------------------------------------

RECEIPT_PREFIX = "SC"
_RECEIPT_SALT = "fazhi.normdocs.review_request.receipt"


def receipt_code(request: ReviewRequest) -> str:
    """The code a requester keeps to follow the answer: the request's number and a
    keyed digest (no extra column; a wrong digest finds nothing)."""
    digest = salted_hmac(_RECEIPT_SALT, str(request.pk)).hexdigest()[:10].upper()
    return f"{RECEIPT_PREFIX}-{request.pk}-{digest}"


def get_review_request_by_receipt(*, code: str) -> ReviewRequest:
    """The request behind a receipt code; NotFoundError for any code that does not match."""
    parts = code.strip().upper().split("-")
    not_found = NotFoundError(
        "回执码不正确，没有找到对应的审查建议。",
        "The receipt code does not match any review request.",
        code="receipt_not_found",
        field="code",
    )
    if (
        len(parts) != 3
        or parts[0] != RECEIPT_PREFIX
        or not parts[1].isdigit()
        or len(parts[1]) > 12  # beyond any id; a database integer would overflow
    ):
        raise not_found
    request = (
        ReviewRequest.objects.filter(pk=int(parts[1]))
        .select_related("document")
        .first()
    )
    if request is None or not constant_time_compare(
        receipt_code(request), "-".join(parts)
    ):
        raise not_found
    return request


def public_answer_text(request: ReviewRequest) -> str:
    """The answer as the receipt page shows it, masked."""
    return mask_text(request.answer, known_persons=[request.name])


# -- legal bases (制定依据) ---------------------------------------------------------------

#: 《中华人民共和国行政许可法》第十七条 / 《行政许可法》第17条; a 款 or 项 after it is kept
#: in the line but the basis links the article.
BASIS_CITATION = re.compile(
    rf"《([^《》]+)》\s*第([{NUMERAL_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?"
)
NATIONAL_PREFIX = "中华人民共和国"


def resolve_legal_bases(text: str, *, day: dt.date | None = None) -> list[Provision]:
    """The articles a drafter names as the document's bases, one a line
    (《中华人民共和国行政许可法》第十七条), each found in the laws library in the version
    in force on ``day``. A line that names no article of the library is refused,
    quoted, so the drafter sees which one."""
    provisions: list[Provision] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = BASIS_CITATION.search(line)
        provision = _cited_article(match, day or _today(None)) if match else None
        if provision is None:
            raise DomainError(
                f"法律法规库中没有找到制定依据“{line}”；请按“《法律法规名称》第N条”填写，每行一条。",
                f"The legal basis “{line}” is not in the laws library; write one a line, "
                "as 《name of the law》第N条.",
                code="legal_basis_not_found",
                field="legal_bases",
            )
        provisions.append(provision)
    return list(dict.fromkeys(provisions))


def _cited_article(match: re.Match[str], day: dt.date) -> Provision | None:
    name = match.group(1).strip()
    names = {name, name.removeprefix(NATIONAL_PREFIX), NATIONAL_PREFIX + name}
    try:
        number = parse_numeral(match.group(2))
        suffix = parse_numeral(match.group(3)) if match.group(3) else 0
    except ValueError:
        return None
    instruments = Instrument.objects.filter(
        Q(title__in=names) | Q(short_title__in=names)
    ).order_by("-rank", "pk")
    for instrument in instruments:
        version = laws_selectors.current_version(instrument=instrument, day=day)
        if version is None:
            continue
        article = version.provisions.filter(
            kind=Provision.Kind.ARTICLE, number=number, suffix=suffix
        ).first()
        if article is not None:
            return article
    return None


def legal_bases_of(document: Document) -> list[Provision]:
    """The provisions the document relies on, with their law, in the order entered."""
    return [
        basis.provision
        for basis in document.bases.select_related(
            "provision__version__instrument"
        ).order_by("pk")
    ]


def legal_bases_text(document: Document) -> str:
    """The bases as the draft form shows them: one citation a line."""
    return "\n".join(
        f"《{p.version.instrument.title}》{p.label}" for p in legal_bases_of(document)
    )
