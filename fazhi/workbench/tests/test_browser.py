import datetime as dt
import re

import pytest

from fazhi.core import worklist
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, OrganizationFactory
from fazhi.testing.browser import accessibility_problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases():
    def provider(user, today):
        return [
            worklist.WorkItem(
                title="张某不服罚款决定行政复议案",
                url="/workbench/",
                due_on=today - dt.timedelta(days=3),
                kind="行政复议",
                state="审理中",
            ),
            worklist.WorkItem(
                title="某餐饮店食品安全检查",
                url="/workbench/",
                due_on=today + dt.timedelta(days=2),
                kind="行政检查",
                state="待检查",
            ),
            worklist.WorkItem(
                title="规范性文件合法性审核",
                url="/workbench/",
                due_on=None,
                kind="合法性审核",
                state="待审核",
            ),
        ]

    worklist.register(provider)
    yield
    worklist.unregister(provider)


def assert_accessible(page):
    assert accessibility_problems(page) == [], page.url


def test_staff_member_logs_in_sees_the_workbench_and_switches_language(
    live_server, page, cases
):
    organization = OrganizationFactory(name="某县司法局")
    staff = MembershipFactory(organization=organization, role=Role.STAFF).user

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "法治政府建设平台"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert_accessible(page)

    page.get_by_role("link", name="登录").click()
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page)
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/workbench/$"))
    assert page.locator("h1").inner_text() == "工作台"
    for heading in ("我的待办", "即将到期", "已逾期"):
        assert page.get_by_role("heading", name=re.compile(heading)).is_visible()
    assert (
        page.locator("#overdue").get_by_text("张某不服罚款决定行政复议案").is_visible()
    )
    assert_accessible(page)
    screenshot(page, "workbench-zh")

    with page.expect_response(re.compile(r"/workbench/lists/$")) as refreshed:
        page.get_by_role("button", name="刷新").click()
    assert refreshed.value.status == 200
    page.locator("#overdue").get_by_text("张某不服罚款决定行政复议案").wait_for()

    page.select_option("#language-select", "en")
    page.get_by_role("button", name="切换").click()
    page.get_by_role("heading", name=re.compile("Overdue")).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name=re.compile("My tasks")).is_visible()
    assert page.get_by_role("heading", name=re.compile("Due soon")).is_visible()
    assert_accessible(page)
    screenshot(page, "workbench-en")

    page.select_option("#language-select", "zh-hans")
    page.get_by_role("button", name="Switch").click()
    page.get_by_role("heading", name=re.compile("已逾期")).wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="登录").is_visible()


def test_public_pages_pass_the_accessibility_check(live_server, page):
    OrganizationFactory(name="某市人民政府")

    for path in (
        "/",
        "/organizations/",
        "/search/?q=行政复议法",
        "/deadlines/",
        "/accounts/login/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    screenshot(page, "login-zh")

    page.goto(live_server.url + "/deadlines/")
    page.select_option("#id_rule", index=0)
    page.fill("#id_start", "2025-01-27")
    page.get_by_role("button", name="计算").click()
    page.get_by_role("heading", name="计算结果").wait_for()
    assert page.locator(".result__deadline time").inner_text().startswith("20")
    assert_accessible(page)
    screenshot(page, "deadline-zh")
    page.goto(live_server.url + "/")
    screenshot(page, "home-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "home-zh-mobile")
