"""``fazhi demo`` adds documents at every stage, through the services, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import demo
from fazhi.core.audit.models import AuditEntry
from fazhi.core.deadlines import compute_deadline
from fazhi.normdocs import demo as normdocs_demo
from fazhi.normdocs import selectors
from fazhi.normdocs.models import (
    Campaign,
    Comment,
    Document,
    Filing,
    FilingState,
    FindingDisposition,
    ReviewRequest,
    ReviewRequestState,
    State,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Document.objects.count(),
        Comment.objects.count(),
        Filing.objects.count(),
        Campaign.objects.count(),
        ReviewRequest.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_demo_runs_twice_and_adds_nothing_the_second_time():
    assert normdocs_demo.load_normdocs in demo.loaders()
    demo.load()
    first = counts()

    context = demo.load()

    assert counts() == first
    assert "normdocs" not in context.created
    assert first[0] == len(normdocs_demo.DRAFTS) + 2 + len(normdocs_demo.CLEANUP)


def test_the_demo_has_a_document_at_every_stage():
    context = demo.load()
    today = timezone.localdate()
    states = set(Document.objects.values_list("state", flat=True))
    reviewer = context.accounts["reviewer"]
    staff = context.accounts["staff"]

    assert {
        State.DRAFTING,
        State.CONSULTING,
        State.REVIEWING,
        State.REVIEWED,
        State.PUBLISHED,
        State.EXPIRED,
        State.ABOLISHED,
        State.INVALID,
    } <= states
    open_now = selectors.list_open_consultations(today=today)
    assert open_now.count() == 1
    assert open_now.get().comments.count() == 3
    reviewing = Document.objects.get(state=State.REVIEWING)
    assert (
        reviewing.reviews.get()
        .findings.filter(disposition=FindingDisposition.PENDING)
        .exists()
    )
    assert list(selectors.list_reviews_to_do(user=reviewer)) == [
        reviewing.reviews.get()
    ]
    under_review = Filing.objects.get(state=FilingState.SUBMITTED)
    assert under_review.review_due_on > today
    assert list(selectors.list_filings_to_review(user=reviewer)) == [under_review]
    # older documents were filed before the filing rule's data begins: no due day
    due = {
        row.document.title: row.due_on
        for row in selectors.list_filings_to_submit(user=staff)
    }
    published = today - dt.timedelta(days=15)
    assert (
        due.pop("正定县个体工商户年度报告公示实施办法")
        == compute_deadline("normdocs.filing.deadline", published).due
    )
    assert set(due.values()) == {None}
    expiring = selectors.expiring_documents(user=staff, today=today, within_days=90)
    assert [d.title for d in expiring] == [normdocs_demo.EXPIRING.title]
    expired = Document.objects.get(title=normdocs_demo.EXPIRED.title)
    assert expired.state == State.EXPIRED
    assert expired.ended_on is not None
    assert expired.ended_on <= today
    campaign = Campaign.objects.get()
    assert campaign.published_on == today - dt.timedelta(days=5)
    assert sorted(campaign.items.values_list("decision", flat=True)) == sorted(
        ["retain", "amend", "abolish", "invalid"]
    )
    answered = ReviewRequest.objects.get()
    assert answered.state == ReviewRequestState.ANSWERED
    numbers = list(
        Document.objects.exclude(number__isnull=True).values_list("number", flat=True)
    )
    assert len(numbers) == len(set(numbers))
    assert (
        f"正市监规〔{today.year}〕1号" in numbers
        or f"正市监规〔{today.year - 1}〕1号" in numbers
    )


def test_the_demo_writes_the_full_process_record():
    demo.load()

    actions = set(AuditEntry.objects.values_list("action", flat=True))

    assert {
        "normdocs.document.draft",
        "normdocs.consultation.open",
        "normdocs.comment.submit",
        "normdocs.review.submit",
        "normdocs.review.conclude",
        "normdocs.deliberation.record",
        "normdocs.document.register",
        "normdocs.document.publish",
        "normdocs.filing.submit",
        "normdocs.document.expire",
        "normdocs.campaign.publish",
        "normdocs.review_request.answer",
    } <= actions
