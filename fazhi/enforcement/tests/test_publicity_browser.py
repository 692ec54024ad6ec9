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
