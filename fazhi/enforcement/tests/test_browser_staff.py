"""The staff pages in the real Chromium: an officer works a case, a supervisor looks
at what is overdue; every page passes the accessibility checks."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.audit.models import AuditEntry
from fazhi.enforcement import services
from fazhi.testing.browser import accessibility_problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def frozen_today():
    """The same Monday as the other tests, but ticking: the browser needs time to pass."""
    with time_machine.travel(
        dt.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield D(2025, 6, 2)


def assert_accessible(page):
    assert accessibility_problems(page) == [], page.url


def log_in(page, live_server, user, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_path) + r"$"))


def investigated_case(w):
    case = services.register_clue(
        actor=w.user1,
        subject=w.subject,
        summary="销售过期食品",
        party_kind="legal_person",
        party_name="某某商贸有限公司",
        received_on=D(2025, 5, 5),
        violation_on=D(2025, 5, 1),
        violation_code="HB-FOOD-124-1-5",
        facts={
            "circumstances": ["first_violation"],
            "amounts": {"goods_value": "1500"},
        },
        sector="market",
    )
    services.file_case(actor=w.user1, case=case, filed_on=D(2025, 5, 6))
    for officer in (w.officer1, w.officer2):
        services.assign_officer(actor=w.user1, case=case, officer=officer)
    services.add_evidence(
        actor=w.user1,
        case=case,
        kind="record",
        title="现场检查笔录",
        collected_on=D(2025, 5, 7),
    )
    services.conclude_investigation(
        actor=w.user1,
        case=case,
        report="经查，违法事实清楚。",
        outcome="penalty",
        kinds=["confiscate_illegal_property", "fine"],
        fine_fen=5_500_000,
    )
    return case


def test_an_officer_opens_a_case_sees_clocks_and_benchmark_and_notifies_the_party(
    live_server, page, world
):
    case = investigated_case(world)
    log_in(page, live_server, world.user1, "/workbench/enforcement/")

    assert page.locator("h1").inner_text() == "执法案件"
    assert_accessible(page)
    page.get_by_role("link", name=case.number).click()

    page.wait_for_url(re.compile(rf"/workbench/enforcement/cases/{case.pk}/$"))
    clocks = page.locator("#clocks")
    assert "2025-08-04" in clocks.inner_text()
    assert "第60条" in clocks.inner_text()
    benchmark_range = page.locator("#benchmark-range").inner_text()
    assert "50000.00" in benchmark_range
    assert "60000.00" in benchmark_range
    assert "情节档次：轻微" in page.locator("#benchmark").inner_text()
    assert_accessible(page)
    screenshot(page, "enforcement-case-zh")

    page.locator("#next-steps").get_by_role("link", name="事先告知").click()
    page.wait_for_url(re.compile(r"/notify/$"))
    assert_accessible(page)
    page.fill("input[name=served_on]", "2025-05-20")
    page.fill("textarea[name=facts]", "当事人经营超过保质期的食品。")
    page.fill("textarea[name=reasons]", "违反《食品安全法》第34条。")
    page.fill("textarea[name=basis]", "《食品安全法》第124条第1款第5项")
    page.get_by_role("button", name="提交").click()

    page.wait_for_url(re.compile(rf"/workbench/enforcement/cases/{case.pk}/$"))
    assert "已完成：事先告知" in page.locator(".messages").inner_text()
    assert "已告知" in page.locator("#case-state").inner_text()
    assert "事先告知" in page.locator("#timeline").inner_text()
    assert AuditEntry.objects.filter(action="enforcement.notify_party").count() == 1
    assert_accessible(page)


def test_a_refused_step_shows_the_article_in_the_browser(live_server, page, world):
    case = investigated_case(world)
    log_in(page, live_server, world.user1, f"/workbench/enforcement/cases/{case.pk}/")

    page.goto(f"{live_server.url}/workbench/enforcement/cases/{case.pk}/close/")
    assert "第47条" in page.locator("#act-foreseen").inner_text()
    page.fill("input[name=closed_on]", "2025-06-02")
    page.get_by_role("button", name="提交").click()

    error = page.locator("#act-error")
    assert "第47条" in error.inner_text()
    assert "没有任何改变" in error.inner_text()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "investigated"


def test_a_supervisor_opens_the_overdue_view(live_server, page, world):
    late = services.register_clue(
        actor=world.user1,
        subject=world.subject,
        summary="超期未决的案件",
        party_kind="natural_person",
        party_name="王某",
        received_on=D(2025, 1, 20),
    )
    services.file_case(actor=world.user1, case=late, filed_on=D(2025, 1, 22))
    log_in(page, live_server, world.supervisor, "/workbench/enforcement/supervision/")

    assert page.locator("h1").inner_text() == "执法监督"
    overdue = page.locator("#overdue")
    assert late.number in overdue.inner_text()
    assert_accessible(page)
    screenshot(page, "enforcement-supervision-zh")

    overdue.get_by_role("link", name=re.compile(late.number)).click()
    page.wait_for_url(re.compile(rf"/cases/{late.pk}/$"))
    assert "已逾期" in page.locator("#clocks").inner_text()
    assert_accessible(page)
