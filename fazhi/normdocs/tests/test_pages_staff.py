"""The staff pages: scope, the steps with their refusals, and the step forms that post
to the services — a refusal is shown in both languages and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory
from fazhi.normdocs import services
from fazhi.normdocs.models import (
    Campaign,
    Document,
    Filing,
    FindingDisposition,
    NumberingScheme,
    State,
)
from fazhi.normdocs.tests.conftest import (
    CLOSES,
    OPENS,
    advance,
    fcr_answers,
    snapshot,
)
from fazhi.normdocs.worklist import provider

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC)
AFTER_SUBMISSION = dt.datetime(2026, 4, 8, 10, tzinfo=dt.UTC)
IN_FORCE = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)


def page_of(client, document):
    return client.get(reverse("normdocs-staff:document", args=[document.pk]))


def act(client, document, name, data=None):
    return client.post(
        reverse("normdocs-staff:act", args=[document.pk, name]), data or {}
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("documents", []),
        ("create", []),
        ("campaigns", []),
        ("numbering", []),
        ("document", [1]),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, name, args):
    response = client.get(reverse(f"normdocs-staff:{name}", args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_post_changes_nothing(client, draft):
    before = snapshot()

    response = act(client, draft, "withdraw", {"reason": "不再需要。"})

    assert response.status_code == 302
    assert snapshot() == before


def test_a_member_of_the_public_gets_the_forbidden_page(client):
    client.force_login(MembershipFactory(role=Role.PUBLIC).user)

    assert client.get(reverse("normdocs-staff:home")).status_code == 403


def test_the_drafter_sees_the_draft_its_steps_and_why_a_step_is_refused(
    client, draft, people
):
    client.force_login(people.drafter)

    home = client.get(reverse("normdocs-staff:home"))
    response = page_of(client, draft)

    assert "正定县农贸市场管理办法" in home.content.decode()
    assert response.status_code == 200
    body = response.content.decode()
    assert "公开征求意见" in body
    # submit_for_review is refused until the consultation is done, naming the article
    assert "须先向社会公开征求意见" in body
    assert "第62条第2款" in body
    opens = reverse("normdocs-staff:act", args=[draft.pk, "open_consultation"])
    assert f'action="{opens}"' in body


def test_another_organizations_staff_cannot_see_the_draft(client, draft, people):
    client.force_login(people.other)

    home = client.get(reverse("normdocs-staff:home"))
    listing = client.get(reverse("normdocs-staff:documents"))
    response = page_of(client, draft)
    posted = act(client, draft, "withdraw", {"reason": "试图撤回。"})

    assert "正定县农贸市场管理办法" not in home.content.decode()
    assert "正定县农贸市场管理办法" not in listing.content.decode()
    assert response.status_code == 404
    assert posted.status_code == 404
    assert Document.objects.get(pk=draft.pk).state == State.DRAFTING


def test_a_too_short_comment_period_is_refused_bilingually_and_changes_nothing(
    client, draft, people
):
    client.force_login(people.drafter)
    before = snapshot()

    with time_machine.travel(DURING):
        response = act(client, draft, "open_consultation", {"closes_on": "2026-03-20"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "少于30日的须说明理由" in body
    assert "needs a stated" in body
    assert snapshot() == before


def test_a_consultation_opened_without_a_closing_day_runs_thirty_days(
    client, draft, people
):
    client.force_login(people.drafter)

    with time_machine.travel(DURING):
        response = act(client, draft, "open_consultation", {"closes_on": ""})

    assert response.status_code == 302
    assert draft.consultations.get().closes_on == DURING.date() + dt.timedelta(days=30)


def test_a_skipped_step_is_refused_with_its_article_and_changes_nothing(
    client, draft, people
):
    client.force_login(people.drafter)
    before = snapshot()

    response = act(client, draft, "submit_for_review")

    assert response.status_code == 409
    body = response.content.decode()
    assert "须先向社会公开征求意见" in body
    assert "must first be published for comment" in body
    assert snapshot() == before


def test_a_form_error_shows_at_the_field_and_changes_nothing(client, draft, people):
    client.force_login(people.drafter)
    before = snapshot()

    response = act(client, draft, "open_consultation", {"closes_on": "not a date"})

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert snapshot() == before


def test_the_drafter_opens_the_consultation_and_disposes_a_comment(
    client, draft, people
):
    client.force_login(people.drafter)

    with time_machine.travel(DURING):
        opened = act(client, draft, "open_consultation", {"closes_on": "2026-04-20"})
    draft.refresh_from_db()
    consultation = draft.consultations.get()
    comment = services.submit_comment(
        consultation=consultation,
        text="建议写明公示地点。",
        name="李四",
        contact="139",
        today=dt.date(2026, 3, 11),
    )
    with time_machine.travel(DURING):
        page = page_of(client, draft)
        refused = act(
            client,
            draft,
            "dispose_comment",
            {"target": comment.pk, "disposition": "not_adopted", "reason": ""},
        )
        disposed = act(
            client,
            draft,
            "dispose_comment",
            {"target": comment.pk, "disposition": "adopted", "reason": ""},
        )

    assert opened.status_code == 302
    assert opened["Location"].endswith("#consultation")
    assert draft.state == State.CONSULTING
    assert "李四" in page.content.decode()  # staff see who commented
    assert refused.status_code == 400
    assert "须说明理由" in refused.content.decode()
    assert disposed.status_code == 302
    comment.refresh_from_db()
    assert comment.disposition == "adopted"


def test_a_comment_of_another_document_is_not_a_target(client, draft, people, tree):
    other = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="另一文件",
        text="第一条 内容。",
    )
    consultation = services.open_consultation(
        actor=people.drafter, document=other, closes_on=CLOSES, today=OPENS
    )
    comment = services.submit_comment(
        consultation=consultation, text="意见。", today=OPENS
    )
    client.force_login(people.drafter)

    response = act(
        client,
        draft,
        "dispose_comment",
        {"target": comment.pk, "disposition": "adopted"},
    )

    assert response.status_code == 400
    assert "不属于该文件" in response.content.decode()
    comment.refresh_from_db()
    assert comment.disposition == "pending"


def test_the_legal_reviewer_disposes_findings_and_concludes_the_review(
    client, draft, people
):
    document = advance(draft, people, State.REVIEWING)
    review = document.reviews.get()
    client.force_login(people.reviewer)

    with time_machine.travel(AFTER_SUBMISSION):
        todo = client.get(reverse("normdocs-staff:home"))
        jump = client.get(reverse("normdocs-staff:review", args=[review.pk]))
        page = page_of(client, document)
        early = act(
            client,
            document,
            "conclude_review",
            {"outcome": "passed", "opinion": "合法。"},
        )
        for finding in review.findings.all():
            act(
                client,
                document,
                "dispose_finding",
                {
                    "target": finding.pk,
                    "disposition": "dismissed",
                    "note": "有上位法依据。",
                },
            )
        concluded = act(
            client,
            document,
            "conclude_review",
            {"outcome": "passed", "opinion": "合法，同意。"},
        )

    assert "正定县农贸市场管理办法" in todo.content.decode()
    assert jump.status_code == 302
    assert jump["Location"].endswith("#review")
    assert page.status_code == 200
    assert 'act/conclude_review/"' in page.content.decode()
    assert review.findings.count() == 1  # the text states no validity period
    assert early.status_code == 409
    assert "逐条处理自动预审发现的问题" in early.content.decode()
    assert not review.findings.filter(disposition=FindingDisposition.PENDING).exists()
    assert concluded.status_code == 302
    document.refresh_from_db()
    assert document.state == State.REVIEWED


def test_the_drafter_cannot_conclude_the_review(client, draft, people):
    document = advance(draft, people, State.REVIEWING)
    client.force_login(people.drafter)
    before = snapshot()

    page = page_of(client, document)
    response = act(
        client, document, "conclude_review", {"outcome": "passed", "opinion": "合法。"}
    )

    assert 'act/conclude_review/"' not in page.content.decode()
    assert response.status_code == 403
    assert "法制审核人员" in response.content.decode()
    assert snapshot() == before


def test_the_fair_competition_checklist_is_recorded_from_the_form(
    client, draft, people
):
    client.force_login(people.drafter)

    page = page_of(client, draft)
    response = act(
        client,
        draft,
        "fair_competition",
        {
            "contains": ["access.3"],
            "conclusion": "限定购买特定经营者的商品，不得出台。",
        },
    )

    assert "第8条第3项" in page.content.decode()
    assert response.status_code == 302
    review = draft.fcr_reviews.get()
    assert review.outcome == "failed"
    assert review.answers == fcr_answers(access_3=True)


def test_deliberation_registration_publication_and_filing_through_the_pages(
    client, draft, people
):
    document = advance(draft, people, State.REVIEWED)
    client.force_login(people.drafter)
    with time_machine.travel(IN_FORCE):
        future = act(
            client,
            document,
            "deliberate",
            {"meeting": "局务会", "held_on": "2026-07-01", "decision": "approved"},
        )
        approved = act(
            client,
            document,
            "deliberate",
            {"meeting": "局务会议", "held_on": "2026-05-30", "decision": "approved"},
        )
        not_registrar = act(client, document, "register")
        client.force_login(people.reviewer)
        registered = act(client, document, "register")
        client.force_login(people.drafter)
        too_long = act(client, document, "publish", {"valid_until": "2040-01-01"})
        published = act(client, document, "publish", {"effective_on": "2026-06-15"})
        filed = act(client, document, "file")
        client.force_login(people.county)
        filing = Filing.objects.get()
        reviewed = act(
            client,
            document,
            "review_filing",
            {"target": filing.pk, "outcome": "no_problem", "opinion": "未发现问题。"},
        )

    assert future.status_code == 400
    assert "会议日期不得晚于今天" in future.content.decode()
    assert approved.status_code == 302
    assert not_registrar.status_code == 403
    assert registered.status_code == 302
    assert too_long.status_code == 400
    assert "validity_too_long" not in too_long.content.decode()
    assert "有效期最长" in too_long.content.decode()
    assert published.status_code == 302
    assert filed.status_code == 302
    assert reviewed.status_code == 302
    document.refresh_from_db()
    filing.refresh_from_db()
    assert document.state == State.PUBLISHED
    assert document.number == "正市监规〔2026〕1号"
    assert filing.state == "no_problem"


def test_the_home_lists_filings_due_and_documents_expiring_within_90_days(
    client, draft, people
):
    document = advance(draft, people, State.PUBLISHED)
    client.force_login(people.drafter)

    with time_machine.travel(IN_FORCE):
        due = client.get(reverse("normdocs-staff:home"))
    with time_machine.travel(dt.datetime(2031, 3, 1, 10, tzinfo=dt.UTC)):
        client.force_login(people.drafter)  # a new session: the old one went idle
        expiring = client.get(reverse("normdocs-staff:home"))

    assert "报送备案" in due.content.decode()
    assert "2026-05-20" in due.content.decode()  # 30 days after publication
    section = expiring.content.decode().split('id="expiring"')[1]
    assert document.title in section
    assert "2031-04-30" in section


def test_a_review_request_is_answered_from_the_document_page(client, draft, people):
    document = advance(draft, people, State.PUBLISHED)
    request = services.submit_review_request(
        document=document,
        text="请审查第二条。",
        name="赵六",
        contact="137",
        today=dt.date(2026, 5, 5),
    )
    client.force_login(people.drafter)

    jump = client.get(reverse("normdocs-staff:review_request", args=[request.pk]))
    empty = act(
        client, document, "answer_request", {"target": request.pk, "answer": ""}
    )
    answered = act(
        client,
        document,
        "answer_request",
        {"target": request.pk, "answer": "经研究，第二条不违反上位法。"},
    )

    assert jump["Location"].endswith("#review-requests")
    assert empty.status_code == 400
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.state == "answered"


def test_a_clean_up_is_started_decided_and_published_through_the_pages(
    client, draft, people, tree
):
    document = advance(draft, people, State.PUBLISHED)
    client.force_login(people.drafter)

    with time_machine.travel(IN_FORCE):
        started = client.post(
            reverse("normdocs-staff:campaigns"),
            {"organization": str(tree["A"].pk), "title": "2026年集中清理", "basis": ""},
        )
        campaign = Campaign.objects.get()
        url = lambda name: reverse(  # noqa: E731
            "normdocs-staff:campaign_act", args=[campaign.pk, name]
        )
        added = client.post(url("add_documents"), {"documents": [document.pk]})
        item = campaign.items.get()
        undecided = client.post(url("publish_campaign"))
        decided = client.post(
            url("decide"),
            {"target": item.pk, "decision": "invalid", "reason": "调整对象已消失。"},
        )
        published = client.post(url("publish_campaign"))
        page = client.get(reverse("normdocs-staff:campaign", args=[campaign.pk]))

    assert started.status_code == 302
    assert added.status_code == 302
    assert undecided.status_code == 409
    assert "没有清理结论" in undecided.content.decode()
    assert decided.status_code == 302
    assert published.status_code == 302
    assert page.status_code == 200
    document.refresh_from_db()
    assert document.state == State.INVALID


def test_another_organizations_staff_cannot_open_the_clean_up(client, people, tree):
    campaign = services.start_campaign(
        actor=people.drafter, organization=tree["A"], title="清理", today=OPENS
    )
    client.force_login(people.other)

    response = client.get(reverse("normdocs-staff:campaign", args=[campaign.pk]))

    assert response.status_code == 404


def test_a_draft_is_created_from_the_page(client, people, tree):
    client.force_login(people.drafter)

    empty = client.post(
        reverse("normdocs-staff:create"),
        {"organization": str(tree["A"].pk), "title": "", "text": ""},
    )
    created = client.post(
        reverse("normdocs-staff:create"),
        {
            "organization": str(tree["A"].pk),
            "title": "正定县电动自行车销售管理规定",
            "text": "第一条 为规范电动自行车销售，制定本规定。",
            "affects_rights": "on",
        },
    )
    foreign = client.post(
        reverse("normdocs-staff:create"),
        {"organization": str(tree["B"].pk), "title": "越权", "text": "第一条 内容。"},
    )

    assert empty.status_code == 400
    assert created.status_code == 302
    document = Document.objects.get(title="正定县电动自行车销售管理规定")
    assert document.organization == tree["A"]
    assert foreign.status_code == 400  # not a choice for this user
    assert not Document.objects.filter(title="越权").exists()


def test_an_unknown_step_is_not_found(client, draft, people):
    client.force_login(people.drafter)

    assert act(client, draft, "delete_everything").status_code == 404


def test_the_document_page_in_english_names_the_refusal_in_english(
    client, draft, people
):
    client.force_login(people.drafter)

    response = client.get(
        reverse("normdocs-staff:document", args=[draft.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    body = response.content.decode()
    assert "Next steps" in body
    assert "must first be published for comment" in body


def test_an_absurd_target_is_a_form_error_not_a_crash(client, draft, people):
    client.force_login(people.drafter)

    response = act(
        client,
        draft,
        "dispose_comment",
        {"target": "9" * 30, "disposition": "adopted"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "所选记录不属于该文件" in body
    assert "does not belong to this document" in body


def test_every_worklist_link_opens_a_staff_page(client, draft, people):
    document = advance(draft, people, State.PUBLISHED)
    services.submit_filing(
        actor=people.drafter, document=document, today=IN_FORCE.date()
    )
    services.submit_review_request(
        document=document,
        text="请审查。",
        name="赵六",
        contact="137",
        today=IN_FORCE.date(),
    )
    client.force_login(people.county)

    with time_machine.travel(IN_FORCE):
        items = provider(people.county, IN_FORCE.date())
        responses = [client.get(item.url, follow=True) for item in items]

    assert len(items) >= 2  # the filing to review and the request to answer
    assert all(item.url.startswith("/workbench/normdocs/") for item in items)
    assert [r.status_code for r in responses] == [200] * len(items)


@pytest.mark.parametrize(
    "name", ["document", "review", "filing", "review_request", "campaign"]
)
def test_an_id_beyond_any_integer_column_is_not_found_for_staff(client, people, name):
    client.force_login(people.drafter)

    response = client.get(reverse(f"normdocs-staff:{name}", args=[10**30]))

    assert response.status_code == 404


def test_the_issuing_organ_sets_its_numbering_pattern_on_the_page(client, people, tree):
    client.force_login(people.drafter)

    empty = client.get(reverse("normdocs-staff:numbering"))
    saved = client.post(
        reverse("normdocs-staff:numbering"),
        {
            "organization": tree["A"].pk,
            "number_prefix": "正市监规",
            "pattern": "{prefix}〔{year}〕{number}号",
        },
    )
    listing = client.get(reverse("normdocs-staff:numbering"))

    assert empty.status_code == 200
    assert "还没有设置编号规则" in empty.content.decode()
    assert saved.status_code == 302
    scheme = NumberingScheme.objects.get(organization=tree["A"])
    assert (scheme.prefix, scheme.pattern) == (
        "正市监规",
        "{prefix}〔{year}〕{number}号",
    )
    year = timezone.localdate().year
    assert f"正市监规〔{year}〕1号" in listing.content.decode()


def test_a_pattern_without_the_number_is_refused_on_the_page(client, people, tree):
    client.force_login(people.drafter)
    before = snapshot()

    response = client.post(
        reverse("normdocs-staff:numbering"),
        {
            "organization": tree["A"].pk,
            "number_prefix": "正市监规",
            "pattern": "{prefix}〔{year}〕",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "编号格式须包含 {year} 和 {number}" in body
    assert "The pattern must contain {year} and {number}" in body
    assert snapshot() == before


def test_another_organizations_pattern_cannot_be_set(client, people, tree):
    client.force_login(people.other)
    before = snapshot()

    response = client.post(
        reverse("normdocs-staff:numbering"),
        {
            "organization": tree["A"].pk,
            "number_prefix": "正市监规",
            "pattern": "{prefix}{year}{number}",
        },
    )

    assert response.status_code == 400  # not one of the user's organizations
    assert not NumberingScheme.objects.filter(organization=tree["A"]).exists()
    assert snapshot() == before
