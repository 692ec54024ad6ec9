"""The REST API: public reads and submissions, staff steps, problem details."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.core.audit.models import AuditEntry
from fazhi.normdocs import services
from fazhi.normdocs.models import Comment, State
from fazhi.normdocs.tests.conftest import TEXT, advance, fcr_answers, snapshot

pytestmark = pytest.mark.django_db
API = "/api/v1/normdocs"
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def open_draft(draft, people):
    services.open_consultation(
        actor=people.drafter, document=draft, closes_on=dt.date(2026, 4, 1), today=TODAY
    )
    return draft.consultations.get()


def test_the_public_lists_drafts_open_for_comment_and_comments_anonymously(
    client, open_draft
):
    listing = client.get(f"{API}/consultations")
    posted = client.post(
        f"{API}/consultations/{open_draft.pk}/comments",
        {"text": "建议明确公示方式。", "name": "张三", "contact": "13800000000"},
        content_type="application/json",
    )

    assert listing.status_code == 200
    assert listing.json()["items"][0]["title"] == "正定县农贸市场管理办法"
    assert posted.status_code == 201
    assert posted.json()["received"] is True
    assert Comment.objects.get().name == "张三"
    assert "13800000000" not in str(listing.json())


def test_a_filled_honeypot_is_answered_like_a_success_and_stores_nothing(
    client, open_draft
):
    before = snapshot()

    response = client.post(
        f"{API}/consultations/{open_draft.pk}/comments",
        {"text": "广告", "website": "http://spam.example"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert snapshot() == before


def test_too_many_submissions_from_one_address_are_throttled(
    client, open_draft, settings
):
    settings.NORMDOCS_PUBLIC_SUBMISSIONS_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    url = f"{API}/consultations/{open_draft.pk}/comments"
    codes = [
        client.post(
            url, {"text": f"意见{i}"}, content_type="application/json"
        ).status_code
        for i in range(3)
    ]

    assert codes == [201, 201, 429]
    cache.clear()


def test_a_comment_on_a_closed_consultation_is_a_problem_and_changes_nothing(
    client, open_draft, people
):
    services.close_consultation(
        actor=people.drafter, document=open_draft.document, today=dt.date(2026, 4, 2)
    )
    before = snapshot()

    response = client.post(
        f"{API}/consultations/{open_draft.pk}/comments",
        {"text": "意见"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "consultation_closed"
    assert response.json()["detail_zh"]
    assert response.json()["detail_en"]
    assert snapshot() == before


def test_a_comment_after_the_last_day_is_refused_before_closing(client, open_draft):
    before = snapshot()

    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC), tick=False):
        response = client.post(
            f"{API}/consultations/{open_draft.pk}/comments",
            {"text": "意见"},
            content_type="application/json",
        )

    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"
    assert snapshot() == before


def test_a_comment_on_an_unknown_consultation_is_not_found(client, db):
    response = client.post(
        f"{API}/consultations/999999/comments",
        {"text": "意见"},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_an_empty_comment_is_a_validation_problem(client, open_draft):
    response = client.post(
        f"{API}/consultations/{open_draft.pk}/comments",
        {"text": ""},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_staff_walk_a_document_through_the_api(client, people, tree, numbering):
    client.force_login(people.drafter)
    created = client.post(
        f"{API}/staff/documents",
        {
            "organization_id": tree["A"].pk,
            "title": "内部管理规定",
            "text": TEXT,
            "affects_rights": False,
            "touches_economic_activity": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    doc_id = created.json()["id"]
    assert [s["name"] for s in created.json()["available_steps"]] == [
        "open_consultation",
        "submit_for_review",
        "withdraw",
    ]

    skipped = client.post(
        f"{API}/staff/documents/{doc_id}/publication",
        {},
        content_type="application/json",
    )
    assert skipped.status_code == 409
    assert skipped.json()["code"] == "step_not_allowed"
    assert "第" in skipped.json()["detail_zh"]

    fcr = client.post(
        f"{API}/staff/documents/{doc_id}/fair-competition",
        {"answers": fcr_answers(), "conclusion": "未发现问题"},
        content_type="application/json",
    )
    assert fcr.status_code == 201
    assert fcr.json()["outcome"] == "passed"
    review = client.post(f"{API}/staff/documents/{doc_id}/review")
    assert review.status_code == 201
    review_id = review.json()["id"]

    refused = client.post(
        f"{API}/staff/reviews/{review_id}/conclusion",
        {"outcome": "passed", "opinion": "同意"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_legal_reviewer"

    client.force_login(people.reviewer)
    for finding in client.get(f"{API}/staff/reviews/{review_id}").json()["findings"]:
        client.post(
            f"{API}/staff/findings/{finding['id']}/disposition",
            {"disposition": "dismissed", "note": "不构成问题"},
            content_type="application/json",
        )
    passed = client.post(
        f"{API}/staff/reviews/{review_id}/conclusion",
        {"outcome": "passed", "opinion": "同意"},
        content_type="application/json",
    )
    assert passed.status_code == 200, passed.json()

    client.force_login(people.drafter)
    met = client.post(
        f"{API}/staff/documents/{doc_id}/deliberation",
        {"meeting": "局务会议", "held_on": "2026-03-02", "decision": "approved"},
        content_type="application/json",
    )
    assert met.status_code == 201
    client.force_login(people.reviewer)
    registered = client.post(f"{API}/staff/documents/{doc_id}/registration")
    assert registered.json()["number"] == "正市监规〔2026〕1号"
    client.force_login(people.drafter)
    published = client.post(
        f"{API}/staff/documents/{doc_id}/publication",
        {},
        content_type="application/json",
    )
    assert published.status_code == 200, published.json()
    assert published.json()["state"] == State.PUBLISHED

    public = client.get(f"{API}/documents", {"status": "in_force"})
    assert [d["number"] for d in public.json()["items"]] == ["正市监规〔2026〕1号"]
    assert client.get(f"{API}/catalogues/in_force").json()["count"] == 1
    filed = client.post(
        f"{API}/staff/documents/{doc_id}/filing", {}, content_type="application/json"
    )
    assert filed.status_code == 201
    assert filed.json()["due_on"] == "2026-04-01"


def test_another_organizations_draft_is_not_found_over_the_api(client, draft, people):
    client.force_login(people.other)
    before = snapshot()

    read = client.get(f"{API}/staff/documents/{draft.pk}")
    write = client.patch(
        f"{API}/staff/documents/{draft.pk}",
        {"title": "篡改"},
        content_type="application/json",
    )

    assert read.status_code == 404
    assert write.status_code == 404
    assert snapshot() == before


def test_staff_endpoints_need_a_staff_log_in(client, draft):
    assert client.get(f"{API}/staff/documents").status_code == 401


def test_a_review_request_is_received_with_its_due_date(client, draft, people):
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        document = advance(draft, people, State.PUBLISHED)
    response = client.post(
        f"{API}/documents/{document.pk}/review-requests",
        {"text": "第二条没有上位法依据。", "name": "钱七", "contact": "13700000000"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["due_on"] == "2026-05-06"
    assert "钱七" not in str(
        AuditEntry.objects.filter(
            action__startswith="normdocs.review_request"
        ).values_list("after", flat=True)
    )


def test_the_checklist_is_served(client, db):
    body = client.get(f"{API}/fair-competition-checklist").json()

    assert len(body["items"]) == 19
    assert body["items"][0]["article"] == "第8条第1项"


def test_a_consultation_opened_over_the_api_defaults_to_thirty_days(
    client, draft, people
):
    client.force_login(people.drafter)
    url = f"{API}/staff/documents/{draft.pk}/consultation"

    too_short = client.post(
        url, {"closes_on": "2026-03-12"}, content_type="application/json"
    )
    opened = client.post(url, {}, content_type="application/json")

    assert too_short.status_code == 400, too_short.json()
    assert too_short.json()["code"] == "comment_period_too_short"
    assert "30" in too_short.json()["detail_en"]
    assert opened.status_code == 201, opened.json()
    assert opened.json()["closes_on"] == (TODAY + dt.timedelta(days=30)).isoformat()


def test_a_too_long_title_is_a_problem_over_the_api(client, people, tree, numbering):
    client.force_login(people.drafter)
    before = snapshot()

    response = client.post(
        f"{API}/staff/documents",
        {"organization_id": tree["A"].pk, "title": "长" * 256, "text": TEXT},
        content_type="application/json",
    )

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "title_too_long"
    assert response.json()["field"] == "title"
    assert snapshot() == before


def test_the_public_statement_is_masked_over_the_api(client, open_draft, people):
    services.submit_comment(
        consultation=open_draft,
        text="我是王小明，电话13812345678，建议延长公示时间。",
        name="王小明",
        contact="13812345678",
        today=TODAY,
    )
    after = dt.date(2026, 4, 2)
    services.close_consultation(
        actor=people.drafter, document=open_draft.document, today=after
    )
    services.dispose_comment(
        actor=people.drafter,
        comment=open_draft.comments.get(),
        disposition="adopted",
    )
    services.publish_adoption_statement(
        actor=people.drafter, consultation=open_draft, today=after
    )

    response = client.get(f"{API}/statements")

    assert response.status_code == 200
    statement = response.json()["items"][0]["adoption_statement"]
    assert "建议延长公示时间" in statement
    assert "王小明" not in statement
    assert "13812345678" not in statement


def test_a_review_request_is_followed_by_its_receipt_code(client, draft, people):
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC), tick=False):
        document = advance(draft, people, State.PUBLISHED)
    received = client.post(
        f"{API}/documents/{document.pk}/review-requests",
        {"text": "第二条没有上位法依据。", "name": "钱七", "contact": "13700000000"},
        content_type="application/json",
    ).json()
    code = received["receipt"]

    pending = client.get(f"{API}/review-requests/{code}")
    services.answer_review_request(
        actor=people.drafter,
        request=document.review_requests.get(),
        answer="钱七同志：经审查，第二条有上位法依据，电话13700000000已告知。",
    )
    answered = client.get(f"{API}/review-requests/{code}")
    tampered = code[:-1] + ("1" if code[-1] != "1" else "2")
    wrong = client.get(f"{API}/review-requests/{tampered}")

    assert pending.status_code == 200
    assert pending.json()["state"] == "received"
    assert pending.json()["due_on"] == received["due_on"]
    assert pending.json()["document_number"] == document.number
    assert answered.json()["state"] == "answered"
    assert "经审查，第二条有上位法依据" in answered.json()["answer"]
    assert "钱七" not in answered.content.decode()
    assert "13700000000" not in answered.content.decode()
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "receipt_not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/documents/{n}"),
        ("get", "/consultations/{n}"),
        ("get", "/campaigns/{n}"),
        ("get", "/staff/documents/{n}"),
        ("get", "/staff/reviews/{n}"),
        ("get", "/staff/consultations/{n}/comments"),
        ("post", "/staff/comments/{n}/disposition"),
        ("post", "/staff/findings/{n}/disposition"),
        ("post", "/staff/filings/{n}/review"),
        ("post", "/consultations/{n}/comments"),
    ],
)
def test_an_id_beyond_any_integer_column_is_a_problem_not_a_crash(
    client, people, method, path
):
    client.force_login(people.drafter)
    before = snapshot()

    response = getattr(client, method)(
        API + path.format(n=10**30),
        {"text": "意见", "disposition": "adopted", "outcome": "no_problem"},
        content_type="application/json",
    )

    assert response.status_code in (404, 422), response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert snapshot() == before


def test_a_consultation_stays_readable_over_the_api_after_it_closes(client, open_draft):
    url = f"{API}/consultations/{open_draft.pk}"
    during = client.get(url).json()
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        after = client.get(url)

    assert during["is_open"] is True
    assert after.status_code == 200
    assert after.json()["is_open"] is False
    assert after.json()["draft_text"] == during["draft_text"]
