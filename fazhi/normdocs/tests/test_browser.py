"""The normdocs pages in the real Chromium: a citizen comments and requests a review;
a legal reviewer records a review on the staff page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from fazhi.normdocs import services
from fazhi.normdocs.models import Comment, ReviewRequest, State
from fazhi.normdocs.tests.conftest import advance
from fazhi.testing.browser import accessibility_problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def travelled():
    with time_machine.travel(NOW, tick=True):
        yield


def assert_accessible(page):
    assert accessibility_problems(page) == [], page.url


def test_a_citizen_comments_on_a_draft_and_requests_a_review(
    live_server, page, travelled, draft, people, tree
):
    published = advance(draft, people, State.PUBLISHED)
    other = services.create_draft(
        actor=people.drafter,
        organization=tree["A"],
        title="正定县电动自行车销售管理规定",
        text="第一条 为规范电动自行车销售，制定本规定。\n第二条 销售者应当公示产品合格证明。",
    )
    services.open_consultation(
        actor=people.drafter,
        document=other,
        closes_on=TODAY + dt.timedelta(days=30),
        today=TODAY,
    )

    page.goto(live_server.url + "/normdocs/")
    assert page.locator("h1").inner_text() == "行政规范性文件"
    assert_accessible(page)
    page.get_by_role("link", name="正定县电动自行车销售管理规定").click()
    page.wait_for_url(re.compile(r"/normdocs/consultations/\d+/$"))
    assert "销售者应当公示产品合格证明" in page.locator("main").inner_text()
    assert_accessible(page)

    page.fill("#id_text", "建议第二条写明合格证明的公示方式。")
    page.fill("#id_name", "李小红")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url(re.compile(r"/normdocs/consultations/\d+/#comment-form$"))
    assert page.get_by_text("您的意见已收到").is_visible()
    assert "李小红" not in page.content()
    assert_accessible(page)
    screenshot(page, "normdocs-consultation-zh")
    assert Comment.objects.filter(consultation__document=other).get().name == "李小红"

    page.get_by_role("link", name="文件库").click()
    page.wait_for_url(re.compile(r"/normdocs/documents/$"))
    assert page.get_by_text("正市监规〔2026〕1号").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=published.title).click()
    page.get_by_role("link", name="提出审查建议").click()
    page.wait_for_url(re.compile(r"/review-request/$"))
    assert_accessible(page)

    page.get_by_role("button", name="提交审查建议").click()  # empty: field errors
    assert page.locator(".errorlist").first.is_visible()
    assert not ReviewRequest.objects.exists()

    page.fill("#id_text", "第二条要求公示经营者的身份证号码，建议删去。")
    page.fill("#id_name", "赵六")
    page.fill("#id_contact", "13700000000")
    page.get_by_role("button", name="提交审查建议").click()
    page.wait_for_url(re.compile(r"/normdocs/review-requests/SC-\d+-[0-9A-F]+/$"))
    code = page.locator("#receipt-code").inner_text()
    assert page.locator("#receipt-state").inner_text() == "已收到"
    assert "赵六" not in page.content()
    assert_accessible(page)
    screenshot(page, "normdocs-receipt-zh")

    page.goto(live_server.url + "/normdocs/review-requests/")
    page.fill("#id_code", code.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/normdocs/review-requests/SC-"))
    assert page.locator("#receipt-code").inner_text() == code
    assert ReviewRequest.objects.get().name == "赵六"


def test_a_legal_reviewer_disposes_the_findings_and_passes_the_review(
    live_server, page, travelled, draft, people
):
    document = advance(draft, people, State.REVIEWING)
    finding = document.reviews.get().findings.get()

    page.goto(live_server.url + "/workbench/normdocs/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", people.reviewer.username)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/workbench/normdocs/$"))
    assert page.locator("h1").inner_text() == "规范性文件工作台"
    assert_accessible(page)

    page.locator("#reviews-due").get_by_role("link", name=document.title).click()
    page.wait_for_url(re.compile(r"/workbench/normdocs/documents/\d+/#review$"))
    assert page.locator("#document-state").inner_text() == "合法性审核中"
    assert_accessible(page)
    screenshot(page, "normdocs-staff-review-zh")

    page.select_option("#conclude_review-outcome", "passed")
    page.fill("#conclude_review-opinion", "合法，同意。")
    page.get_by_role("button", name="作出审核结论").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "逐条处理自动预审发现的问题" in page.locator("#error").inner_text()
    assert "Dispose of every finding" in page.locator("#error").inner_text()
    assert_accessible(page)

    page.select_option(f"#dispose_finding-{finding.pk}-disposition", "dismissed")
    page.fill(f"#dispose_finding-{finding.pk}-note", "第六条已写明有效期。")
    page.get_by_role("button", name="保存处理").click()
    page.wait_for_url(re.compile(r"#review$"))
    assert page.get_by_text("预审发现的处理已保存。").is_visible()

    page.select_option("#conclude_review-outcome", "passed")
    page.fill("#conclude_review-opinion", "经审核，文件合法，同意提请集体审议。")
    page.get_by_role("button", name="作出审核结论").click()
    page.wait_for_url(re.compile(r"#review$"))
    assert page.locator("#document-state").inner_text() == "合法性审核通过"
    assert_accessible(page)
    document.refresh_from_db()
    assert document.state == State.REVIEWED
