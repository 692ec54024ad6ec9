"""The public pages: drafts open for comment, the register, statements, catalogues,
review requests followed by receipt — and what they never show."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import Comment, ReviewRequest, State
from fazhi.normdocs.tests.conftest import (
    CLOSES,
    OPENS,
    PUBLISHED,
    advance,
    snapshot,
)

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC)
IN_FORCE = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_submission_counter():
    """The per-address limit counts in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(draft, people):
    return services.open_consultation(
        actor=people.drafter, document=draft, closes_on=CLOSES, today=OPENS
    )


@pytest.fixture
def published(draft, people):
    return advance(draft, people, State.PUBLISHED)


def test_an_open_draft_is_listed_and_a_comment_is_received(client, consultation):
    with time_machine.travel(DURING):
        listing = client.get(reverse("normdocs:consultations"))
        page = client.get(reverse("normdocs:consultation", args=[consultation.pk]))
        response = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]),
            {
                "text": "建议第二条写明公示的地点。",
                "name": "李四",
                "contact": "13900000000",
            },
        )

    assert listing.status_code == 200
    assert "正定县农贸市场管理办法" in listing.content.decode()
    assert page.status_code == 200
    assert "市场开办者应当公示经营者信息" in page.content.decode()
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.text, comment.name, comment.contact) == (
        "建议第二条写明公示的地点。",
        "李四",
        "13900000000",
    )


def test_a_comment_on_a_closed_consultation_is_refused_in_both_languages(
    client, consultation, people
):
    services.close_consultation(
        actor=people.drafter,
        document=consultation.document,
        today=CLOSES + dt.timedelta(days=1),
    )
    before = snapshot()

    with time_machine.travel(dt.datetime(2026, 4, 5, 10, tzinfo=dt.UTC)):
        response = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]),
            {"text": "迟到的意见。"},
        )

    assert response.status_code == 409
    body = response.content.decode()
    assert "现在不能提交意见" in body
    assert "comments are not accepted now" in body
    assert "第62条第2款" in body
    assert snapshot() == before


def test_an_empty_comment_shows_the_field_error_and_stores_nothing(
    client, consultation
):
    with time_machine.travel(DURING):
        response = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]), {"text": " "}
        )

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not Comment.objects.exists()


def test_the_honeypot_is_answered_like_a_success_and_stores_nothing(
    client, consultation
):
    with time_machine.travel(DURING):
        response = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]),
            {"text": "广告", "website": "http://spam.example"},
        )

    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_draft_not_yet_open_is_not_found(client, draft, people):
    later = services.open_consultation(
        actor=people.drafter,
        document=draft,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 6, 1),
        today=OPENS,
    )

    with time_machine.travel(DURING):
        response = client.get(reverse("normdocs:consultation", args=[later.pk]))

    assert response.status_code == 404


def test_the_statement_quotes_comments_without_the_commenters(
    client, draft, people, consultation
):
    services.submit_comment(
        consultation=consultation,
        text="我是王小明，电话13812345678，建议延长公示时间。",
        name="王小明",
        contact="13812345678",
        today=OPENS,
    )
    services.close_consultation(
        actor=people.drafter, document=draft, today=CLOSES + dt.timedelta(days=1)
    )
    comment = Comment.objects.get()
    services.dispose_comment(
        actor=people.drafter, comment=comment, disposition="adopted"
    )
    services.publish_adoption_statement(
        actor=people.drafter,
        consultation=consultation,
        today=CLOSES + dt.timedelta(days=1),
    )

    listing = client.get(reverse("normdocs:statements"))
    page = client.get(reverse("normdocs:statement", args=[consultation.pk]))

    assert listing.status_code == 200
    assert page.status_code == 200
    body = page.content.decode()
    assert "建议延长公示时间" in body
    assert "王小明" not in body
    assert "13812345678" not in body
    assert "王某" in body


def test_the_register_lists_a_published_document_with_its_number_and_filters(
    client, published
):
    with time_machine.travel(IN_FORCE):
        all_rows = client.get(reverse("normdocs:documents"))
        by_words = client.get(reverse("normdocs:documents"), {"q": "不存在的标题"})
        absurd = client.get(reverse("normdocs:documents"), {"organization": "9" * 30})
        in_force = client.get(
            reverse("normdocs:documents"),
            {"status": "in_force", "organization": str(published.organization_id)},
        )
        page = client.get(reverse("normdocs:document", args=[published.pk]))

    assert all_rows.status_code == 200
    body = all_rows.content.decode()
    assert "正市监规〔2026〕1号" in body
    assert "2031-04-30" in body  # the validity end
    assert "正定县农贸市场管理办法" not in by_words.content.decode()
    assert absurd.status_code == 200
    assert "正市监规〔2026〕1号" in in_force.content.decode()
    assert page.status_code == 200
    assert "现行有效" in page.content.decode()


def test_a_document_not_yet_published_has_no_public_page(client, draft):
    response = client.get(reverse("normdocs:document", args=[draft.pk]))

    assert response.status_code == 404


def test_a_review_request_is_received_and_followed_by_its_receipt(
    client, published, people
):
    with time_machine.travel(IN_FORCE):
        form = client.get(reverse("normdocs:review_request", args=[published.pk]))
        response = client.post(
            reverse("normdocs:review_request", args=[published.pk]),
            {
                "text": "第二条要求公示经营者身份证号码，侵犯个人信息。",
                "name": "赵六",
                "contact": "13700000000",
            },
        )
    assert form.status_code == 200
    assert response.status_code == 302
    request = ReviewRequest.objects.get()
    code = selectors.receipt_code(request)
    assert response["Location"] == reverse("normdocs:receipt", args=[code])

    services.answer_review_request(
        actor=people.drafter,
        request=request,
        answer="赵六同志：经研究，第二条将修改为只公示经营者名称。",
        today=dt.date(2026, 6, 10),
    )
    receipt = client.get(response["Location"])
    lookup = client.get(reverse("normdocs:receipt_lookup"), {"code": code.lower()})

    body = receipt.content.decode()
    assert receipt.status_code == 200
    assert "已答复" in body
    assert "只公示经营者名称" in body
    assert "赵六" not in body
    assert "13700000000" not in body
    assert lookup.status_code == 302


def test_a_wrong_receipt_code_finds_nothing(client, published):
    request = services.submit_review_request(
        document=published, text="请审查。", name="赵六", contact="137", today=PUBLISHED
    )
    forged = selectors.receipt_code(request)[:-1] + "0"
    if forged == selectors.receipt_code(request):
        forged = forged[:-1] + "1"

    response = client.get(reverse("normdocs:receipt_lookup"), {"code": forged})
    direct = client.get(reverse("normdocs:receipt", args=[forged]))

    assert response.status_code == 404
    assert "回执码不正确" in response.content.decode()
    assert "does not match" in response.content.decode()
    assert direct.status_code == 404


def test_a_review_request_without_contact_shows_the_error_and_stores_nothing(
    client, published
):
    response = client.post(
        reverse("normdocs:review_request", args=[published.pk]),
        {"text": "请审查。", "name": "赵六", "contact": ""},
    )

    assert response.status_code == 400
    assert not ReviewRequest.objects.exists()


def test_the_catalogues_and_a_published_clean_up(client, published, people, tree):
    with time_machine.travel(IN_FORCE):
        in_force = client.get(reverse("normdocs:catalogue", args=["in_force"]))
        campaign = services.start_campaign(
            actor=people.drafter,
            organization=tree["A"],
            title="2026年规范性文件集中清理",
            documents=[published],
            today=dt.date(2026, 6, 1),
        )
        services.decide_campaign_item(
            actor=people.drafter,
            item=campaign.items.get(),
            decision="abolish",
            reason="上位法已修改。",
        )
        services.publish_campaign(
            actor=people.drafter, campaign=campaign, today=dt.date(2026, 6, 1)
        )
        abolished = client.get(reverse("normdocs:catalogue", args=["abolished"]))
        in_force_after = client.get(reverse("normdocs:catalogue", args=["in_force"]))
        cleanups = client.get(reverse("normdocs:campaigns"))
        cleanup = client.get(reverse("normdocs:campaign", args=[campaign.pk]))
    unknown = client.get(reverse("normdocs:catalogue", args=["secret"]))

    assert "正市监规〔2026〕1号" in in_force.content.decode()
    assert "正市监规〔2026〕1号" in abolished.content.decode()
    assert "正市监规〔2026〕1号" not in in_force_after.content.decode()
    assert "2026年规范性文件集中清理" in cleanups.content.decode()
    body = cleanup.content.decode()
    assert "废止的文件目录" in body
    assert "上位法已修改。" in body
    assert unknown.status_code == 404


def test_the_front_page_and_english(client, consultation):
    with time_machine.travel(DURING):
        zh = client.get(reverse("normdocs:index"))
        en = client.get(reverse("normdocs:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert zh.status_code == 200
    assert "正在征求意见的草案" in zh.content.decode()
    assert "正定县农贸市场管理办法" in zh.content.decode()
    assert en.status_code == 200
    assert "Drafts open for comment" in en.content.decode()


def test_over_the_hourly_limit_a_comment_is_refused_and_nothing_stored(
    client, consultation, settings
):
    settings.NORMDOCS_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    with time_machine.travel(DURING):
        first = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]),
            {"text": "第一条意见。"},
        )
        second = client.post(
            reverse("normdocs:consultation", args=[consultation.pk]),
            {"text": "第二条意见。"},
        )

    assert first.status_code == 302
    assert second.status_code == 429
    assert "提交过于频繁" in second.content.decode()
    assert list(Comment.objects.values_list("text", flat=True)) == ["第一条意见。"]


@pytest.mark.parametrize("code", ["SC-99999999999999999999999-ABC", "garbage", "SC--X"])
def test_a_malformed_receipt_code_is_not_found(client, code):
    response = client.get(reverse("normdocs:receipt", args=[code]))

    assert response.status_code == 404


def test_reasons_written_by_staff_are_masked_where_published(
    client, published, people, tree
):
    reason = "经举报人张建国（电话13812345678）反映，上位法已修改。"
    services.abolish_document(
        actor=people.drafter, document=published, on=dt.date(2027, 1, 1), reason=reason
    )
    existing = services.record_existing_document(
        actor=people.drafter,
        organization=tree["A"],
        title="存量文件",
        text="一、本通知自印发之日起施行。",
        number="正市监规〔2024〕1号",
        published_on=dt.date(2024, 3, 1),
    )
    campaign = services.start_campaign(
        actor=people.drafter,
        organization=tree["A"],
        title="2026年清理",
        documents=[existing],
        today=dt.date(2026, 6, 1),
    )
    services.decide_campaign_item(
        actor=people.drafter,
        item=campaign.items.get(),
        decision="retain",
        reason="联系人张建国，电话13812345678，经核对符合上位法。",
    )
    services.publish_campaign(
        actor=people.drafter, campaign=campaign, today=dt.date(2026, 6, 1)
    )

    document_page = client.get(reverse("normdocs:document", args=[published.pk]))
    campaign_page = client.get(reverse("normdocs:campaign", args=[campaign.pk]))
    campaign_api = client.get(f"/api/v1/normdocs/campaigns/{campaign.pk}")

    for response in (document_page, campaign_page, campaign_api):
        assert response.status_code == 200
        body = response.content.decode()
        assert "13812345678" not in body
        assert "张建国" not in body
    assert "上位法已修改" in document_page.content.decode()
    assert "经核对符合上位法" in campaign_page.content.decode()


@pytest.mark.parametrize(
    "name",
    ["consultation", "statement", "document", "review_request", "campaign"],
)
def test_an_id_beyond_any_integer_column_is_not_found(client, db, name):
    response = client.get(reverse(f"normdocs:{name}", args=[10**30]))

    assert response.status_code == 404
