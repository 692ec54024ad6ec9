"""The public publicity pages in the real Chromium: search, snippet, decision, officer."""

import pytest

from fazhi.enforcement.tests.test_publicity import decided, publish
from fazhi.testing.browser import accessibility_problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    assert accessibility_problems(page) == [], page.url


def test_a_citizen_searches_the_decisions_and_checks_an_officer(
    live_server, page, world
):
    publication = publish(world, decided(world))

    page.goto(live_server.url + "/enforcement/")
    assert page.locator("h1").inner_text() == "执法公示"
    assert_accessible(page)

    page.get_by_role("link", name="事后公开：行政处罚决定").click()
    page.fill("#decisions-q", "恒通")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/enforcement/decisions/?q=*")
    snippet = page.locator(".decision-snippet").first
    assert snippet.locator("mark", has_text="恒通").is_visible()
    assert "张建国" not in page.content()
    assert_accessible(page)
    screenshot(page, "enforcement-decisions-search")

    page.get_by_role("link", name=publication.decision_number).click()
    page.wait_for_url(f"**/enforcement/decisions/{publication.pk}/")
    assert "张某" in page.locator("main").inner_text()
    assert "13010219850302123X" not in page.content()
    assert_accessible(page)

    page.goto(live_server.url + "/enforcement/officers/")
    page.get_by_label("执法证号").fill("13010001")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/enforcement/officers/?certificate_number=13010001")
    assert page.locator("#officer-heading").inner_text() == "张执法"
    assert_accessible(page)

    for path in (
        "subjects/",
        f"subjects/{world.subject.pk}/",
        "procedures/",
        "benchmarks/",
    ):
        page.goto(f"{live_server.url}/enforcement/{path}")
        assert_accessible(page)


def test_an_officer_publishes_after_reading_the_masked_text_then_withdraws(
    live_server, page, world
):
    from fazhi.enforcement.models import PublishedDecision
    from fazhi.enforcement.tests.test_browser_staff import PASSWORD, log_in
    from fazhi.enforcement.tests.test_publicity import FACTS

    world.user1.set_password(PASSWORD)
    world.user1.save()
    case = decided(world)
    case_path = f"/workbench/enforcement/cases/{case.pk}/"
    log_in(page, live_server, world.user1, case_path)

    page.get_by_role("link", name="公开处罚决定").click()
    page.get_by_label("违法事实").fill(FACTS)
    page.get_by_label("处罚依据").fill("《食品安全法》(2021-04-29) 第124条第1款第5项")
    page.get_by_label("我已核对上方脱敏后的公开文本，确认公开").check()
    page.get_by_role("button", name="提交").click()
    # The text changed since the page was shown: shown again, masked; nothing stored.
    preview = page.locator("#preview-facts")
    assert "张某" in preview.inner_text()
    assert "张建国" not in preview.inner_text()
    assert not PublishedDecision.objects.exists()
    assert_accessible(page)
    screenshot(page, "enforcement-publish-preview")

    page.get_by_label("我已核对上方脱敏后的公开文本，确认公开").check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"**{case_path}")
    assert "公开中" in page.locator("#publicity").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="开始撤回期限").click()
    page.get_by_label("撤回原因").select_option("revoked")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"**{case_path}")
    assert "2025-06-05" in page.locator("#withdrawal-due").inner_text()
    assert_accessible(page)
