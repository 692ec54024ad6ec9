"""Clean-up campaigns and their catalogues; citizens' review requests."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import State
from fazhi.normdocs.tests.conftest import TEXT, snapshot

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


@pytest.fixture
def existing(tree, people):
    def make(n):
        return services.record_existing_document(
            actor=people.drafter,
            organization=tree["A"],
            title=f"存量文件{n}",
            text=TEXT,
            number=f"正市监规〔2024〕{n}号",
            published_on=dt.date(2024, 3, n),
        )

    return [make(n) for n in (1, 2, 3)]


def test_a_campaign_publishes_its_three_catalogues(existing, people, tree):
    campaign = services.start_campaign(
        actor=people.drafter,
        organization=tree["A"],
        title="2026年规范性文件清理",
        documents=existing,
        today=DAY,
    )
    items = list(campaign.items.order_by("pk"))
    services.decide_campaign_item(
        actor=people.drafter, item=items[0], decision="retain", reason="符合上位法"
    )
    services.decide_campaign_item(
        actor=people.drafter, item=items[1], decision="abolish", reason="上位法已废止"
    )
    with pytest.raises(DomainError) as undecided:
        services.publish_campaign(actor=people.drafter, campaign=campaign, today=DAY)
    assert undecided.value.code == "campaign_undecided"
    services.decide_campaign_item(
        actor=people.drafter, item=items[2], decision="invalid", reason="调整对象已消失"
    )

    services.publish_campaign(actor=people.drafter, campaign=campaign, today=DAY)

    catalogues = selectors.campaign_catalogues(campaign=campaign)
    assert [e.document for e in catalogues.continuing] == [existing[0]]
    assert [e.document for e in catalogues.abolished] == [existing[1]]
    assert [e.document for e in catalogues.invalid] == [existing[2]]
    states = [d.state for d in (existing[0], existing[1], existing[2])]
    for d in existing:
        d.refresh_from_db()
    assert [d.state for d in existing] == [
        State.PUBLISHED,
        State.ABOLISHED,
        State.INVALID,
    ]
    assert states[0] == State.PUBLISHED
    assert list(selectors.list_published_campaigns()) == [campaign]
    with pytest.raises(DomainError) as closed:
        services.decide_campaign_item(
            actor=people.drafter, item=items[0], decision="abolish", reason="改"
        )
    assert closed.value.code == "campaign_published"


def test_a_reason_is_required_and_another_organizations_document_cannot_be_selected(
    existing, people, tree
):
    other = services.record_existing_document(
        actor=people.other,
        organization=tree["B"],
        title="他局文件",
        text=TEXT,
        number="正综执规〔2024〕1号",
        published_on=dt.date(2024, 3, 1),
    )
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.start_campaign(
            actor=people.drafter,
            organization=tree["A"],
            title="清理",
            documents=[other],
            today=DAY,
        )

    assert caught.value.code == "not_cleanable"
    assert snapshot() == before
    campaign = services.start_campaign(
        actor=people.drafter,
        organization=tree["A"],
        title="清理",
        documents=existing[:1],
        today=DAY,
    )
    with pytest.raises(DomainError) as reasonless:
        services.decide_campaign_item(
            actor=people.drafter,
            item=campaign.items.get(),
            decision="abolish",
            reason="",
        )
    assert reasonless.value.code == "reason_required"


def test_a_citizens_review_request_is_tracked_to_an_answer(existing, people):
    request = services.submit_review_request(
        document=existing[0],
        text="第二条增加了公民义务，没有上位法依据。",
        name="钱七",
        contact="13700000000",
        today=DAY,
    )

    assert request.due_on == dt.date(2026, 8, 3)  # 2 months, rolled to Monday
    assert list(
        selectors.list_review_requests(user=people.drafter, open_only=True)
    ) == [request]
    assert list(selectors.list_review_requests(user=people.other)) == []
    with pytest.raises(DomainError) as outsider:
        services.answer_review_request(actor=people.other, request=request, answer="无")
    assert outsider.value.status == 403
    services.answer_review_request(
        actor=people.reviewer,
        request=request,
        answer="经审查，第二条有上位法依据。",
        today=DAY,
    )
    assert request.state == "answered"


def test_a_review_request_against_an_unpublished_document_is_refused(draft):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.submit_review_request(
            document=draft, text="意见", name="孙八", contact="1"
        )

    assert caught.value.code == "not_reviewable"
    assert "第12条" in caught.value.zh
    assert snapshot() == before
