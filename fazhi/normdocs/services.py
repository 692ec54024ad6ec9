"""The write path of normative documents: every step of the procedure, audited.

Each function is keyword-only with ``actor`` first, runs in one transaction,
checks who may act (:mod:`fazhi.core.scope`) and whether the procedure allows
the step (:data:`fazhi.normdocs.workflow.DOCUMENT`), then writes the change and
one entry of the full-process record. Bad input raises
:class:`~fazhi.core.errors.DomainError` (Chinese and English, naming the
article) before anything is written. ``today`` defaults to the local date; the
daily command and the tests pass it explicitly.

Public acts (a comment, a review request) take no actor; the commenter's name
and contact are stored on the row and kept out of the audit record, which is
permanent and readable by auditors.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.deadlines import compute_deadline
from fazhi.core.errors import ConflictError, DomainError, PermissionDeniedError
from fazhi.core.models import Organization, Role, User
from fazhi.core.scope import can, require, require_may_change
from fazhi.core.workflow import StepRefusedError
from fazhi.laws import services as laws_services
from fazhi.laws.models import Instrument, Kind, Provision, Version
from fazhi.normdocs import numbering, rules
from fazhi.normdocs.models import (
    ISSUED_STATES,
    Campaign,
    CampaignItem,
    CleanupDecision,
    Comment,
    Consultation,
    Deliberation,
    DeliberationDecision,
    Disposition,
    Document,
    FairCompetitionReview,
    Filing,
    FilingState,
    FindingDisposition,
    LegalBasis,
    LegalityReview,
    NumberingScheme,
    PrereviewFinding,
    ReviewOutcome,
    ReviewRequest,
    ReviewRequestState,
    State,
)
from fazhi.normdocs.workflow import (
    CLEANUP,
    COLLECTIVE_DISCUSSION,
    CONSULTATION,
    DOCUMENT,
    ENACTOR_RESPONSE,
    FAIR_COMPETITION,
    FILING,
    FILING_OUTCOME_STEPS,
    FILING_REVIEW,
    FILING_WORKFLOW,
    HEBEI_OPINIONS,
    LEGALITY_REVIEW,
    PRE_RELEASE,
    PUBLICATION,
    REVIEW_REQUEST,
)
from fazhi.rules.deadlines import add_months

log = logging.getLogger(__name__)

Actor = User | AnonymousUser | None

#: Longest text a member of the public may send in one comment or review request
#: (an abuse limit of this office, not a statutory number).
MAX_PUBLIC_TEXT = 5000


# -- helpers --------------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _check(document: Document, step: str, today: dt.date) -> str:
    """The step's target state, or StepRefusedError (nothing written)."""
    document.today = today  # type: ignore[attr-defined]
    return DOCUMENT.check(document, step).target


def _required(
    value: str, *, field: str, zh: str, en: str, max_length: int | None = None
) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(
            f"请填写{zh}。", f"Enter {en}.", code=f"{field}_required", field=field
        )
    return _bounded(value, field=field, zh=zh, en=en, max_length=max_length)


def _bounded(
    value: str, *, field: str, zh: str, en: str, max_length: int | None
) -> str:
    """Refuse (rather than cut) a value longer than its column: a cut title could
    even lose the 暂行/试行 that sets its validity limit."""
    value = (value or "").strip()
    if max_length is not None and len(value) > max_length:
        raise DomainError(
            f"{zh}不得超过{max_length}字（现为{len(value)}字）。",
            f"{en[:1].upper()}{en[1:]} may have at most {max_length} characters "
            f"(it has {len(value)}).",
            code=f"{field}_too_long",
            field=field,
        )
    return value


def _max(model: type[Any], field: str) -> int | None:
    """The column's length, so the limit is stated once (in the model)."""
    length: int | None = model._meta.get_field(field).max_length
    return length


def _require_drafter(actor: Actor, document: Document) -> None:
    """The issuing organization's own staff act on its drafts."""
    require(actor or AnonymousUser(), document.organization, action="change")


def _require_legal_reviewer(actor: Actor, organization: Organization) -> None:
    """Only a legal reviewer of the legal institution may review (法制审核人员)."""
    user = actor or AnonymousUser()
    require_may_change(user)
    if not can(user, organization, action="change", roles=[Role.LEGAL_REVIEWER]):
        raise PermissionDeniedError(
            f"合法性审核只能由法制机构“{organization.name}”的法制审核人员进行（{LEGALITY_REVIEW}）。",
            f"Only a legal reviewer of the legal institution {organization.name} may review "
            f"({LEGALITY_REVIEW}).",
            code="not_legal_reviewer",
            basis=LEGALITY_REVIEW,
        )


def _audit(
    actor: Actor,
    action: str,
    obj: Any,
    *,
    document: Document,
    basis: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> None:
    record(
        actor=actor,
        action=action,
        obj=obj,
        organization=document.organization,
        basis=basis,
        before=before,
        after=after,
        reason=reason,
    )


def default_review_organization(organization: Organization) -> Organization:
    """The legal institution that reviews: the legal-affairs office (司法行政机关) of the
    government the organization belongs to — a department submits to the legal
    institution of its government (Hebei opinions, 第二部分第（二）项) — or, when
    there is none, the organization itself (its own legal reviewers)."""
    government: Organization | None = organization
    while government is not None and government.kind != Organization.Kind.GOVERNMENT:
        government = government.parent
    if government is not None:
        office = (
            government.children.filter(
                kind=Organization.Kind.LEGAL_INSTITUTION, is_active=True
            )
            .order_by("pk")
            .first()
        )
        if office is not None:
            return office
    return organization


def default_filing_body(organization: Organization) -> Organization | None:
    """The government a document is filed with: the first government above the
    issuing organization (a department files with its own government; a government
    with the next-higher one)."""
    node = organization.parent
    while node is not None:
        if node.kind == Organization.Kind.GOVERNMENT and node.is_active:
            return node
        node = node.parent
    return None


# -- set-up ---------------------------------------------------------------------


def configure_numbering(
    *,
    actor: Actor,
    organization: Organization,
    prefix: str,
    pattern: str = "{prefix}〔{year}〕{number}号",
) -> NumberingScheme:
    """Set how ``organization`` numbers its documents (三统一: one pattern per organ)."""
    require(actor or AnonymousUser(), organization, action="change")
    prefix = _required(
        prefix,
        field="prefix",
        zh="发文字号前缀",
        en="the prefix",
        max_length=_max(NumberingScheme, "prefix"),
    )
    pattern = _required(
        pattern,
        field="pattern",
        zh="编号格式",
        en="the pattern",
        max_length=_max(NumberingScheme, "pattern"),
    )
    numbering.validate_pattern(pattern)
    with transaction.atomic():
        scheme = NumberingScheme.objects.filter(organization=organization).first()
        before = (
            None
            if scheme is None
            else {"prefix": scheme.prefix, "pattern": scheme.pattern}
        )
        if scheme is None:
            scheme = NumberingScheme(organization=organization)
        scheme.prefix, scheme.pattern = prefix, pattern
        scheme.save()
        for existing in Document.objects.filter(
            organization=organization,
            number__isnull=False,
            number_sequence__isnull=True,
        ).only("pk", "number"):
            _reserve_existing_number(existing)
        record(
            actor=actor,
            action="normdocs.numbering.configure",
            obj=scheme,
            organization=organization,
            basis=HEBEI_OPINIONS,
            before=before,
            after={"prefix": prefix, "pattern": pattern},
        )
    return scheme


# -- drafting -------------------------------------------------------------------


def create_draft(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    text: str,
    explanation: str = "",
    affects_rights: bool = True,
    touches_economic_activity: bool = False,
    review_organization: Organization | None = None,
    legal_bases: Iterable[Provision] = (),
) -> Document:
    """Start a draft (起草) with its explanation and the provisions it relies on."""
    require(actor or AnonymousUser(), organization, action="change")
    title = _required(
        title,
        field="title",
        zh="标题",
        en="the title",
        max_length=_max(Document, "title"),
    )
    text = _required(text, field="text", zh="文件正文", en="the text")
    reviewer_org = review_organization or default_review_organization(organization)
    provisions = list(legal_bases)
    with transaction.atomic():
        document = Document.objects.create(
            organization=organization,
            review_organization=reviewer_org,
            title=title,
            text=text,
            explanation=explanation.strip(),
            affects_rights=affects_rights,
            touches_economic_activity=touches_economic_activity,
            drafted_by=actor if isinstance(actor, User) else None,
        )
        LegalBasis.objects.bulk_create(
            [
                LegalBasis(document=document, provision=p)
                for p in dict.fromkeys(provisions)
            ]
        )
        _audit(
            actor,
            "normdocs.document.draft",
            document,
            document=document,
            after={
                "title": document.title,
                "affects_rights": affects_rights,
                "touches_economic_activity": touches_economic_activity,
                "review_organization": reviewer_org.pk,
                "legal_bases": [p.pk for p in provisions],
            },
        )
    return document


def _require_editable(document: Document) -> None:
    if document.state != State.DRAFTING:
        raise ConflictError(
            f"文件当前状态为“{document.get_state_display()}”，只有起草中的文件才能修改；"
            f"审核后的修改须重新送审（{LEGALITY_REVIEW}）。",
            f"Only a draft can be edited (the document is {document.state}); a change after "
            f"review needs a fresh review ({LEGALITY_REVIEW}).",
            code="document_not_editable",
            basis=LEGALITY_REVIEW,
        )


def update_draft(
    *,
    actor: Actor,
    document: Document,
    title: str | None = None,
    text: str | None = None,
    explanation: str | None = None,
    affects_rights: bool | None = None,
    touches_economic_activity: bool | None = None,
    legal_bases: Iterable[Provision] | None = None,
) -> Document:
    """Change a draft; a change after a review means the review must be done again."""
    _require_drafter(actor, document)
    _require_editable(document)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = _required(
            title,
            field="title",
            zh="标题",
            en="the title",
            max_length=_max(Document, "title"),
        )
    if text is not None:
        changes["text"] = _required(text, field="text", zh="文件正文", en="the text")
    if explanation is not None:
        changes["explanation"] = explanation.strip()
    if affects_rights is not None:
        changes["affects_rights"] = affects_rights
    if touches_economic_activity is not None:
        changes["touches_economic_activity"] = touches_economic_activity
    with transaction.atomic():
        before = {name: getattr(document, name) for name in changes}
        for name, value in changes.items():
            setattr(document, name, value)
        document.save()
        after: dict[str, Any] = {n: v for n, v in changes.items() if n != "text"}
        if "text" in changes:
            before.pop("text", None)
            after["text_changed"] = True
        if legal_bases is not None:
            provisions = list(dict.fromkeys(legal_bases))
            before["legal_bases"] = list(
                document.bases.values_list("provision_id", flat=True)
            )
            document.bases.all().delete()
            LegalBasis.objects.bulk_create(
                [LegalBasis(document=document, provision=p) for p in provisions]
            )
            after["legal_bases"] = [p.pk for p in provisions]
        _audit(
            actor,
            "normdocs.document.edit",
            document,
            document=document,
            before=before,
            after=after,
        )
    return document


def withdraw_document(
    *, actor: Actor, document: Document, reason: str, today: dt.date | None = None
) -> Document:
    """Withdraw a document before it is published (撤回)."""
    _require_drafter(actor, document)
    reason = _required(reason, field="reason", zh="撤回理由", en="the reason")
    day = _today(today)
    target = _check(document, "withdraw", day)
    with transaction.atomic():
        before = document.state
        document.state = target
        document.ended_on = day
        document.end_reason = reason
        document.save(update_fields=["state", "ended_on", "end_reason", "updated_at"])
        _audit(
            actor,
            "normdocs.document.withdraw",
            document,
            document=document,
            before={"state": before},
            after={"state": target},
            reason=reason,
        )
    return document


# -- public consultation ---------------------------------------------------------


def comment_period_days(day: dt.date) -> tuple[int, str]:
    """The minimum comment period on ``day`` and its citation (a dated parameter)."""
    value = rules.comment_period(day)
    return int(value.value), value.reference


def open_consultation(
    *,
    actor: Actor,
    document: Document,
    closes_on: dt.date | None = None,
    opens_on: dt.date | None = None,
    short_period_reason: str = "",
    today: dt.date | None = None,
) -> Consultation:
    """Publish the draft and its explanation for public comment (公开征求意见).

    The period is at least the parameter ``normdocs.comment_period`` (30 days,
    《优化营商环境条例》第62条第2款 “一般不少于30日”); a shorter one needs a stated reason.
    Without ``closes_on`` the consultation runs exactly that minimum period.
    """
    _require_drafter(actor, document)
    day = _today(today)
    opens = opens_on or day
    if opens < day:
        raise DomainError(
            "征求意见的开始日期不得早于今天。",
            "The consultation cannot open in the past.",
            code="consultation_opens_in_past",
            field="opens_on",
        )
    minimum, reference = comment_period_days(opens)
    if closes_on is None:
        closes_on = opens + dt.timedelta(days=minimum)
    days = (closes_on - opens).days
    if days < 1:
        raise DomainError(
            "征求意见的截止日期须晚于开始日期。",
            "The consultation must close after it opens.",
            code="consultation_bad_dates",
            field="closes_on",
        )
    reason = short_period_reason.strip()
    if days < minimum and not reason:
        raise DomainError(
            f"征求意见期限为{days}日，少于{minimum}日的须说明理由（{reference}）。",
            f"The comment period is {days} days; less than {minimum} days needs a stated "
            f"reason ({reference}).",
            code="comment_period_too_short",
            field="short_period_reason",
            basis=reference,
        )
    target = _check(document, "open_consultation", day)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            document=document,
            draft_text=document.text,
            draft_explanation=document.explanation,
            opens_on=opens,
            closes_on=closes_on,
            short_period_reason=reason,
            opened_by=actor if isinstance(actor, User) else None,
        )
        document.state = target
        document.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "normdocs.consultation.open",
            consultation,
            document=document,
            basis=CONSULTATION,
            after={
                "document": document.pk,
                "opens_on": opens,
                "closes_on": closes_on,
                "days": days,
                "minimum": minimum,
            },
            reason=reason,
        )
    return consultation


def submit_comment(
    *,
    consultation: Consultation,
    text: str,
    name: str = "",
    contact: str = "",
    today: dt.date | None = None,
    actor: Actor = None,
) -> Comment:
    """A comment from the public, online, while the consultation is open.

    The name and contact are kept for the office only: never published, never in
    the audit record.
    """
    day = _today(today)
    text = _required(text, field="text", zh="意见内容", en="your comment")
    if len(text) > MAX_PUBLIC_TEXT:
        raise DomainError(
            f"意见内容不得超过{MAX_PUBLIC_TEXT}字。",
            f"A comment may have at most {MAX_PUBLIC_TEXT} characters.",
            code="comment_too_long",
            field="text",
        )
    name = _bounded(
        name,
        field="name",
        zh="姓名或名称",
        en="the name",
        max_length=_max(Comment, "name"),
    )
    contact = _bounded(
        contact,
        field="contact",
        zh="联系方式",
        en="the contact",
        max_length=_max(Comment, "contact"),
    )
    if not consultation.is_open_on(day):
        raise ConflictError(
            f"该草案的征求意见期为 {consultation.opens_on.isoformat()} 至 "
            f"{consultation.closes_on.isoformat()}，现在不能提交意见（{CONSULTATION}）。",
            f"The consultation runs from {consultation.opens_on.isoformat()} to "
            f"{consultation.closes_on.isoformat()}; comments are not accepted now ({CONSULTATION}).",
            code="consultation_closed",
            basis=CONSULTATION,
        )
    document = consultation.document
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            text=text,
            name=name,
            contact=contact,
        )
        _audit(
            actor,
            "normdocs.comment.submit",
            comment,
            document=document,
            basis=CONSULTATION,
            after={"consultation": consultation.pk, "characters": len(text)},
        )
    return comment


def close_consultation(
    *, actor: Actor, document: Document, today: dt.date | None = None
) -> Consultation:
    """End the consultation once its period is over; the draft goes back to drafting."""
    _require_drafter(actor, document)
    day = _today(today)
    target = _check(document, "close_consultation", day)
    consultation = document.consultations.get(closed_on__isnull=True)
    with transaction.atomic():
        consultation.closed_on = day
        consultation.save(update_fields=["closed_on", "updated_at"])
        document.state = target
        document.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "normdocs.consultation.close",
            consultation,
            document=document,
            basis=CONSULTATION,
            after={"closed_on": day, "comments": consultation.comments.count()},
        )
    return consultation


def dispose_comment(
    *, actor: Actor, comment: Comment, disposition: str, reason: str = ""
) -> Comment:
    """Record whether a comment was adopted; partly or not adopted needs the reason."""
    document = comment.consultation.document
    _require_drafter(actor, document)
    if disposition not in (
        Disposition.ADOPTED,
        Disposition.PARTLY,
        Disposition.NOT_ADOPTED,
    ):
        raise DomainError(
            "处理结果应为采纳、部分采纳或者不予采纳。",
            "The disposition must be adopted, partly adopted or not adopted.",
            code="bad_disposition",
            field="disposition",
        )
    reason = reason.strip()
    if disposition != Disposition.ADOPTED and not reason:
        raise DomainError(
            f"部分采纳或者不予采纳的，须说明理由（{CONSULTATION}“反馈意见采纳情况”）。",
            f"Give the reason when a comment is partly or not adopted ({CONSULTATION}).",
            code="reason_required",
            field="reason",
            basis=CONSULTATION,
        )
    if comment.consultation.statement_published_on is not None:
        raise ConflictError(
            "意见采纳情况说明已经公布，不能再修改处理结果。",
            "The statement on the comments is published; dispositions can no longer change.",
            code="statement_already_published",
        )
    with transaction.atomic():
        before = {"disposition": comment.disposition, "reason": comment.reason}
        comment.disposition = disposition
        comment.reason = reason
        comment.disposed_by = actor if isinstance(actor, User) else None
        comment.disposed_at = timezone.now()
        comment.save()
        _audit(
            actor,
            "normdocs.comment.dispose",
            comment,
            document=document,
            basis=CONSULTATION,
            before=before,
            after={"disposition": disposition},
            reason=reason,
        )
    return comment


def adoption_statement_text(consultation: Consultation) -> str:
    """The published statement of how comments were adopted (采纳情况说明), built
    from the staff's dispositions; it quotes the comments, never who sent them."""
    comments = list(consultation.comments.all())
    groups = {
        d: [c for c in comments if c.disposition == d] for d in Disposition.values
    }
    lines = [
        f"关于《{consultation.document.title}》征求意见采纳情况的说明",
        "",
        f"{consultation.opens_on.isoformat()}至{consultation.closes_on.isoformat()}，"
        f"本机关就《{consultation.document.title}》公开征求社会公众意见，共收到意见{len(comments)}条，"
        f"其中采纳{len(groups[Disposition.ADOPTED])}条，部分采纳{len(groups[Disposition.PARTLY])}条，"
        f"未采纳{len(groups[Disposition.NOT_ADOPTED])}条。",
    ]
    sections = (
        ("一、采纳的意见", Disposition.ADOPTED),
        ("二、部分采纳的意见及理由", Disposition.PARTLY),
        ("三、未采纳的意见及理由", Disposition.NOT_ADOPTED),
    )
    for heading, disposition in sections:
        if not groups[disposition]:
            continue
        lines += ["", heading]
        for n, comment in enumerate(groups[disposition], start=1):
            excerpt = " ".join(comment.text.split())
            excerpt = excerpt if len(excerpt) <= 200 else excerpt[:200] + "……"
            line = f"{n}. {excerpt}"
            if comment.reason:
                line += f"（理由：{comment.reason}）"
            lines.append(line)
    return "\n".join(lines)


def publish_adoption_statement(
    *, actor: Actor, consultation: Consultation, today: dt.date | None = None
) -> Consultation:
    """Publish how comments were adopted, once the consultation is closed and every
    comment has a disposition (反馈意见采纳情况, 第62条第2款)."""
    consultation.refresh_from_db()
    document = consultation.document
    _require_drafter(actor, document)
    day = _today(today)
    if consultation.closed_on is None:
        raise ConflictError(
            f"征求意见尚未结束，不能公布采纳情况（{CONSULTATION}）。",
            f"The consultation is not closed yet ({CONSULTATION}).",
            code="consultation_not_closed",
            basis=CONSULTATION,
        )
    if consultation.statement_published_on is not None:
        raise ConflictError(
            "意见采纳情况说明已经公布。",
            "The statement is already published.",
            code="statement_already_published",
        )
    pending = consultation.comments.filter(disposition=Disposition.PENDING).count()
    if pending:
        raise ConflictError(
            f"还有{pending}条意见没有处理，请先逐条处理（{CONSULTATION}）。",
            f"{pending} comments have no disposition yet ({CONSULTATION}).",
            code="comments_undisposed",
            basis=CONSULTATION,
        )
    with transaction.atomic():
        consultation.adoption_statement = adoption_statement_text(consultation)
        consultation.statement_published_on = day
        consultation.save(
            update_fields=["adoption_statement", "statement_published_on", "updated_at"]
        )
        _audit(
            actor,
            "normdocs.consultation.publish_statement",
            consultation,
            document=document,
            basis=CONSULTATION,
            after={"published_on": day},
        )
    return consultation


# -- legality review -------------------------------------------------------------


def _prereview(text: str, title: str) -> list[Any]:
    """The automated pre-review's findings (``fazhi.normdocs.prereview``)."""
    from fazhi.normdocs import prereview

    return list(prereview.review(text, title=title))


def _finding_row(review: LegalityReview, finding: Any) -> PrereviewFinding:
    """One stored finding of ``fazhi.normdocs.prereview`` (its ``Finding``: detector,
    rule, clause, citation), with its full JSON form for the review page."""
    clause = getattr(finding, "clause", "")
    citation = getattr(finding, "citation", "")
    as_dict = getattr(finding, "as_dict", None)
    return PrereviewFinding(
        review=review,
        detector=str(getattr(finding, "detector", ""))[:64],
        rule_id=str(getattr(finding, "rule_id", ""))[:128],
        severity=str(getattr(finding, "severity", ""))[:16],
        clause=str(getattr(clause, "text", clause)),
        rule=str(getattr(finding, "rule_zh", "") or getattr(finding, "rule", "")),
        citation=str(getattr(citation, "text", citation))[:255],
        details=as_dict() if callable(as_dict) else {},
    )


def submit_for_review(
    *, actor: Actor, document: Document, today: dt.date | None = None
) -> LegalityReview:
    """Send the draft to the legal institution (送交合法性审核); the time limit comes
    from the time engine (``normdocs.legality_review``), the automated pre-review
    runs and each of its findings waits for the reviewer's disposition."""
    _require_drafter(actor, document)
    day = _today(today)
    target = _check(document, "submit_for_review", day)
    deadline = compute_deadline("normdocs.legality_review", day)
    findings = _prereview(document.text, document.title)
    with transaction.atomic():
        review = LegalityReview.objects.create(
            document=document,
            reviewing_organization=document.review_organization,
            submitted_by=actor if isinstance(actor, User) else None,
            submitted_on=day,
            due_on=deadline.due,
            due_basis=deadline.basis[:255],
            text_reviewed=document.text,
        )
        PrereviewFinding.objects.bulk_create(
            [_finding_row(review, f) for f in findings]
        )
        document.state = target
        document.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "normdocs.review.submit",
            review,
            document=document,
            basis=LEGALITY_REVIEW,
            after={
                "due_on": deadline.due,
                "findings": len(findings),
                "reviewing_organization": document.review_organization_id,
            },
        )
    return review


def _pending_review(review: LegalityReview) -> None:
    if (
        review.outcome != ReviewOutcome.PENDING
        or review.document.state != State.REVIEWING
    ):
        raise ConflictError(
            "该次合法性审核已经作出结论。",
            "This legality review is already concluded.",
            code="review_concluded",
        )


def dispose_finding(
    *, actor: Actor, finding: PrereviewFinding, disposition: str, note: str = ""
) -> PrereviewFinding:
    """The reviewer confirms or dismisses a pre-review finding; dismissing needs a note."""
    review = finding.review
    _require_legal_reviewer(actor, review.reviewing_organization)
    _pending_review(review)
    if disposition not in (FindingDisposition.CONFIRMED, FindingDisposition.DISMISSED):
        raise DomainError(
            "处理应为“确认问题”或“不构成问题”。",
            "The disposition must be confirmed or dismissed.",
            code="bad_disposition",
            field="disposition",
        )
    note = _bounded(
        note,
        field="note",
        zh="说明",
        en="the note",
        max_length=_max(PrereviewFinding, "note"),
    )
    if disposition == FindingDisposition.DISMISSED and not note:
        raise DomainError(
            "认为不构成问题的，须说明理由。",
            "Say why the finding is not a problem.",
            code="note_required",
            field="note",
        )
    with transaction.atomic():
        before = {"disposition": finding.disposition}
        finding.disposition = disposition
        finding.note = note
        finding.save(update_fields=["disposition", "note"])
        _audit(
            actor,
            "normdocs.review.dispose_finding",
            finding,
            document=review.document,
            basis=LEGALITY_REVIEW,
            before=before,
            after={"disposition": disposition, "detector": finding.detector},
            reason=note,
        )
    return finding


def conclude_review(
    *,
    actor: Actor,
    review: LegalityReview,
    outcome: str,
    opinion: str,
    today: dt.date | None = None,
) -> LegalityReview:
    """The legal institution's opinion (审核意见): passed, or back to drafting."""
    _require_legal_reviewer(actor, review.reviewing_organization)
    _pending_review(review)
    if outcome not in (
        ReviewOutcome.PASSED,
        ReviewOutcome.AMEND,
        ReviewOutcome.REJECTED,
    ):
        raise DomainError(
            "审核结论应为合法同意、修改后重新送审或者不予通过。",
            "The outcome must be passed, amend or rejected.",
            code="bad_outcome",
            field="outcome",
        )
    opinion = _required(
        opinion, field="opinion", zh="审核意见", en="the review opinion"
    )
    day = _today(today)
    document = review.document
    step = "pass_review" if outcome == ReviewOutcome.PASSED else "return_review"
    target = _check(document, step, day)
    with transaction.atomic():
        review.outcome = outcome
        review.opinion = opinion
        review.reviewer = actor if isinstance(actor, User) else None
        review.concluded_on = day
        review.save()
        document.state = target
        document.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "normdocs.review.conclude",
            review,
            document=document,
            basis=LEGALITY_REVIEW,
            after={
                "outcome": outcome,
                "concluded_on": day,
                "late": day > review.due_on,
            },
        )
    return review


# -- fair-competition review -----------------------------------------------------


def record_fair_competition_review(
    *,
    actor: Actor,
    document: Document,
    answers: Mapping[str, bool],
    conclusion: str,
    authorised_items: Sequence[str] = (),
    exception: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> FairCompetitionReview:
    """The drafting unit's checklist of 《公平竞争审查条例》第8-11条 (第13条第2款).

    ``answers`` says, for every item of the checklist, whether the draft contains
    it. Items of 第10条 with a basis in law or administrative regulation or State
    Council approval are listed in ``authorised_items``. ``exception`` records the
    第12条 test: ``{"purposes": [...], "no_less_restrictive": bool,
    "term_or_end": bool}``; relying on it must be explained in ``conclusion``
    (第17条第2款).
    """
    _require_drafter(actor, document)
    if document.state not in PRE_RELEASE:
        raise ConflictError(
            f"公平竞争审查在起草阶段进行；文件当前状态为“{document.get_state_display()}”"
            f"（《公平竞争审查条例》(2024-06-06) 第13条第2款）。",
            "The fair-competition review is done while drafting (Article 13(2)).",
            code="fcr_wrong_state",
        )
    conclusion = _required(
        conclusion, field="conclusion", zh="审查结论", en="the conclusion"
    )
    checklist = rules.fair_competition()
    outcome, exception_record = checklist.assess(
        answers=answers, authorised=authorised_items, exception=exception
    )
    day = _today(today)
    with transaction.atomic():
        review = FairCompetitionReview.objects.create(
            document=document,
            reviewer=actor if isinstance(actor, User) else None,
            answers={item.id: bool(answers[item.id]) for item in checklist.items},
            authorised_items=sorted(authorised_items),
            exception=exception_record,
            conclusion=conclusion,
            outcome=outcome,
            reviewed_on=day,
        )
        _audit(
            actor,
            "normdocs.fair_competition.record",
            review,
            document=document,
            basis=FAIR_COMPETITION,
            after={
                "outcome": outcome,
                "contains": [k for k, v in answers.items() if v],
            },
        )
    return review


# -- collective discussion ---------------------------------------------------------


def record_deliberation(
    *,
    actor: Actor,
    document: Document,
    meeting: str,
    held_on: dt.date,
    decision: str,
    minutes: str = "",
    today: dt.date | None = None,
) -> Deliberation:
    """Collective discussion (集体审议): the meeting, its date and its decision."""
    _require_drafter(actor, document)
    meeting = _required(
        meeting,
        field="meeting",
        zh="会议名称",
        en="the meeting",
        max_length=_max(Deliberation, "meeting"),
    )
    day = _today(today)
    if held_on > day:
        raise DomainError(
            "会议日期不得晚于今天。",
            "The meeting date cannot be in the future.",
            code="meeting_in_future",
            field="held_on",
        )
    if decision not in DeliberationDecision.values:
        raise DomainError(
            "审议决定应为审议通过或者退回修改。",
            "The decision must be approved or sent back.",
            code="bad_decision",
            field="decision",
        )
    step = "approve" if decision == DeliberationDecision.APPROVED else "send_back"
    target = _check(document, step, day)
    with transaction.atomic():
        deliberation = Deliberation.objects.create(
            document=document,
            meeting=meeting,
            held_on=held_on,
            decision=decision,
            minutes=minutes.strip(),
            recorded_by=actor if isinstance(actor, User) else None,
        )
        document.state = target
        document.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "normdocs.deliberation.record",
            deliberation,
            document=document,
            basis=COLLECTIVE_DISCUSSION,
            after={"meeting": meeting, "held_on": held_on, "decision": decision},
        )
    return deliberation


# -- registration, numbering, publication -------------------------------------------


def _require_registrar(actor: Actor, document: Document) -> None:
    """三统一: the legal institution registers and numbers (its reviewers or staff)."""
    user = actor or AnonymousUser()
    require_may_change(user)
    organization = document.review_organization
    if not can(
        user, organization, action="change", roles=[Role.LEGAL_REVIEWER, Role.STAFF]
    ):
        raise PermissionDeniedError(
            f"规范性文件由法制机构“{organization.name}”统一登记、统一编号（{HEBEI_OPINIONS}）。",
            f"Documents are registered and numbered by the legal institution {organization.name} "
            f"({HEBEI_OPINIONS}).",
            code="not_registrar",
            basis=HEBEI_OPINIONS,
        )


def register_document(
    *, actor: Actor, document: Document, today: dt.date | None = None
) -> Document:
    """Unified registration and numbering (统一登记、统一编号): the next number of
    the issuing organization in this year, gap-free and never reused."""
    _require_registrar(actor, document)
    day = _today(today)
    target = _check(document, "register", day)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.state != document.state:
            raise ConflictError(
                "文件已被他人处理，请刷新后再试。",
                "Someone else changed the document; reload and try again.",
                code="document_changed",
            )
        allocated = numbering.allocate(document.organization, day.year)
        document.number = allocated.number
        document.number_year = allocated.year
        document.number_sequence = allocated.sequence
        document.registered_on = day
        document.state = target
        document.save(
            update_fields=[
                "number",
                "number_year",
                "number_sequence",
                "registered_on",
                "state",
                "updated_at",
            ]
        )
        _audit(
            actor,
            "normdocs.document.register",
            document,
            document=document,
            basis=HEBEI_OPINIONS,
            after={"number": allocated.number, "registered_on": day},
        )
    return document


@dataclass(frozen=True, slots=True)
class ValidityLimit:
    years: int
    last_day: dt.date
    provisional: bool
    reference: str


def validity_limit(*, title: str, effective_on: dt.date) -> ValidityLimit:
    """The last day a document may stay valid: at most 5 years, 2 when its title says
    暂行 or 试行 (parameter ``normdocs.validity``, Hebei opinions)."""
    value = rules.validity(effective_on)
    markers: list[str] = list(value.value["provisional_markers"])
    provisional = any(marker in title for marker in markers)
    years = int(value.value["provisional_max_years" if provisional else "max_years"])
    last_day = add_months(effective_on, 12 * years) - dt.timedelta(days=1)
    return ValidityLimit(
        years=years,
        last_day=last_day,
        provisional=provisional,
        reference=value.reference,
    )


def publish_document(
    *,
    actor: Actor,
    document: Document,
    published_on: dt.date | None = None,
    effective_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    today: dt.date | None = None,
) -> Document:
    """Publish (公布) with its effective date and validity; the document enters the laws
    library as a 行政规范性文件 found by the public search while it is in force.

    ``valid_until`` (the last valid day) defaults to the longest period allowed.
    A renewal, once published, ends the document it renews.
    """
    _require_drafter(actor, document)
    day = _today(today)
    published = published_on or day
    effective = effective_on or published
    if document.registered_on is not None and published < document.registered_on:
        raise DomainError(
            "公布日期不得早于登记编号日期。",
            "The publication date cannot be before the registration.",
            code="published_before_registration",
            field="published_on",
        )
    if effective < published:
        raise DomainError(
            "施行日期不得早于公布日期。",
            "The effective date cannot be before the publication date.",
            code="effective_before_publication",
            field="effective_on",
        )
    limit = validity_limit(title=document.title, effective_on=effective)
    until = valid_until or limit.last_day
    if until < effective:
        raise DomainError(
            "有效期不得早于施行日期届满。",
            "The validity cannot end before the effective date.",
            code="validity_before_effective",
            field="valid_until",
        )
    if until > limit.last_day:
        kind_zh = "标注“暂行”“试行”的文件" if limit.provisional else "规范性文件"
        raise DomainError(
            f"{kind_zh}的有效期最长{limit.years}年，最迟至 {limit.last_day.isoformat()}（{limit.reference}）。",
            f"{'A provisional (暂行/试行) document' if limit.provisional else 'A normative document'} "
            f"may be valid for at most {limit.years} years, until {limit.last_day.isoformat()} "
            f"({limit.reference}).",
            code="validity_too_long",
            field="valid_until",
            basis=limit.reference,
        )
    target = _check(document, "publish", day)
    try:
        with transaction.atomic():
            _publish(actor, document, target, published, effective, until, day)
    except Exception:
        document.refresh_from_db()  # the caller's object must not keep the rolled-back values
        raise
    return document


def _publish(
    actor: Actor,
    document: Document,
    target: str,
    published: dt.date,
    effective: dt.date,
    until: dt.date,
    day: dt.date,
) -> None:
    document.published_on = published
    document.effective_on = effective
    document.valid_until = until
    document.state = target
    instrument, version = _enter_in_registry(actor, document)
    document.instrument, document.version = instrument, version
    document.save()
    _audit(
        actor,
        "normdocs.document.publish",
        document,
        document=document,
        basis=PUBLICATION,
        after={
            "number": document.number,
            "published_on": published,
            "effective_on": effective,
            "valid_until": until,
            "version": version.pk,
        },
    )
    previous = document.renewal_of
    if previous is not None and previous.state == State.PUBLISHED:
        _end(
            actor,
            previous,
            step="supersede",
            on=effective,
            reason=f"已由《{document.title}》（{document.number}）重新公布",
            today=day,
            registry=None,
        )


REGISTRY_SOURCE = "normdocs/{pk}/{day}.md"


def _enter_in_registry(actor: Actor, document: Document) -> tuple[Instrument, Version]:
    """Create (or, for a renewal, extend) the laws-library instrument of the document.

    Its version expires the day after ``valid_until``, so the "in force" search
    drops it on that day even before the daily command runs.
    """
    if (
        document.published_on is None
        or document.effective_on is None
        or document.valid_until is None
    ):
        raise ValueError("publication dates must be set before the registry entry")
    region = document.organization.division.code
    previous = document.renewal_of
    instrument = previous.instrument if previous is not None else None
    if instrument is None:
        short_title = document.title
        if Instrument.objects.filter(
            kind=Kind.NORMATIVE_DOCUMENT, short_title=short_title, region=region
        ).exists():
            short_title = f"{document.title}（{document.number}）"
        instrument = laws_services.create_instrument(
            actor=actor,
            title=document.title,
            short_title=short_title,
            kind=Kind.NORMATIVE_DOCUMENT,
            region=region,
            issuing_body=document.organization.name,
            document_number=document.number or "",
            basis=PUBLICATION,
        )
    text = f"# {document.title}\n\n{document.text}"
    try:
        version = laws_services.add_version(
            actor=actor,
            instrument=instrument,
            text=text,
            promulgated_on=document.published_on,
            effective_on=document.effective_on,
            basis=PUBLICATION,
        )
    except DomainError as exc:
        if exc.code != "laws_text_without_articles":
            raise
        version = _import_without_articles(actor, document, instrument, text)
    ends = document.valid_until + dt.timedelta(days=1)
    _set_version_end(version, expired_on=ends)
    return instrument, version


def _import_without_articles(
    actor: Actor, document: Document, instrument: Instrument, text: str
) -> Version:
    """A document written in 一、二、 paragraphs rather than 第X条: imported through the
    laws import path, which keeps paragraphs without articles searchable."""
    from fazhi.laws.parsing import parse_text

    if document.published_on is None:  # pragma: no cover - checked by the caller
        raise ValueError("publication date missing")
    source = REGISTRY_SOURCE.format(
        pk=document.pk, day=document.published_on.isoformat()
    )
    parsed = parse_text(source, text.encode("utf-8"))
    outcome = laws_services.import_documents(
        items=[
            laws_services.ImportItem(
                document=parsed,
                kind=Kind.NORMATIVE_DOCUMENT,
                region=instrument.region,
                short_title=instrument.short_title,
                promulgated_on=document.published_on,
                effective_on=document.effective_on,
            )
        ],
        actor=actor,
    )
    return Version.objects.get(pk=outcome.version_ids[0])


def _set_version_end(version: Version, *, expired_on: dt.date | None = None) -> None:
    """Set the day the library version stops being in force (失效) and reindex it.

    The laws app has no service for 失效 yet (only 废止); see docs/normdocs.md.
    """
    Version.objects.filter(pk=version.pk).update(expired_on=expired_on)
    version.expired_on = expired_on
    instrument_id = version.instrument_id

    def reindex() -> None:
        from fazhi.laws.search.indexing import reindex_instruments

        try:
            reindex_instruments(instrument_ids={instrument_id})
        except (
            Exception
        ):  # the index is derived data: `fazhi laws reconcile` repairs it
            log.exception("search index update failed; run `fazhi laws reindex`")

    transaction.on_commit(reindex)


def _end(
    actor: Actor,
    document: Document,
    *,
    step: str,
    on: dt.date,
    reason: str,
    today: dt.date,
    registry: str | None,
    basis: str = "",
) -> Document:
    """End a published document: expire, abolish, declare invalid, revoke, supersede.

    ``registry`` says what the laws library records: ``"repeal"`` (废止/撤销),
    ``"expire"`` (失效) or None (the library already knows, e.g. a renewal).
    """
    target = _check(document, step, today)
    if document.published_on is not None and on < document.published_on:
        raise DomainError(
            f"终止日期不得早于公布日期 {document.published_on.isoformat()}。",
            f"The end date cannot be before the publication date "
            f"{document.published_on.isoformat()}.",
            code="ends_before_publication",
            field="on",
        )
    before = document.state
    document.state = target
    document.ended_on = on
    document.end_reason = reason
    document.save(update_fields=["state", "ended_on", "end_reason", "updated_at"])
    version = document.version
    if version is not None and registry == "repeal":
        laws_services.repeal_version(
            version=version,
            repealed_on=on,
            actor=actor,
            basis=basis or DOCUMENT.step(step).basis,
        )
    elif version is not None and registry == "expire":
        current = version.expired_on
        if current is None or on < current:
            _set_version_end(version, expired_on=on)
    _audit(
        actor,
        f"normdocs.document.{step}",
        document,
        document=document,
        basis=basis or DOCUMENT.step(step).basis,
        before={"state": before},
        after={"state": target, "ended_on": on},
        reason=reason,
    )
    return document


def abolish_document(
    *,
    actor: Actor,
    document: Document,
    on: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Document:
    """The enactor abolishes a published document (废止); it leaves the "in force" search."""
    _require_drafter(actor, document)
    reason = _required(reason, field="reason", zh="废止理由", en="the reason")
    day = _today(today)
    _check(document, "abolish", day)
    with transaction.atomic():
        return _end(
            actor,
            document,
            step="abolish",
            on=on,
            reason=reason,
            today=day,
            registry="repeal",
        )


def declare_invalid(
    *,
    actor: Actor,
    document: Document,
    on: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Document:
    """The enactor declares a published document no longer valid (宣布失效)."""
    _require_drafter(actor, document)
    reason = _required(reason, field="reason", zh="失效理由", en="the reason")
    day = _today(today)
    _check(document, "declare_invalid", day)
    with transaction.atomic():
        return _end(
            actor,
            document,
            step="declare_invalid",
            on=on,
            reason=reason,
            today=day,
            registry="expire",
        )


# -- validity: expiry and renewal ---------------------------------------------------


@dataclass
class ExpiryRun:
    today: dt.date
    expired: list[int] = field(default_factory=list)


def documents_due_to_expire(today: dt.date) -> list[int]:
    """Published documents whose last valid day is before ``today``."""
    return list(
        Document.objects.filter(state=State.PUBLISHED, valid_until__lt=today)
        .order_by("valid_until", "pk")
        .values_list("pk", flat=True)
    )


def expire_document(*, document_id: int, today: dt.date, actor: Actor = None) -> bool:
    """Expire one document whose validity is over (有效期届满自动失效); idempotent:
    a document already expired (or otherwise ended) is left alone."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if (
            document.state != State.PUBLISHED
            or document.valid_until is None
            or document.valid_until >= today
        ):
            return False
        _end(
            actor,
            document,
            step="expire",
            on=document.valid_until + dt.timedelta(days=1),
            reason="有效期届满",
            today=today,
            registry="expire",
        )
    return True


def expire_documents(
    *,
    today: dt.date,
    actor: Actor = None,
    progress: Callable[[int], object] | None = None,
) -> ExpiryRun:
    """The daily clock: every published document past its validity becomes expired.

    One transaction per document, so a crash keeps what is done and a re-run
    finishes the rest; running twice changes nothing the second time.
    """
    run = ExpiryRun(today=today)
    for document_id in documents_due_to_expire(today):
        if expire_document(document_id=document_id, today=today, actor=actor):
            run.expired.append(document_id)
        if progress is not None:
            progress(1)
    return run


def start_renewal(
    *,
    actor: Actor,
    document: Document,
    title: str | None = None,
    text: str | None = None,
    explanation: str = "",
) -> Document:
    """Start the renewal of a document whose validity ends (需继续执行的, 重新审查、
    决定并公布): a new draft that goes through review and discussion again."""
    _require_drafter(actor, document)
    if document.state not in (State.PUBLISHED, State.EXPIRED):
        raise ConflictError(
            f"只有已公布或者已失效的文件才能重新制定；文件当前状态为“{document.get_state_display()}”"
            f"（{HEBEI_OPINIONS}）。",
            f"Only a published or expired document can be renewed ({HEBEI_OPINIONS}).",
            code="not_renewable",
            basis=HEBEI_OPINIONS,
        )
    if (
        document.renewals.exclude(state=State.WITHDRAWN)
        .filter(state__in=[*PRE_RELEASE, State.CONSULTING, State.REGISTERED])
        .exists()
    ):
        raise ConflictError(
            "该文件已有一份正在办理的重新制定草案。",
            "A renewal of this document is already in progress.",
            code="renewal_in_progress",
        )
    with transaction.atomic():
        renewal = create_draft(
            actor=actor,
            organization=document.organization,
            title=title or document.title,
            text=text or document.text,
            explanation=explanation,
            affects_rights=document.affects_rights,
            touches_economic_activity=document.touches_economic_activity,
            review_organization=document.review_organization,
            legal_bases=[
                b.provision for b in document.bases.select_related("provision")
            ],
        )
        renewal.renewal_of = document
        renewal.save(update_fields=["renewal_of", "updated_at"])
        _audit(
            actor,
            "normdocs.document.start_renewal",
            renewal,
            document=renewal,
            basis=HEBEI_OPINIONS,
            after={"renewal_of": document.pk},
        )
    return renewal


# -- filing ---------------------------------------------------------------------------


def _refuse_unpublished(document: Document) -> None:
    if document.state not in ISSUED_STATES or document.published_on is None:
        raise ConflictError(
            f"文件尚未公布，不能报送备案；备案期限自公布之日起计算（{FILING}）。",
            f"The document is not published yet and cannot be filed; the filing period "
            f"runs from publication ({FILING}).",
            code="not_published",
            basis=FILING,
        )


def submit_filing(
    *,
    actor: Actor,
    document: Document,
    filing_body: Organization | None = None,
    today: dt.date | None = None,
) -> Filing:
    """File a published document with the next-higher government (报送备案) within
    ``normdocs.filing.deadline`` of publication; the filing body's review is due
    ``review.active_deadline`` after receipt."""
    _require_drafter(actor, document)
    _refuse_unpublished(document)
    if document.filings.exists():
        raise ConflictError(
            "该文件已经报送备案。",
            "The document has already been filed.",
            code="already_filed",
        )
    body = filing_body or default_filing_body(document.organization)
    if body is None:
        raise DomainError(
            "找不到上一级人民政府，请指定备案机关。",
            "No higher government was found; name the filing body.",
            code="no_filing_body",
            field="filing_body",
        )
    day = _today(today)
    if (
        document.published_on is None
    ):  # pragma: no cover - _refuse_unpublished checked it
        raise ValueError("publication date missing")
    due = compute_deadline("normdocs.filing.deadline", document.published_on)
    review_due = compute_deadline("review.active_deadline", day)
    with transaction.atomic():
        filing = Filing.objects.create(
            document=document,
            filing_body=body,
            due_on=due.due,
            due_basis=due.basis[:255],
            submitted_on=day,
            submitted_by=actor if isinstance(actor, User) else None,
            is_late=day > due.due,
            review_due_on=review_due.due,
            review_due_basis=review_due.basis[:255],
        )
        _audit(
            actor,
            "normdocs.filing.submit",
            filing,
            document=document,
            basis=FILING,
            after={
                "filing_body": body.pk,
                "due_on": due.due,
                "submitted_on": day,
                "late": filing.is_late,
                "review_due_on": review_due.due,
            },
        )
    return filing


def filing_reviewers(filing_body: Organization) -> list[Organization]:
    """Who reviews filings for a government: the government and its legal institution."""
    offices = list(
        filing_body.children.filter(
            kind=Organization.Kind.LEGAL_INSTITUTION, is_active=True
        )
    )
    return [filing_body, *offices]


def _require_filing_reviewer(actor: Actor, filing: Filing) -> None:
    user = actor or AnonymousUser()
    require_may_change(user)
    if not any(
        can(user, org, action="change", roles=[Role.LEGAL_REVIEWER, Role.STAFF])
        for org in filing_reviewers(filing.filing_body)
    ):
        raise PermissionDeniedError(
            f"备案审查由备案机关“{filing.filing_body.name}”或者其法制机构进行（{FILING_REVIEW}）。",
            f"The filing is reviewed by the filing body {filing.filing_body.name} or its legal "
            f"institution ({FILING_REVIEW}).",
            code="not_filing_reviewer",
            basis=FILING_REVIEW,
        )


def conclude_filing_review(
    *,
    actor: Actor,
    filing: Filing,
    outcome: str,
    opinion: str,
    today: dt.date | None = None,
) -> Filing:
    """The filing body's conclusion: no problem, suggestion to amend, order to correct
    (both: the enactor reports within ``review.enactor_response``), or revocation."""
    _require_filing_reviewer(actor, filing)
    step = FILING_OUTCOME_STEPS.get(outcome)
    if step is None:
        raise DomainError(
            "审查结论应为未发现问题、建议修改、责令纠正或者予以撤销。",
            "The outcome must be no_problem, suggest_amend, order_correct or revoked.",
            code="bad_outcome",
            field="outcome",
        )
    opinion = _required(
        opinion, field="opinion", zh="审查意见", en="the review opinion"
    )
    day = _today(today)
    target = FILING_WORKFLOW.check(filing, step).target
    document = filing.document
    if outcome == FilingState.REVOKED:
        _check(document, "revoke", day)
    response_due = None
    if outcome in (FilingState.SUGGEST_AMEND, FilingState.ORDER_CORRECT):
        response_due = compute_deadline("review.enactor_response", day)
    with transaction.atomic():
        before = filing.state
        filing.state = target
        filing.opinion = opinion
        filing.reviewed_on = day
        filing.reviewed_by = actor if isinstance(actor, User) else None
        if response_due is not None:
            filing.response_due_on = response_due.due
            filing.response_due_basis = response_due.basis[:255]
        filing.save()
        _audit(
            actor,
            "normdocs.filing.review",
            filing,
            document=document,
            basis=FILING_WORKFLOW.step(step).basis,
            before={"state": before},
            after={
                "state": target,
                "reviewed_on": day,
                "response_due_on": response_due.due if response_due else None,
            },
        )
        if outcome == FilingState.REVOKED:
            _end(
                actor,
                document,
                step="revoke",
                on=day,
                reason=opinion,
                today=day,
                registry="repeal",
            )
    return filing


def respond_to_filing_review(
    *, actor: Actor, filing: Filing, response: str, today: dt.date | None = None
) -> Filing:
    """The enactor reports how it handled the filing body's opinion (第21条)."""
    _require_drafter(actor, filing.document)
    response = _required(response, field="response", zh="处理情况", en="the response")
    day = _today(today)
    target = FILING_WORKFLOW.check(filing, "respond").target
    with transaction.atomic():
        before = filing.state
        filing.state = target
        filing.response = response
        filing.responded_on = day
        filing.save()
        _audit(
            actor,
            "normdocs.filing.respond",
            filing,
            document=filing.document,
            basis=ENACTOR_RESPONSE,
            before={"state": before},
            after={
                "state": target,
                "responded_on": day,
                "late": filing.response_due_on is not None
                and day > filing.response_due_on,
            },
        )
    return filing


# -- clean-up campaigns -----------------------------------------------------------------


def _campaign_open(campaign: Campaign) -> None:
    if campaign.published_on is not None:
        raise ConflictError(
            "清理结果已经公布，不能再修改。",
            "The campaign's results are published and can no longer change.",
            code="campaign_published",
        )


def start_campaign(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    basis: str = "",
    documents: Iterable[Document] = (),
    today: dt.date | None = None,
) -> Campaign:
    """Open a clean-up campaign (清理) of the organization's documents."""
    require(actor or AnonymousUser(), organization, action="change")
    title = _required(
        title,
        field="title",
        zh="清理名称",
        en="the title",
        max_length=_max(Campaign, "title"),
    )
    day = _today(today)
    docs = list(documents)
    _check_campaign_documents(organization, docs)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organization=organization,
            title=title,
            basis=basis.strip(),
            started_on=day,
            started_by=actor if isinstance(actor, User) else None,
        )
        CampaignItem.objects.bulk_create(
            [CampaignItem(campaign=campaign, document=d) for d in docs]
        )
        record(
            actor=actor,
            action="normdocs.campaign.start",
            obj=campaign,
            organization=organization,
            basis=CLEANUP,
            after={"title": title, "documents": [d.pk for d in docs]},
        )
    return campaign


def _check_campaign_documents(
    organization: Organization, documents: Sequence[Document]
) -> None:
    for document in documents:
        if (
            not document.organization.is_below(organization)
            or document.state != State.PUBLISHED
        ):
            raise DomainError(
                f"《{document.title}》不是本机关（或下属机关）现行有效的文件，不能列入清理。",
                f"{document.title} is not a document in force of this organization or below it.",
                code="not_cleanable",
                field="documents",
            )


def add_to_campaign(
    *, actor: Actor, campaign: Campaign, documents: Iterable[Document]
) -> Campaign:
    """Select more documents for the campaign; ones already selected are skipped."""
    require(actor or AnonymousUser(), campaign.organization, action="change")
    _campaign_open(campaign)
    docs = list(documents)
    _check_campaign_documents(campaign.organization, docs)
    known = set(campaign.items.values_list("document_id", flat=True))
    new = [d for d in dict.fromkeys(docs) if d.pk not in known]
    with transaction.atomic():
        CampaignItem.objects.bulk_create(
            [CampaignItem(campaign=campaign, document=d) for d in new]
        )
        record(
            actor=actor,
            action="normdocs.campaign.select",
            obj=campaign,
            organization=campaign.organization,
            basis=CLEANUP,
            after={"added": [d.pk for d in new]},
        )
    return campaign


def decide_campaign_item(
    *, actor: Actor, item: CampaignItem, decision: str, reason: str
) -> CampaignItem:
    """Record retain / amend / abolish / declare invalid for one document, with the reason."""
    campaign = item.campaign
    require(actor or AnonymousUser(), campaign.organization, action="change")
    _campaign_open(campaign)
    if decision not in CleanupDecision.values:
        raise DomainError(
            "清理结论应为继续有效、需要修改、废止或者宣布失效。",
            "The decision must be retain, amend, abolish or invalid.",
            code="bad_decision",
            field="decision",
        )
    reason = _required(reason, field="reason", zh="理由", en="the reason")
    with transaction.atomic():
        before = {"decision": item.decision}
        item.decision, item.reason = decision, reason
        item.decided_by = actor if isinstance(actor, User) else None
        item.save()
        record(
            actor=actor,
            action="normdocs.campaign.decide",
            obj=item,
            organization=campaign.organization,
            basis=CLEANUP,
            before=before,
            after={"document": item.document_id, "decision": decision},
            reason=reason,
        )
    return item


def publish_campaign(
    *, actor: Actor, campaign: Campaign, today: dt.date | None = None
) -> Campaign:
    """Publish the catalogues (continuing in force, abolished, invalid) and end the
    abolished and invalid documents on that day."""
    require(actor or AnonymousUser(), campaign.organization, action="change")
    _campaign_open(campaign)
    items = list(
        campaign.items.select_related(
            "document", "document__organization", "document__version"
        )
    )
    if not items:
        raise DomainError(
            "清理没有列入任何文件。",
            "The campaign has no documents.",
            code="campaign_empty",
        )
    undecided = [i for i in items if not i.decision]
    if undecided:
        raise ConflictError(
            f"还有{len(undecided)}件文件没有清理结论。",
            f"{len(undecided)} documents have no decision yet.",
            code="campaign_undecided",
        )
    day = _today(today)
    steps: dict[str, tuple[str, str]] = {
        CleanupDecision.ABOLISH: ("abolish", "repeal"),
        CleanupDecision.INVALID: ("declare_invalid", "expire"),
    }
    for item in items:
        if item.decision in steps:
            _check(item.document, steps[item.decision][0], day)  # refuse before writing
    with transaction.atomic():
        for item in items:
            if item.decision in steps:
                step, registry = steps[item.decision]
                _end(
                    actor,
                    item.document,
                    step=step,
                    on=day,
                    reason=item.reason,
                    today=day,
                    registry=registry,
                    basis=CLEANUP,
                )
        campaign.published_on = day
        campaign.save(update_fields=["published_on", "updated_at"])
        counts = {
            d: sum(1 for i in items if i.decision == d) for d in CleanupDecision.values
        }
        record(
            actor=actor,
            action="normdocs.campaign.publish",
            obj=campaign,
            organization=campaign.organization,
            basis=CLEANUP,
            after={"published_on": day, **counts},
        )
    return campaign


# -- citizens' review requests ---------------------------------------------------------


def submit_review_request(
    *,
    document: Document,
    text: str,
    name: str,
    contact: str,
    today: dt.date | None = None,
    actor: Actor = None,
) -> ReviewRequest:
    """A citizen's request to review a published document (审查建议), received online;
    the answer is due ``normdocs.review_request.answer`` after receipt."""
    text = _required(
        text, field="text", zh="审查建议的内容和理由", en="the request and its reasons"
    )
    name = _required(
        name,
        field="name",
        zh="姓名或者名称",
        en="your name",
        max_length=_max(ReviewRequest, "name"),
    )
    contact = _required(
        contact,
        field="contact",
        zh="联系方式",
        en="how to reach you",
        max_length=_max(ReviewRequest, "contact"),
    )
    if len(text) > MAX_PUBLIC_TEXT:
        raise DomainError(
            f"审查建议不得超过{MAX_PUBLIC_TEXT}字。",
            f"A review request may have at most {MAX_PUBLIC_TEXT} characters.",
            code="request_too_long",
            field="text",
        )
    if document.state != State.PUBLISHED:
        raise ConflictError(
            f"只能对现行有效的规范性文件提出审查建议（{REVIEW_REQUEST}）。",
            f"A review request concerns a published document in force ({REVIEW_REQUEST}).",
            code="not_reviewable",
            basis=REVIEW_REQUEST,
        )
    day = _today(today)
    due = compute_deadline("normdocs.review_request.answer", day)
    with transaction.atomic():
        request = ReviewRequest.objects.create(
            document=document,
            text=text,
            name=name,
            contact=contact,
            received_on=day,
            due_on=due.due,
            due_basis=due.basis[:255],
        )
        _audit(
            actor,
            "normdocs.review_request.receive",
            request,
            document=document,
            basis=REVIEW_REQUEST,
            after={"received_on": day, "due_on": due.due},
        )
    return request


def may_answer_review_request(user: Actor, request: ReviewRequest) -> bool:
    """The enactor, its legal institution, or the filing body's reviewers answer."""
    user = user or AnonymousUser()
    document = request.document
    if can(user, document.organization, action="change"):
        return True
    if can(
        user, document.review_organization, action="change", roles=[Role.LEGAL_REVIEWER]
    ):
        return True
    return any(
        can(user, org, action="change", roles=[Role.LEGAL_REVIEWER, Role.STAFF])
        for filing in document.filings.all()
        for org in filing_reviewers(filing.filing_body)
    )


def answer_review_request(
    *, actor: Actor, request: ReviewRequest, answer: str, today: dt.date | None = None
) -> ReviewRequest:
    """Answer a review request in writing; the answer goes to the requester."""
    require_may_change(actor or AnonymousUser())
    if not may_answer_review_request(actor, request):
        raise PermissionDeniedError(
            "您无权答复该审查建议。",
            "You may not answer this review request.",
            code="out_of_scope",
        )
    if request.state == ReviewRequestState.ANSWERED:
        raise ConflictError(
            "该审查建议已经答复。",
            "The request is already answered.",
            code="already_answered",
        )
    answer = _required(answer, field="answer", zh="答复内容", en="the answer")
    day = _today(today)
    with transaction.atomic():
        request.state = ReviewRequestState.ANSWERED
        request.answer = answer
        request.answered_on = day
        request.answered_by = actor if isinstance(actor, User) else None
        request.save()
        _audit(
            actor,
            "normdocs.review_request.answer",
            request,
            document=request.document,
            basis=REVIEW_REQUEST,
            after={"answered_on": day, "late": day > request.due_on},
        )
    return request


# -- documents issued before the system ------------------------------------------------


def record_existing_document(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    text: str,
    number: str,
    published_on: dt.date,
    effective_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    today: dt.date | None = None,
) -> Document:
    """Register a document issued before the system (存量文件登记), with the number it
    was given, so that clean-up campaigns and filings can act on it. A number is
    never reused."""
    require(actor or AnonymousUser(), organization, action="change")
    title = _required(
        title,
        field="title",
        zh="标题",
        en="the title",
        max_length=_max(Document, "title"),
    )
    text = _required(text, field="text", zh="文件正文", en="the text")
    number = _required(
        number,
        field="number",
        zh="文号",
        en="the number",
        max_length=_max(Document, "number"),
    )
    if Document.objects.filter(number=number).exists():
        raise ConflictError(
            f"文号“{number}”已被使用，文号不得重复使用（{HEBEI_OPINIONS}）。",
            f"The number {number} is already used and can never be reused ({HEBEI_OPINIONS}).",
            code="number_taken",
            field="number",
            basis=HEBEI_OPINIONS,
        )
    effective = effective_on or published_on
    if effective < published_on:
        raise DomainError(
            "施行日期不得早于公布日期。",
            "The effective date cannot be before the publication date.",
            code="effective_before_publication",
            field="effective_on",
        )
    limit = validity_limit(title=title, effective_on=effective)
    until = valid_until or limit.last_day
    if until > limit.last_day or until < effective:
        raise DomainError(
            f"有效期应在施行日期至 {limit.last_day.isoformat()} 之间（{limit.reference}）。",
            f"The validity must end between the effective date and {limit.last_day.isoformat()} "
            f"({limit.reference}).",
            code="validity_too_long",
            field="valid_until",
            basis=limit.reference,
        )
    day = _today(today)
    with transaction.atomic():
        document = Document.objects.create(
            organization=organization,
            review_organization=default_review_organization(organization),
            title=title,
            text=text,
            state=State.PUBLISHED,
            number=number,
            number_year=published_on.year,
            registered_on=published_on,
            published_on=published_on,
            effective_on=effective,
            valid_until=until,
            drafted_by=actor if isinstance(actor, User) else None,
        )
        _reserve_existing_number(document)
        instrument, version = _enter_in_registry(actor, document)
        document.instrument, document.version = instrument, version
        document.save(update_fields=["instrument", "version", "updated_at"])
        _audit(
            actor,
            "normdocs.document.record_existing",
            document,
            document=document,
            basis=PUBLICATION,
            after={
                "number": number,
                "published_on": published_on,
                "valid_until": until,
                "recorded_on": day,
            },
        )
    return document


def _reserve_existing_number(document: Document) -> None:
    """A number given before the system that follows the organ's pattern moves the
    counter of its year, so registration continues after it (never reuses it)."""
    if not document.number:
        return
    reserved = numbering.reserve_existing(document.organization, document.number)
    if reserved is not None:
        Document.objects.filter(pk=document.pk).update(
            number_year=reserved.year, number_sequence=reserved.sequence
        )
        document.number_year, document.number_sequence = (
            reserved.year,
            reserved.sequence,
        )


__all__ = [
    "StepRefusedError",
    "abolish_document",
    "add_to_campaign",
    "adoption_statement_text",
    "answer_review_request",
    "close_consultation",
    "conclude_filing_review",
    "conclude_review",
    "configure_numbering",
    "create_draft",
    "decide_campaign_item",
    "declare_invalid",
    "dispose_comment",
    "dispose_finding",
    "expire_document",
    "expire_documents",
    "open_consultation",
    "publish_adoption_statement",
    "publish_campaign",
    "publish_document",
    "record_deliberation",
    "record_existing_document",
    "record_fair_competition_review",
    "register_document",
    "respond_to_filing_review",
    "start_campaign",
    "start_renewal",
    "submit_comment",
    "submit_filing",
    "submit_for_review",
    "submit_review_request",
    "update_draft",
    "validity_limit",
    "withdraw_document",
]
