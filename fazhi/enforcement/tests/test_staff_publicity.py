"""Publicity on the staff case page (《行政处罚法》第48条): publish after seeing the
masked text, start the withdrawal clock, withdraw with an explanation — each
permitted, refused with the bilingual error and nothing changed, and closed to
another organization."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fazhi.core.audit.models import AuditEntry
from fazhi.enforcement import services
from fazhi.enforcement.models import PublishedDecision
from fazhi.enforcement.tests.test_cases import investigated
from fazhi.enforcement.tests.test_publicity import FACTS, decided, publish

pytestmark = pytest.mark.django_db

D = dt.date
BASIS = "《食品安全法》(2021-04-29) 第124条第1款第5项"


def act_url(case, slug):
    return reverse("enforcement-staff:case-act", args=[case.pk, slug])


def case_url(case):
    return reverse("enforcement-staff:case", args=[case.pk])


def state():
    return (
        list(PublishedDecision.objects.values()),
        AuditEntry.objects.count(),
    )


def shown_digest(html):
    return re.search(r'name="previewed" value="([0-9a-f]+)"', html).group(1)


def test_the_publish_page_shows_exactly_the_masked_text_then_publishes_it(
    client, world
):
    case = decided(world)
    client.force_login(world.user1)
    page = client.get(act_url(case, "publish"), {})
    # The first look: the case's own facts are empty (no notice), so the staff type them.
    form = {
        "facts": FACTS,
        "legal_basis": BASIS,
        "published_on": "2025-06-02",
        "confirmed": "on",
        "previewed": shown_digest(page.content.decode()),
    }

    changed = client.post(act_url(case, "publish"), form)

    # The text differs from the one previewed: shown again, masked, nothing stored.
    assert changed.status_code == 400
    body = changed.content.decode()
    assert 'id="publication-preview"' in body
    preview = re.search(r'<dd id="preview-facts">(.*?)</dd>', body, re.S).group(1)
    assert "张某" in preview
    assert "张建国" not in preview
    assert "13912345678" not in preview
    assert not PublishedDecision.objects.exists()

    form["previewed"] = shown_digest(body)
    done = client.post(act_url(case, "publish"), form)

    assert done.status_code == 302
    publication = PublishedDecision.objects.get(case=case)
    assert publication.party == "张某"
    assert publication.facts.replace("\n", "") in preview.replace("<br>", "")
    case_page = client.get(case_url(case)).content.decode()
    assert "公开中" in case_page
    assert reverse("enforcement:decision", args=[publication.pk]) in case_page
    assert act_url(case, "withdrawal-clock") in case_page
    assert act_url(case, "publish") not in case_page


def test_publishing_needs_the_confirmation(client, world):
    case = decided(world)
    client.force_login(world.user1)
    page = client.get(act_url(case, "publish")).content.decode()
    before = state()

    refused = client.post(
        act_url(case, "publish"),
        {
            "facts": "",
            "legal_basis": "",
            "published_on": "2025-06-02",
            "previewed": shown_digest(page),
        },
    )

    assert refused.status_code == 400
    assert "勾选确认" in refused.content.decode()
    assert state() == before


def test_publishing_an_undecided_case_is_refused_with_the_article(client, world):
    case = investigated(world)
    client.force_login(world.user1)
    page = client.get(act_url(case, "publish")).content.decode()
    before = state()

    refused = client.post(
        act_url(case, "publish"),
        {
            "facts": "",
            "legal_basis": "",
            "published_on": "2025-06-02",
            "confirmed": "on",
            "previewed": shown_digest(page),
        },
    )

    body = refused.content.decode()
    assert 'id="act-foreseen"' in page  # the state already says it cannot be done
    assert refused.status_code == 409
    assert 'id="act-error"' in body
    assert "第48条第1款" in body
    assert "Only a penalty decision that has been made can be published" in body
    assert state() == before


def test_the_withdrawal_clock_and_the_withdrawal_from_the_case_page(client, world):
    case = decided(world)
    publish(world, case)
    client.force_login(world.user1)

    started = client.post(
        act_url(case, "withdrawal-clock"),
        {"reason": "revoked", "occurred_on": "2025-05-27"},
    )
    page = client.get(case_url(case)).content.decode()

    assert started.status_code == 302
    publication = PublishedDecision.objects.get(case=case)
    # Tuesday 2025-05-27 + three working days = Friday 2025-05-30: overdue on 06-02.
    assert publication.withdrawal_due_on == D(2025, 5, 30)
    assert 'id="withdrawal-due"' in page
    assert "2025-05-30" in page
    assert "已逾期 3 天" in page
    assert act_url(case, "withdrawal-clock") not in page

    withdrawn = client.post(
        act_url(case, "withdraw-publication"),
        {
            "explanation": "该决定经张建国申请复议，已被撤销。",
            "reason": "",
            "occurred_on": "",
            "withdrawn_on": "2025-06-02",
        },
    )

    assert withdrawn.status_code == 302
    publication.refresh_from_db()
    assert publication.withdrawn_on == D(2025, 6, 2)
    assert publication.withdrawn_in_time is False
    assert "张建国" not in publication.withdrawal_explanation
    page = client.get(case_url(case)).content.decode()
    assert "已撤回" in page
    assert "超过撤回期限" in page
    # Withdrawn: it may be published again (a varied decision, 第48条第2款).
    assert act_url(case, "publish") in page


def test_a_withdrawal_without_a_day_is_refused_and_nothing_changes(client, world):
    case = decided(world)
    publish(world, case)
    client.force_login(world.user1)
    before = state()

    refused = client.post(
        act_url(case, "withdraw-publication"),
        {
            "explanation": "撤销",
            "reason": "revoked",
            "occurred_on": "",
            "withdrawn_on": "2025-06-02",
        },
    )

    body = refused.content.decode()
    assert refused.status_code == 400
    assert "请填写处罚决定被变更、撤销或确认违法、无效之日" in body
    assert "The day the decision was varied" in body
    assert state() == before


def test_withdrawing_when_nothing_is_published_is_refused(client, world):
    case = decided(world)
    client.force_login(world.user1)
    before = state()

    refused = client.post(
        act_url(case, "withdrawal-clock"),
        {"reason": "revoked", "occurred_on": "2025-05-27"},
    )

    body = refused.content.decode()
    assert refused.status_code == 409
    assert "该案件没有公开中的处罚决定" in body
    assert "no published decision" in body
    assert state() == before


def test_another_organization_sees_nothing_and_changes_nothing(client, world):
    case = decided(world)
    publish(world, case)
    client.force_login(world.stranger)
    before = state()

    for slug, data in (
        ("publish", {"facts": FACTS, "confirmed": "on"}),
        ("withdrawal-clock", {"reason": "revoked", "occurred_on": "2025-05-27"}),
        (
            "withdraw-publication",
            {"explanation": "x", "reason": "revoked", "occurred_on": "2025-05-27"},
        ),
    ):
        assert client.get(act_url(case, slug)).status_code == 404
        assert client.post(act_url(case, slug), data).status_code == 404
    assert state() == before


def test_a_reconsideration_ending_in_revocation_starts_the_clock_from_the_page(
    client, world
):
    case = decided(world)
    publish(world, case)
    remedy = services.record_remedy(
        actor=world.user1, case=case, kind="reconsideration", started_on=D(2025, 5, 26)
    )
    client.force_login(world.user1)

    ended = client.post(
        act_url(case, "end-remedy"),
        {
            "remedy": remedy.pk,
            "ended_on": "2025-06-02",
            "result": "复议机关决定撤销",
            "decision_outcome": "revoked",
        },
    )

    assert ended.status_code == 302
    publication = PublishedDecision.objects.get(case=case)
    assert publication.withdrawal_reason == "revoked"
    assert publication.withdrawal_due_on == D(2025, 6, 5)
    page = client.get(case_url(case)).content.decode()
    assert "还剩 3 天" in page
