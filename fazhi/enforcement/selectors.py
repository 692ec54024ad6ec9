"""The read path of the enforcement module; every staff read applies the caller's scope.

Public reads (执法公示, 《行政处罚法》第39条): subjects, matters, and an officer
looked up by certificate number, with public fields only. Case files are
``BUSINESS`` data: officers and reviewers see their own organization's,
supervisors their subtree. A complaint's reporter is shown only to the
handling organization.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Trim

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Organization, Role, User
from fazhi.core.scope import (
    BUSINESS,
    SELF,
    Reach,
    can,
    coverage,
    memberships_of,
    scope,
)
from fazhi.core.workflow import Refusal
from fazhi.enforcement import rulebook
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import (
    Complaint,
    CompulsoryMeasure,
    CrimeTransfer,
    EnforcementMatter,
    EnforcementSubject,
    LegalReview,
    Officer,
    PenaltyCase,
    PreDecisionNotice,
)
from fazhi.enforcement.prepared import CachedRows, prepared
from fazhi.enforcement.workflows import PENALTY, facts_of
from fazhi.rules.enforcement.benchmarks import bundled_benchmarks, discretion_rules

AnyUser = User | AnonymousUser

OPEN_BEFORE_DECISION = (
    "filed",
    "investigated",
    "notified",
    "hearing_requested",
    "heard",
)


# --- public --------------------------------------------------------------------------


def list_subjects() -> QuerySet[EnforcementSubject]:
    """Active enforcement subjects (public, 第39条)."""
    return (
        EnforcementSubject.objects.filter(is_active=True, organization__is_active=True)
        .select_related("organization", "entrusting_organization")
        .order_by("organization__path")
    )


def list_matters(
    *, subject_id: int | None = None, kind: str = ""
) -> QuerySet[EnforcementMatter]:
    """Active matters with their legal basis (public, 第39条)."""
    matters = EnforcementMatter.objects.filter(
        is_active=True, subject__is_active=True
    ).select_related("subject__organization")
    if subject_id is not None:
        matters = matters.filter(subject_id=subject_id)
    if kind:
        matters = matters.filter(kind=kind)
    return matters.order_by("subject__organization__path", "code")


@dataclass(frozen=True, slots=True)
class PublicOfficer:
    """What anyone may learn about an officer from the certificate number."""

    name: str
    certificate_number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date
    subject: str
    status: str
    status_label: str
    valid_today: bool


def get_public_officer(*, certificate_number: str, today: dt.date) -> PublicOfficer:
    """Look an officer up by certificate number (亮证执法, 第55条); public fields only."""
    officer = (
        Officer.objects.select_related("subject__organization")
        .filter(certificate_number=certificate_number.strip())
        .first()
    )
    if officer is None:
        raise NotFoundError(
            "没有此执法证号。",
            "There is no such certificate number.",
            code="officer_not_found",
        )
    return PublicOfficer(
        name=officer.name,
        certificate_number=officer.certificate_number,
        issuer=officer.issuer,
        valid_from=officer.valid_from,
        valid_until=officer.valid_until,
        subject=officer.subject.organization.name,
        status=officer.status,
        status_label=str(officer.get_status_display()),
        valid_today=officer.certificate_valid_on(today),
    )


# --- officers ---------------------------------------------------------------------------


def list_officers(*, user: AnyUser, subject_id: int | None = None) -> QuerySet[Officer]:
    officers = scope(
        Officer.objects.select_related("subject__organization"),
        user,
        policy=BUSINESS,
        field_name="subject__organization",
    )
    if subject_id is not None:
        officers = officers.filter(subject_id=subject_id)
    return officers.order_by("subject__organization__path", "name")


def get_officer(*, user: AnyUser, officer_id: int) -> Officer:
    officer = list_officers(user=user).filter(pk=officer_id).first()
    if officer is None:
        raise NotFoundError(
            "没有此执法人员。", "No such officer.", code="officer_not_found"
        )
    return officer


def get_subject(*, subject_id: int) -> EnforcementSubject:
    subject = list_subjects().filter(pk=subject_id).first()
    if subject is None:
        raise NotFoundError(
            "没有此执法主体。", "No such enforcement subject.", code="subject_not_found"
        )
    return subject


def get_matter(*, matter_id: int) -> EnforcementMatter:
    matter = list_matters().filter(pk=matter_id).first()
    if matter is None:
        raise NotFoundError(
            "没有此执法事项。", "No such matter.", code="matter_not_found"
        )
    return matter


def list_eligible_officers(
    *, user: AnyUser, subject: EnforcementSubject, day: dt.date
) -> list[Officer]:
    """The subject's officers who may be assigned on ``day``."""
    return [
        o
        for o in list_officers(user=user, subject_id=subject.pk)
        if officer_refusal(o, day=day, subject=subject) is None
    ]


# --- cases ---------------------------------------------------------------------------


def list_cases(
    *,
    user: AnyUser,
    state: str = "",
    organization_id: int | None = None,
    procedure: str = "",
) -> QuerySet[PenaltyCase]:
    cases = scope(
        PenaltyCase.objects.select_related("organization", "subject"),
        user,
        policy=BUSINESS,
    )
    if state:
        cases = cases.filter(state=state)
    if organization_id is not None:
        cases = cases.filter(organization_id=organization_id)
    if procedure:
        cases = cases.filter(procedure=procedure)
    return cases.order_by("-received_on", "-id")


#: What the case list shows of each case: plain rows, no model instances, no
#: joins (a list page reads a few columns of up to 200 cases).
CASE_LIST_FIELDS = (
    "id",
    "number",
    "procedure",
    "state",
    "summary",
    "party_name",
    "received_on",
    "decision_due_on",
    "organization_id",
)


def list_case_rows(
    *, user: AnyUser, state: str = "", procedure: str = ""
) -> CachedRows:
    """The case list as rows of :data:`CASE_LIST_FIELDS`, scoped and ordered as
    :func:`list_cases`, newest received first. The query depends only on the
    caller's coverage and the filters, so it is compiled once per process for
    each of them and read through prepared statements
    (:mod:`fazhi.enforcement.prepared`)."""
    reach = coverage(user, policy=BUSINESS)
    return CachedRows(
        PenaltyCase,
        ("enforcement.case_list", reach, state, procedure),
        lambda _: prepared(
            list_cases(user=user, state=state, procedure=procedure)
        ).values(*CASE_LIST_FIELDS),
    )


def get_case(*, user: AnyUser, case_id: int) -> PenaltyCase:
    """One case the user may see (another organization's is "not found", never "forbidden")."""
    case = (
        scope(PenaltyCase.objects.all(), user, policy=BUSINESS)
        .select_related(
            "organization__division",
            "subject__organization",
            "matter",
            "on_spot_officer",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFoundError("没有此案件。", "No such case.", code="case_not_found")
    return case


def get_review(*, user: AnyUser, review_id: int) -> LegalReview:
    review = (
        LegalReview.objects.select_related("case__organization", "case__subject")
        .filter(
            pk=review_id,
            case__in=scope(PenaltyCase.objects.all(), user, policy=BUSINESS),
        )
        .first()
    )
    if review is None:
        raise NotFoundError(
            "没有此法制审核。", "No such review.", code="review_not_found"
        )
    return review


@dataclass(frozen=True, slots=True)
class Clock:
    name: str
    label: str
    due_on: dt.date
    basis: str
    done: bool

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.due_on < today


def case_clocks(case: PenaltyCase) -> list[Clock]:
    """The statutory clocks of a case, as stored when each was started."""
    decided = case.decided_on is not None
    clocks: list[Clock] = []
    if case.decision_due_on:
        clocks.append(
            Clock(
                "decision",
                "作出处罚决定",
                case.decision_due_on,
                "《行政处罚法》(2021-01-22) 第60条",
                decided or case.state in PENALTY.final,
            )
        )
    notice = case.notices.order_by("-served_on", "-id").first()
    if notice is not None and notice.hearing_request_due_on:
        clocks.append(
            Clock(
                "hearing_request",
                "要求听证",
                notice.hearing_request_due_on,
                "《行政处罚法》(2021-01-22) 第64条第1项",
                case.state != "notified",
            )
        )
    hearing = getattr(case, "hearing", None)
    if hearing is not None and hearing.notice_due_on:
        clocks.append(
            Clock(
                "hearing_notice",
                "听证通知最迟送达",
                hearing.notice_due_on,
                "《行政处罚法》(2021-01-22) 第64条第2项",
                hearing.notice_served_on is not None,
            )
        )
    if case.service_due_on:
        clocks.append(
            Clock(
                "service",
                "送达决定书",
                case.service_due_on,
                "《行政处罚法》(2021-01-22) 第61条第1款",
                case.served_on is not None,
            )
        )
    if case.payment_due_on:
        clocks.append(
            Clock(
                "payment",
                "缴纳罚款",
                case.payment_due_on,
                "《行政处罚法》(2021-01-22) 第67条第3款",
                case.paid_on is not None,
            )
        )
    return clocks


@dataclass(frozen=True, slots=True)
class TimelineItem:
    at: dt.datetime
    action: str
    actor: str
    basis: str
    after: Any
    reason: str


def list_case_timeline(*, user: AnyUser, case: PenaltyCase) -> list[TimelineItem]:
    """The case's full-process record (第47条): every act recorded against the case
    and its measures and transfers, oldest first, with the import that brought it in
    (one entry per organization and batch, naming each case with its record's
    digest). Readable by whoever sees the case.
    """
    if not can(user, case.organization, policy=BUSINESS):
        raise NotFoundError("没有此案件。", "No such case.", code="case_not_found")
    measure_ids = [str(pk) for pk in case.measures.values_list("pk", flat=True)]
    transfer_ids = [str(pk) for pk in case.transfers.values_list("pk", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(object_type="enforcement.penaltycase", object_id=str(case.pk))
        | Q(object_type="enforcement.compulsorymeasure", object_id__in=measure_ids)
        | Q(object_type="enforcement.crimetransfer", object_id__in=transfer_ids)
        | Q(
            action="enforcement.import_cases",
            organization_id=case.organization_id,
            after__records_sm3__has_key=case.number,
        )
    ).order_by("seq")
    return [
        TimelineItem(
            e.occurred_at, e.action, e.actor_label, e.basis, _own(e, case), e.reason
        )
        for e in entries
    ]


def _own(entry: AuditEntry, case: PenaltyCase) -> Any:
    """What an entry says of this case: of an import batch, only this case's
    number and the digest of its record, not the whole batch."""
    batch = entry.after
    if entry.action != "enforcement.import_cases" or not isinstance(batch, dict):
        return batch
    return {
        "number": case.number,
        "record_sm3": batch["records_sm3"][case.number],
        "batch_count": batch.get("count"),
    }


# --- supervision (执法监督) ----------------------------------------------------------------


def list_overdue_cases(*, user: AnyUser, today: dt.date) -> QuerySet[PenaltyCase]:
    """Cases past a statutory clock: the decision (第60条), service (第61条) or payment (第67条)."""
    cases = list_cases(user=user)
    return cases.filter(
        Q(state__in=OPEN_BEFORE_DECISION, decision_due_on__lt=today)
        | Q(state="decided", service_due_on__lt=today)
        | Q(state="served", payment_due_on__lt=today, paid_on__isnull=True)
    )


def list_cases_missing_steps(*, user: AnyUser) -> list[tuple[PenaltyCase, list[str]]]:
    """Decided cases whose file lacks a step the law requires: a notice before a
    penalty (第44、62条), a passed legal review of a major case (第58条), the
    collective discussion (第57条第2款), a justification for a deviation, or a
    decision made after the 90-day limit (第60条). Catches records imported or
    made before the procedure was enforced by the software.
    """
    # Each step is one condition in the database (NOT EXISTS for the records a
    # step leaves), so only the cases that lack something come back, at any size.
    penalty = Q(outcome=PenaltyCase.Outcome.PENALTY)
    lacks: dict[str, Any] = {
        "notice": penalty
        & ~Exists(PreDecisionNotice.objects.filter(case=OuterRef("pk"))),
        "legal_review": Q(is_major=True)
        & ~Exists(
            LegalReview.objects.filter(
                case=OuterRef("pk"), state=LegalReview.State.APPROVED
            )
        ),
        "collective_discussion": Q(is_major=True)
        & penalty
        & Q(collective_discussion_on__isnull=True),
        # the services store the justification stripped; Trim catches blanks
        "deviation_justification": ~Q(deviation={}) & Q(justification_left=""),
        "decided_after_deadline": Q(
            decision_due_on__isnull=False, decided_on__gt=F("decision_due_on")
        ),
    }
    flags = {
        f"lacks_{step}": ExpressionWrapper(condition, output_field=BooleanField())
        for step, condition in lacks.items()
    }
    any_lack = Q()
    for condition in lacks.values():
        any_lack |= condition
    decided = (
        list_cases(user=user)
        .filter(procedure=PenaltyCase.Procedure.GENERAL, decided_on__isnull=False)
        .alias(justification_left=Trim("deviation_justification"))
        .filter(any_lack)
        .annotate(**flags)
    )
    return [
        (case, [step for step in lacks if getattr(case, f"lacks_{step}")])
        for case in decided
    ]


def list_officers_without_valid_certificate(
    *, user: AnyUser, today: dt.date
) -> QuerySet[Officer]:
    """Officers whose certificate is not valid today (lapsed, suspended or revoked)."""
    return list_officers(user=user).filter(
        ~Q(status=Officer.Status.ACTIVE)
        | Q(valid_until__lt=today)
        | Q(valid_from__gt=today)
    )


def list_ineligible_officers(
    *, user: AnyUser, today: dt.date
) -> list[tuple[Officer, str]]:
    """Officers who may not be assigned today, with the refusal code (certificate or training)."""
    result = []
    for officer in list_officers(user=user):
        refusal = officer_refusal(officer, day=today)
        if refusal is not None:
            result.append((officer, refusal.code))
    return result


def list_decisions_outside_benchmark(*, user: AnyUser) -> QuerySet[PenaltyCase]:
    """Decisions outside the discretion benchmark (with their recorded justification)."""
    return list_cases(user=user).filter(decided_on__isnull=False).exclude(deviation={})


# --- measures, transfers, complaints ---------------------------------------------------------


def list_measures(
    *, user: AnyUser, case_id: int | None = None
) -> QuerySet[CompulsoryMeasure]:
    measures = scope(
        CompulsoryMeasure.objects.select_related("case"), user, policy=BUSINESS
    )
    if case_id is not None:
        measures = measures.filter(case_id=case_id)
    return measures.order_by("-started_on", "-id")


def get_measure(*, user: AnyUser, measure_id: int) -> CompulsoryMeasure:
    measure = list_measures(user=user).filter(pk=measure_id).first()
    if measure is None:
        raise NotFoundError(
            "没有此强制措施。", "No such measure.", code="measure_not_found"
        )
    return measure


def list_transfers(
    *, user: AnyUser, case_id: int | None = None
) -> QuerySet[CrimeTransfer]:
    transfers = scope(
        CrimeTransfer.objects.select_related("case"), user, policy=BUSINESS
    )
    if case_id is not None:
        transfers = transfers.filter(case_id=case_id)
    return transfers.order_by("-reported_on", "-id")


def get_transfer(*, user: AnyUser, transfer_id: int) -> CrimeTransfer:
    transfer = list_transfers(user=user).filter(pk=transfer_id).first()
    if transfer is None:
        raise NotFoundError(
            "没有此移送。", "No such transfer.", code="transfer_not_found"
        )
    return transfer


def list_complaints(*, user: AnyUser) -> QuerySet[Complaint]:
    return scope(Complaint.objects.all(), user, policy=BUSINESS).order_by(
        "-received_on", "-id"
    )


def get_complaint(*, user: AnyUser, complaint_id: int) -> Complaint:
    complaint = list_complaints(user=user).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFoundError(
            "没有此投诉举报。", "No such complaint.", code="complaint_not_found"
        )
    return complaint


def may_see_reporter(*, user: AnyUser, complaint: Complaint) -> bool:
    """Only the handling organization's own staff see who complained (never a
    supervisor above it, never the public)."""
    return any(
        m.organization_id == complaint.organization_id
        and BUSINESS.grant(m.role).view > Reach.NONE
        for m in memberships_of(user)
    )


def reporter_of(*, user: AnyUser, complaint: Complaint) -> dict[str, str]:
    if complaint.anonymous:
        return {"name": "", "contact": "", "shown": "anonymous"}
    if may_see_reporter(user=user, complaint=complaint):
        return {
            "name": complaint.reporter_name,
            "contact": complaint.reporter_contact,
            "shown": "full",
        }
    return {"name": "", "contact": "", "shown": "protected"}


# --- workbench pages ---------------------------------------------------------------------


def list_changeable_subjects(*, user: AnyUser) -> QuerySet[EnforcementSubject]:
    """Subjects whose organization the user may act for (register a clue, an officer…)."""
    return scope(list_subjects(), user, policy=BUSINESS, action="change")


def list_visible_organizations(*, user: AnyUser) -> QuerySet[Organization]:
    """The organizations whose case files the user sees, for the supervision filter."""
    return scope(
        Organization.objects.filter(is_active=True),
        user,
        policy=BUSINESS,
        field_name=SELF,
    ).order_by("path")


def list_officer_eligibility(
    *, user: AnyUser, subject: EnforcementSubject, day: dt.date
) -> list[tuple[Officer, Refusal | None]]:
    """Every officer of ``subject`` with why they may not be assigned on ``day`` (or None)."""
    return [
        (officer, officer_refusal(officer, day=day, subject=subject))
        for officer in list_officers(user=user, subject_id=subject.pk)
    ]


def list_ineligible_officers_with_reasons(
    *, user: AnyUser, today: dt.date
) -> list[tuple[Officer, Refusal]]:
    """Officers who may not act today, with the refusal (certificate or training, 第42条)."""
    found = []
    for officer in list_officers(user=user):
        refusal = officer_refusal(officer, day=today)
        if refusal is not None:
            found.append((officer, refusal))
    return found


def _review_seats(user: AnyUser) -> tuple[set[int], set[int]]:
    """Organizations where the user reviews: their own, and the parents of the legal
    institutions (法制机构) they sit in as legal reviewer (第58条)."""
    own: set[int] = set()
    parents: set[int] = set()
    for m in memberships_of(user):
        if m.role != Role.LEGAL_REVIEWER:
            continue
        own.add(m.organization_id)
        if (
            m.organization.kind == Organization.Kind.LEGAL_INSTITUTION
            and m.organization.parent_id
        ):
            parents.add(m.organization.parent_id)
    return own, parents


def list_reviews(*, user: AnyUser, state: str = "") -> QuerySet[LegalReview]:
    """Legal reviews the user may read: of cases in their scope, or of the organization
    whose legal institution they review for."""
    _own, parents = _review_seats(user)
    visible = scope(PenaltyCase.objects.all(), user, policy=BUSINESS)
    reviews = LegalReview.objects.select_related(
        "case__organization", "case__subject", "submitted_by", "reviewer"
    ).filter(Q(case__in=visible) | Q(case__organization_id__in=sorted(parents)))
    if state:
        reviews = reviews.filter(state=state)
    return reviews.order_by("submitted_on", "id")


def may_review(*, user: AnyUser, case: PenaltyCase) -> bool:
    """Whether the user holds a reviewer's seat for the case's organization."""
    own, parents = _review_seats(user)
    return case.organization_id in own | parents


def get_review_for_page(*, user: AnyUser, review_id: int) -> LegalReview:
    review = list_reviews(user=user).filter(pk=review_id).first()
    if review is None:
        raise NotFoundError(
            "没有此法制审核。", "No such review.", code="review_not_found"
        )
    return review


def benchmark_of(case: PenaltyCase, *, today: dt.date) -> dict[str, Any]:
    """The discretion assessment shown on the case page: the one stored when the
    investigation was concluded, or — before that — the benchmark applied to the
    facts recorded so far (第34条). ``{}`` without a violation code or benchmark.
    Raises ``DomainError`` when the recorded facts do not fit the benchmark.
    """
    if case.assessment:
        return dict(case.assessment)
    if not case.violation_code:
        return {}
    return rulebook.assess(facts_of(case), on=case.violation_on or today)


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    name: str
    name_en: str
    circumstances: tuple[tuple[str, str, str], ...]  # (code, zh, en) of its own


def list_benchmark_violations() -> list[Violation]:
    """The violations of the bundled discretion benchmarks, for the clue form."""
    return [
        Violation(
            e.code,
            e.name,
            e.name_en,
            tuple((c, f.zh, f.en) for c, f in sorted(e.circumstances.items())),
        )
        for e in bundled_benchmarks().entries()
    ]


def list_circumstance_factors() -> list[tuple[str, str, str, str]]:
    """The common circumstances (code, zh, en, citation) of 第30-33条 and the benchmarks."""
    return [
        (f.code, f.zh, f.en, f.citation)
        for f in sorted(discretion_rules().factors.values(), key=lambda f: f.code)
    ]


def list_amount_bases() -> list[tuple[str, str, str]]:
    """The bases a fine is counted from (code, zh, en): illegal income, goods value…"""
    return [(code, zh, en) for code, (zh, en, _c) in discretion_rules().bases.items()]


@dataclass(frozen=True, slots=True)
class SupervisionRow:
    organization: Organization
    overdue: int
    missing_steps: int
    officers_without_certificate: int
    ineligible_officers: int
    outside_benchmark: int


def supervision_summary(*, user: AnyUser, today: dt.date) -> list[SupervisionRow]:
    """Per organization in the user's scope: the counts of each supervision list."""
    overdue = Counter(
        list_overdue_cases(user=user, today=today).values_list(
            "organization_id", flat=True
        )
    )
    missing = Counter(
        c.organization_id for c, _m in list_cases_missing_steps(user=user)
    )
    uncertified = Counter(
        list_officers_without_valid_certificate(user=user, today=today).values_list(
            "subject__organization_id", flat=True
        )
    )
    ineligible = Counter(
        o.subject.organization_id
        for o, _r in list_ineligible_officers_with_reasons(user=user, today=today)
    )
    outside = Counter(
        list_decisions_outside_benchmark(user=user).values_list(
            "organization_id", flat=True
        )
    )
    rows = []
    for organization in list_visible_organizations(user=user):
        pk = organization.pk
        counts = (
            overdue[pk],
            missing[pk],
            uncertified[pk],
            ineligible[pk],
            outside[pk],
        )
        has_subject = EnforcementSubject.objects.filter(organization_id=pk).exists()
        if any(counts) or has_subject:
            rows.append(SupervisionRow(organization, *counts))
    return rows


def list_colleagues(*, organization: Organization) -> QuerySet[User]:
    """Accounts working in ``organization`` (for a presiding officer, an approving head,
    a complaint handler)."""
    roles = [r for r in BUSINESS.grants if BUSINESS.grant(r).change > Reach.NONE]
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("display_name", "username")
    )


def list_linkable_accounts(*, subject: EnforcementSubject) -> QuerySet[User]:
    """Enforcement officers' accounts of the subject's organization not yet linked."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=subject.organization,
            memberships__role=Role.ENFORCEMENT_OFFICER,
            enforcement_officer__isnull=True,
        )
        .distinct()
        .order_by("display_name", "username")
    )
