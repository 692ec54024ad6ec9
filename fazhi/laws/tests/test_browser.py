"""The public laws pages in the real Chromium: search, permalink, timeline, print."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
import time_machine

from fazhi.laws import importer
from fazhi.laws.search.indexing import rebuild_index
from fazhi.testing.browser import accessibility_problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def imported(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)
    rebuild_index()
    with time_machine.travel(TODAY, tick=True):
        yield


def assert_accessible(page):
    assert accessibility_problems(page) == [], page.url


def wait_for_path(page, pattern):
    page.wait_for_url(lambda url: re.search(pattern, unquote(url)) is not None)


def test_a_citizen_searches_follows_a_hit_and_reads_versions_and_the_print_view(
    live_server, page, imported
):
    page.goto(live_server.url + "/laws/")

    assert page.locator("h1").inner_text() == "法规目录"
    assert page.get_by_role("link", name="示例处罚法").is_visible()
    assert page.get_by_role("link", name="示例复议法").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="全文检索").click()
    wait_for_path(page, r"/laws/search/$")
    page.fill("#laws-q", "罚款")
    page.get_by_role("button", name="检索").click()

    wait_for_path(page, r"/laws/search/\?q=罚款")
    page.locator("#laws-results-heading").wait_for()
    hits = page.locator("ol.laws-hits > li")
    assert hits.count() >= 1
    assert hits.locator("mark", has_text="罚款").first.is_visible()
    assert_accessible(page)
    screenshot(page, "laws-search-zh")

    page.get_by_role("link", name="示例处罚法 第二条").click()

    wait_for_path(page, r"/laws/示例处罚法/2023-01-01/art/2/$")
    assert page.locator("h1").inner_text() == "示例处罚法 第二条"
    assert "罚款" in page.locator(".laws-article__text").inner_text()
    assert page.locator("#permalink").input_value() == page.url
    assert page.locator(".laws-article .laws-status--in_force").is_visible()
    assert_accessible(page)

    page.locator("nav").get_by_role("link", name="示例处罚法").click()

    wait_for_path(page, r"/laws/示例处罚法/$")
    assert page.get_by_role("heading", name="版本沿革").is_visible()
    timeline = page.locator("ol.laws-timeline > li")
    assert timeline.count() == 2
    assert timeline.nth(0).locator(".laws-status--amended").is_visible()
    assert timeline.nth(1).locator(".laws-status--in_force").is_visible()
    assert_accessible(page)
    screenshot(page, "laws-instrument-zh")

    page.get_by_role("link", name="2020-01-01 与 2023-01-01 版本对照").click()

    wait_for_path(page, r"/laws/示例处罚法/compare/2020-01-01/2023-01-01/$")
    assert page.locator("h1").inner_text() == "新旧对照"
    assert page.locator("table.laws-compare ins", has_text="较大数额").is_visible()
    assert page.locator("tr.laws-compare--removed").count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="示例处罚法").first.click()
    wait_for_path(page, r"/laws/示例处罚法/$")
    page.get_by_role("link", name="阅读现行文本").click()
    wait_for_path(page, r"/laws/示例处罚法/2023-01-01/$")
    assert page.locator("h1").inner_text() == "中华人民共和国示例处罚法"
    assert_accessible(page)
    page.get_by_role("link", name="打印版").click()

    wait_for_path(page, r"/laws/示例处罚法/2023-01-01/print/$")
    assert page.locator("h1").inner_text() == "中华人民共和国示例处罚法"
    assert "第二条" in page.locator("article.laws-print").inner_text()
    assert "打印日期：2024-03-01" in page.locator("article.laws-print").inner_text()
    assert_accessible(page)
    screenshot(page, "laws-print-zh")
