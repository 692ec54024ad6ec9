"""Too-long input is refused with a clear error, never cut and never a database
error (PostgreSQL would reject the row with a 500)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.normdocs import services
from fazhi.normdocs.tests.conftest import CLOSES, OPENS, TEXT, advance, snapshot

pytestmark = pytest.mark.django_db

LONG_TITLE = "关于" + "规范" * 130 + "的暂行办法"  # 265 characters; 暂行 at the end


def test_a_too_long_title_is_refused_not_cut(tree, people, numbering):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.create_draft(
            actor=people.drafter, organization=tree["A"], title=LONG_TITLE, text=TEXT
        )

    assert caught.value.code == "title_too_long"
    assert "255" in caught.value.zh
    assert "at most 255 characters" in caught.value.en
    assert caught.value.field == "title"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda p, t, d: services.update_draft(
                actor=p.drafter, document=d, title=LONG_TITLE
            ),
            "title_too_long",
        ),
        (
            lambda p, t, d: services.record_existing_document(
                actor=p.drafter,
                organization=t["A"],
                title="存量文件",
                text=TEXT,
                number="正市监规〔2020〕" + "1" * 70 + "号",
                published_on=dt.date(2024, 1, 5),
            ),
            "number_too_long",
        ),
        (
            lambda p, t, d: services.configure_numbering(
                actor=p.drafter, organization=t["A"], prefix="正" * 33
            ),
            "prefix_too_long",
        ),
        (
            lambda p, t, d: services.configure_numbering(
                actor=p.drafter,
                organization=t["A"],
                prefix="正市监规",
                pattern="{prefix}〔{year}〕{number}号" + "。" * 60,
            ),
            "pattern_too_long",
        ),
        (
            lambda p, t, d: services.start_campaign(
                actor=p.drafter, organization=t["A"], title="清理" * 130
            ),
            "title_too_long",
        ),
    ],
    ids=["update", "number", "prefix", "pattern", "campaign"],
)
def test_too_long_values_are_refused(tree, people, draft, call, code):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        call(people, tree, draft)

    assert caught.value.code == code
    assert caught.value.en
    assert snapshot() == before


def test_a_too_long_commenter_name_is_refused(draft, people):
    consultation = services.open_consultation(
        actor=people.drafter, document=draft, closes_on=CLOSES, today=OPENS
    )
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.submit_comment(
            consultation=consultation, text="意见", contact="1" * 129, today=OPENS
        )

    assert caught.value.code == "contact_too_long"
    assert snapshot() == before


def test_a_too_long_meeting_name_is_refused(draft, people):
    document = advance(draft, people, "reviewed")
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.record_deliberation(
            actor=people.drafter,
            document=document,
            meeting="局务会议" * 70,
            held_on=dt.date(2026, 4, 15),
            decision="approved",
            today=dt.date(2026, 4, 15),
        )

    assert caught.value.code == "meeting_too_long"
    assert snapshot() == before


def test_a_too_long_requester_name_is_refused(draft, people):
    document = advance(draft, people, "published")
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.submit_review_request(
            document=document,
            text="第二条没有上位法依据。",
            name="张" * 129,
            contact="13800000000",
        )

    assert caught.value.code == "name_too_long"
    assert snapshot() == before


def test_a_recorded_document_cannot_take_effect_before_its_publication(tree, people):
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.record_existing_document(
            actor=people.drafter,
            organization=tree["A"],
            title="存量文件",
            text=TEXT,
            number="正市监规〔2024〕2号",
            published_on=dt.date(2024, 3, 1),
            effective_on=dt.date(2024, 2, 1),
        )

    assert caught.value.code == "effective_before_publication"
    assert snapshot() == before


def test_a_recorded_provisional_document_is_valid_two_years_at_most(tree, people):
    with pytest.raises(DomainError) as caught:
        services.record_existing_document(
            actor=people.drafter,
            organization=tree["A"],
            title="正定县集贸市场管理暂行办法",
            text=TEXT,
            number="正市监规〔2024〕3号",
            published_on=dt.date(2024, 3, 1),
            valid_until=dt.date(2026, 3, 1),
        )
    document = services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="正定县集贸市场管理暂行办法",
        text=TEXT,
        number="正市监规〔2024〕3号",
        published_on=dt.date(2024, 3, 1),
    )

    assert caught.value.code == "validity_too_long"
    assert "2026-02-28" in caught.value.zh
    assert document.valid_until == dt.date(2026, 2, 28)


@pytest.mark.parametrize("end", [services.abolish_document, services.declare_invalid])
def test_a_document_cannot_end_before_its_publication(draft, people, end):
    document = advance(draft, people, "published")
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        end(
            actor=people.drafter,
            document=document,
            on=document.published_on - dt.timedelta(days=1),
            reason="上位法已修改",
        )

    assert caught.value.code == "ends_before_publication"
    assert caught.value.field == "on"
    assert snapshot() == before
