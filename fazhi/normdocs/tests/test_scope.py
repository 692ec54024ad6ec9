"""Scope: another organization's drafts are invisible and unchangeable."""

from __future__ import annotations

import pytest

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import State
from fazhi.normdocs.tests.conftest import SUBMITTED, advance, snapshot

pytestmark = pytest.mark.django_db


def test_another_organizations_draft_is_invisible(draft, people):
    assert list(selectors.list_documents(user=people.drafter)) == [draft]
    for outsider in (people.other, people.county, people.city_reviewer, people.auditor):
        assert list(selectors.list_documents(user=outsider)) == []
        with pytest.raises(NotFoundError):
            selectors.get_document(user=outsider, pk=draft.pk)


def test_another_organizations_draft_is_unchangeable(draft, people):
    before = snapshot()

    for call in (
        lambda: services.update_draft(actor=people.other, document=draft, title="篡改"),
        lambda: services.withdraw_document(
            actor=people.other, document=draft, reason="x"
        ),
        lambda: services.submit_for_review(
            actor=people.other, document=draft, today=SUBMITTED
        ),
        lambda: services.update_draft(actor=None, document=draft, title="匿名"),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.status == 403

    assert snapshot() == before


def test_the_legal_institution_sees_a_draft_only_once_it_is_sent(draft, people):
    assert list(selectors.list_documents(user=people.reviewer)) == []

    document = advance(draft, people, State.REVIEWING)

    assert list(selectors.list_documents(user=people.reviewer)) == [document]
    assert [r.document for r in selectors.list_reviews_to_do(user=people.reviewer)] == [
        document
    ]
    assert list(selectors.list_reviews_to_do(user=people.other_reviewer)) == []


def test_comments_with_personal_data_are_for_the_drafters_only(draft, people):
    document = advance(draft, people, "consulted")
    consultation = document.consultations.get()

    assert [
        c.name
        for c in selectors.list_comments(user=people.drafter, consultation=consultation)
    ] == ["张三"]
    with pytest.raises(NotFoundError):
        selectors.list_comments(user=people.other, consultation=consultation)
