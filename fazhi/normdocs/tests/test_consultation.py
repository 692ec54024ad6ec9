"""Public consultation: the period, comments from the public, the statement on adoption."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import State
from fazhi.normdocs.tests.conftest import CLOSED, CLOSES, OPENS, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(draft, people):
    return services.open_consultation(
        actor=people.drafter, document=draft, closes_on=CLOSES, today=OPENS
    )


def test_a_period_shorter_than_thirty_days_needs_a_reason(draft, people):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.open_consultation(
            actor=people.drafter,
            document=draft,
            closes_on=OPENS + dt.timedelta(days=29),
            today=OPENS,
        )

    assert caught.value.code == "comment_period_too_short"
    assert "30日" in caught.value.zh
    assert "第62条第2款" in caught.value.zh
    assert snapshot() == before
    shorter = services.open_consultation(
        actor=people.drafter,
        document=draft,
        closes_on=OPENS + dt.timedelta(days=10),
        short_period_reason="防汛紧急需要",
        today=OPENS,
    )
    assert shorter.short_period_reason == "防汛紧急需要"


def test_without_a_closing_day_the_period_is_the_parameters_thirty_days(draft, people):
    consultation = services.open_consultation(
        actor=people.drafter, document=draft, today=OPENS
    )

    assert consultation.closes_on == OPENS + dt.timedelta(days=30)
    assert consultation.short_period_reason == ""
    entry = AuditEntry.objects.get(action="normdocs.consultation.open")
    assert entry.after["days"] == 30
    assert entry.after["minimum"] == 30


def test_exactly_thirty_days_needs_no_reason(draft, people):
    consultation = services.open_consultation(
        actor=people.drafter,
        document=draft,
        closes_on=OPENS + dt.timedelta(days=30),
        today=OPENS,
    )

    assert consultation.closes_on == OPENS + dt.timedelta(days=30)


def test_a_blank_reason_does_not_excuse_a_short_period(draft, people):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.open_consultation(
            actor=people.drafter,
            document=draft,
            closes_on=OPENS + dt.timedelta(days=10),
            short_period_reason="   ",
            today=OPENS,
        )

    assert caught.value.code == "comment_period_too_short"
    assert caught.value.en
    assert snapshot() == before


def test_the_public_sees_the_draft_and_may_comment_while_it_is_open(consultation):
    assert list(selectors.list_open_consultations(today=OPENS)) == [consultation]
    assert list(selectors.list_open_consultations(today=CLOSED)) == []

    comment = services.submit_comment(
        consultation=consultation,
        text="建议延长公示期限。",
        name="李四",
        contact="lisi@example.com",
        today=CLOSES,
    )

    entry = AuditEntry.objects.get(action="normdocs.comment.submit")
    assert entry.actor is None
    assert "李四" not in str(entry.after)
    assert "lisi" not in str(entry.after)
    assert comment.name == "李四"


def test_a_comment_on_a_closed_consultation_is_refused_and_changes_nothing(
    consultation, people
):
    services.close_consultation(
        actor=people.drafter, document=consultation.document, today=CLOSED
    )
    consultation.refresh_from_db()
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.submit_comment(
            consultation=consultation, text="迟到的意见", today=CLOSED
        )

    assert caught.value.code == "consultation_closed"
    assert caught.value.status == 409
    assert "第62条第2款" in caught.value.zh
    assert "Article" not in caught.value.en or "第62条" in caught.value.en
    assert snapshot() == before


def test_a_comment_after_the_last_day_is_refused_even_before_closing(consultation):
    with pytest.raises(DomainError) as caught:
        services.submit_comment(consultation=consultation, text="意见", today=CLOSED)
    assert caught.value.code == "consultation_closed"


def test_an_empty_comment_is_refused(consultation):
    with pytest.raises(DomainError) as caught:
        services.submit_comment(consultation=consultation, text="  ", today=OPENS)
    assert caught.value.code == "text_required"
    assert caught.value.field == "text"


def test_the_statement_on_adoption_is_built_from_the_dispositions_without_names(
    consultation, people
):
    first = services.submit_comment(
        consultation=consultation,
        text="建议增加投诉电话。",
        name="王五",
        contact="13900000000",
        today=OPENS,
    )
    second = services.submit_comment(
        consultation=consultation, text="建议取消登记。", name="赵六", today=OPENS
    )
    third = services.submit_comment(
        consultation=consultation, text="建议缩短时限。", today=OPENS
    )
    document = consultation.document
    services.close_consultation(actor=people.drafter, document=document, today=CLOSED)
    services.dispose_comment(actor=people.drafter, comment=first, disposition="adopted")
    with pytest.raises(DomainError) as reasonless:
        services.dispose_comment(
            actor=people.drafter, comment=second, disposition="not_adopted"
        )
    assert reasonless.value.code == "reason_required"
    services.dispose_comment(
        actor=people.drafter,
        comment=second,
        disposition="not_adopted",
        reason="登记是上位法的要求",
    )
    with pytest.raises(DomainError) as pending:
        services.publish_adoption_statement(
            actor=people.drafter, consultation=consultation, today=CLOSED
        )
    assert pending.value.code == "comments_undisposed"
    services.dispose_comment(
        actor=people.drafter,
        comment=third,
        disposition="partly",
        reason="部分时限可缩短",
    )

    published = services.publish_adoption_statement(
        actor=people.drafter, consultation=consultation, today=CLOSED
    )

    text = published.adoption_statement
    assert "共收到意见3条，其中采纳1条，部分采纳1条，未采纳1条" in text
    assert "建议增加投诉电话" in text
    assert "登记是上位法的要求" in text
    assert "王五" not in text
    assert "赵六" not in text
    assert "13900000000" not in text
    assert list(selectors.list_adoption_statements()) == [published]
    document.refresh_from_db()
    assert document.state == State.DRAFTING
    with pytest.raises(DomainError):
        services.dispose_comment(
            actor=people.drafter,
            comment=first,
            disposition="not_adopted",
            reason="改主意",
        )


def test_another_organization_cannot_open_or_close_the_consultation(draft, people):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.open_consultation(
            actor=people.other, document=draft, closes_on=CLOSES, today=OPENS
        )

    assert caught.value.status == 403
    assert snapshot() == before
