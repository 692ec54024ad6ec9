"""The normdocs provider of the staff worklist (``fazhi.core.worklist``).

For a user it lists, within their scope: their organizations' drafts (and
consultations with their closing day), legality reviews waiting for them (due on
the time limit), filings to submit (due ``normdocs.filing.deadline`` after
publication), filings to review and answers the filing body awaits, open review
requests, and published documents whose validity ends within
``settings.NORMDOCS_EXPIRY_NOTICE_DAYS`` days (90 by default: a display
preference, not a statutory period).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from fazhi.core import worklist
from fazhi.core.deadlines import compute_deadline
from fazhi.core.errors import DomainError
from fazhi.core.models import User
from fazhi.core.scope import coverage
from fazhi.normdocs import selectors
from fazhi.normdocs.models import Filing, FilingState, State

DEFAULT_EXPIRY_NOTICE_DAYS = 90


def expiry_notice_days() -> int:
    return int(
        getattr(settings, "NORMDOCS_EXPIRY_NOTICE_DAYS", DEFAULT_EXPIRY_NOTICE_DAYS)
    )


def staff_url(name: str, pk: int) -> str:
    """The workbench page of an object (``normdocs-staff:<name>``), or its planned path."""
    try:
        return reverse(f"normdocs-staff:{name}", args=[pk])
    except NoReverseMatch:
        return f"/workbench/normdocs/{name}s/{pk}/"


def items(user: User, today: dt.date) -> Iterator[worklist.WorkItem]:
    kind = _("规范性文件")
    mine = selectors.visible_documents(user).filter(
        coverage(user, action="change").q("organization")
    )
    for document in mine.filter(state__in=[State.DRAFTING, State.CONSULTING]).order_by(
        "pk"
    ):
        closes = None
        if document.state == State.CONSULTING:
            open_one = document.consultations.filter(closed_on__isnull=True).first()
            closes = open_one.closes_on if open_one else None
        yield worklist.WorkItem(
            title=_("起草：%(title)s") % {"title": document.title},
            url=staff_url("document", document.pk),
            due_on=closes,
            kind=kind,
            organization_id=document.organization_id,
            state=str(document.get_state_display()),
        )
    for review in selectors.list_reviews_to_do(user=user):
        yield worklist.WorkItem(
            title=_("合法性审核：%(title)s") % {"title": review.document.title},
            url=staff_url("review", review.pk),
            due_on=review.due_on,
            kind=kind,
            organization_id=review.reviewing_organization_id,
            state=str(review.document.get_state_display()),
        )
    unfiled = mine.filter(
        state=State.PUBLISHED, filings__isnull=True, published_on__isnull=False
    )
    for document in unfiled.order_by("published_on", "pk"):
        if (
            document.published_on is None
        ):  # excluded by the filter; for the type checker
            continue
        try:
            due = compute_deadline(
                "normdocs.filing.deadline", document.published_on
            ).due
        except DomainError:  # a publication before the rule existed: no due day
            due = None
        yield worklist.WorkItem(
            title=_("报送备案：%(title)s") % {"title": document.title},
            url=staff_url("document", document.pk),
            due_on=due if isinstance(due, dt.date) else None,
            kind=kind,
            organization_id=document.organization_id,
            state=str(document.get_state_display()),
        )
    for filing in selectors.list_filings_to_review(user=user):
        yield worklist.WorkItem(
            title=_("备案审查：%(title)s") % {"title": filing.document.title},
            url=staff_url("filing", filing.pk),
            due_on=filing.review_due_on,
            kind=kind,
            organization_id=filing.filing_body_id,
            state=str(filing.get_state_display()),
        )
    awaiting = Filing.objects.filter(
        document__in=mine.values("pk"),
        state__in=[FilingState.SUGGEST_AMEND, FilingState.ORDER_CORRECT],
    ).select_related("document")
    for filing in awaiting:
        yield worklist.WorkItem(
            title=_("报告备案审查意见处理情况：%(title)s")
            % {"title": filing.document.title},
            url=staff_url("filing", filing.pk),
            due_on=filing.response_due_on,
            kind=kind,
            organization_id=filing.document.organization_id,
            state=str(filing.get_state_display()),
        )
    for request in selectors.list_review_requests(user=user, open_only=True):
        yield worklist.WorkItem(
            title=_("答复审查建议：%(title)s") % {"title": request.document.title},
            url=staff_url("review_request", request.pk),
            due_on=request.due_on,
            kind=kind,
            organization_id=request.document.organization_id,
            state=str(request.get_state_display()),
        )
    for document in selectors.expiring_documents(
        user=user, today=today, within_days=expiry_notice_days()
    ):
        yield worklist.WorkItem(
            title=_("有效期即将届满：%(title)s") % {"title": document.title},
            url=staff_url("document", document.pk),
            due_on=document.valid_until,
            kind=kind,
            organization_id=document.organization_id,
            state=str(document.get_state_display()),
        )


def provider(user: User, today: dt.date) -> list[worklist.WorkItem]:
    """The items of ``user`` (nothing for an anonymous or absent user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(items(user, today))


worklist.register(provider)
