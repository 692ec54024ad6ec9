"""Filing with the next-higher government, its review and the enactor's response."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import Document, State
from fazhi.normdocs.tests.conftest import PUBLISHED, advance, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(draft, people):
    return advance(draft, people, State.PUBLISHED)


def test_a_filing_for_a_document_not_yet_published_is_refused(draft, people):
    document = advance(draft, people, State.REGISTERED)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.submit_filing(actor=people.drafter, document=document, today=PUBLISHED)

    assert caught.value.code == "not_published"
    assert "第25条" in caught.value.zh
    assert "公布" in caught.value.zh
    assert snapshot() == before


def test_the_filing_goes_to_the_next_higher_government_with_its_deadlines(
    published, people, tree
):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=dt.date(2026, 5, 6)
    )

    assert filing.filing_body == tree["K"]  # the department's own government
    assert filing.due_on == dt.date(2026, 5, 20)  # 30 days from 2026-04-20
    assert "第25条" in filing.due_basis
    assert filing.is_late is False
    assert filing.review_due_on == dt.date(
        2026, 7, 6
    )  # review.active_deadline, 2 months
    with pytest.raises(DomainError) as twice:
        services.submit_filing(
            actor=people.drafter, document=published, today=dt.date(2026, 5, 7)
        )
    assert twice.value.code == "already_filed"


def test_a_late_filing_is_accepted_and_marked_late(published, people):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=dt.date(2026, 6, 1)
    )

    assert filing.is_late is True


def test_the_filing_body_reviews_and_the_enactor_answers_in_thirty_days(
    published, people
):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=PUBLISHED
    )
    assert list(selectors.list_filings_to_review(user=people.reviewer)) == [filing]
    assert list(selectors.list_filings_to_review(user=people.county)) == [filing]
    assert list(selectors.list_filings_to_review(user=people.city_reviewer)) == []
    before = snapshot()

    with pytest.raises(DomainError) as outsider:
        services.conclude_filing_review(
            actor=people.city_reviewer,
            filing=filing,
            outcome="no_problem",
            opinion="无问题",
        )
    assert outsider.value.code == "not_filing_reviewer"
    assert snapshot() == before

    services.conclude_filing_review(
        actor=people.reviewer,
        filing=filing,
        outcome="suggest_amend",
        opinion="第二条表述不清，建议修改。",
        today=dt.date(2026, 5, 11),
    )
    assert filing.response_due_on == dt.date(2026, 6, 10)
    assert "第21条" in filing.response_due_basis
    services.respond_to_filing_review(
        actor=people.drafter,
        filing=filing,
        response="已修改第二条。",
        today=dt.date(2026, 6, 1),
    )
    assert filing.state == "responded"
    with pytest.raises(DomainError) as again:
        services.respond_to_filing_review(
            actor=people.drafter, filing=filing, response="再报"
        )
    assert again.value.code == "step_not_allowed"


def test_revocation_by_the_filing_body_ends_the_document(
    published, people, django_capture_on_commit_callbacks
):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=PUBLISHED
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.conclude_filing_review(
            actor=people.county,
            filing=filing,
            outcome="revoked",
            opinion="违法设定行政许可，予以撤销。",
            today=dt.date(2026, 6, 1),
        )

    document = Document.objects.get(pk=published.pk)
    assert document.state == State.REVOKED
    assert document.version.repealed_on == dt.date(2026, 6, 1)
    assert list(selectors.catalogue(kind="abolished")) == [document]


def test_an_unknown_outcome_is_refused(published, people):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=PUBLISHED
    )

    with pytest.raises(DomainError) as caught:
        services.conclude_filing_review(
            actor=people.reviewer, filing=filing, outcome="maybe", opinion="?"
        )
    assert caught.value.code == "bad_outcome"


@pytest.mark.parametrize(
    ("outcome", "response_due", "document_state"),
    [
        ("no_problem", None, State.PUBLISHED),
        ("suggest_amend", dt.date(2026, 6, 10), State.PUBLISHED),
        ("order_correct", dt.date(2026, 6, 10), State.PUBLISHED),
        ("revoked", None, State.REVOKED),
    ],
)
def test_each_filing_review_outcome_and_its_response_deadline(
    published, people, outcome, response_due, document_state
):
    filing = services.submit_filing(
        actor=people.drafter, document=published, today=PUBLISHED
    )

    services.conclude_filing_review(
        actor=people.reviewer,
        filing=filing,
        outcome=outcome,
        opinion="审查意见。",
        today=dt.date(2026, 5, 11),
    )

    filing.refresh_from_db()
    assert filing.state == outcome
    assert filing.reviewed_on == dt.date(2026, 5, 11)
    assert filing.response_due_on == response_due
    assert Document.objects.get(pk=published.pk).state == document_state
    before = snapshot()
    with pytest.raises(DomainError) as again:
        services.conclude_filing_review(
            actor=people.reviewer, filing=filing, outcome="no_problem", opinion="再审"
        )
    assert again.value.code == "step_not_allowed"
    if response_due is None:
        with pytest.raises(DomainError) as unasked:
            services.respond_to_filing_review(
                actor=people.drafter, filing=filing, response="无须报告"
            )
        assert unasked.value.code == "step_not_allowed"
    assert snapshot() == before
