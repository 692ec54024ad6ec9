import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from fazhi.core import worklist
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(MembershipFactory(role=Role.STAFF).user)
    return client


@pytest.fixture
def case_provider():
    def provider(user, today):
        return [
            worklist.WorkItem(
                title="某某行政复议案",
                url="/cases/1/",
                due_on=today - dt.timedelta(days=2),
                kind="行政复议",
                state="审理中",
            ),
            worklist.WorkItem(
                title="某某执法案件",
                url="/cases/2/",
                due_on=today + dt.timedelta(days=3),
                kind="行政执法",
            ),
        ]

    worklist.register(provider)
    yield provider
    worklist.unregister(provider)


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("workbench:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.PUBLIC, None])
def test_member_of_the_public_gets_a_forbidden_page(client, role):
    user = MembershipFactory(role=role).user if role else UserFactory()
    client.force_login(user)

    response = client.get(reverse("workbench:home"))
    partial = client.get(reverse("workbench:lists"))

    assert response.status_code == 403
    assert partial.status_code == 403
    assert "workbench/forbidden.html" in [t.name for t in response.templates]


def test_staff_sees_the_three_lists_with_counts_and_empty_states(staff_client):
    response = staff_client.get(
        reverse("workbench:home"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    page = response.content.decode()
    assert response.status_code == 200
    for label in ("我的待办", "即将到期", "已逾期", "没有逾期事项。", "暂无待办事项。"):
        assert label in page


@time_machine.travel(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC))
def test_items_from_providers_appear_in_their_lists(staff_client, case_provider):
    response = staff_client.get(reverse("workbench:home"))

    result = response.context["worklist"]
    assert [i.title for i in result.overdue] == ["某某行政复议案"]
    assert [i.title for i in result.due_soon] == ["某某执法案件"]
    page = response.content.decode()
    assert 'href="/cases/1/"' in page
    assert "2025-03-08" in page


def test_lists_partial_is_only_the_lists_for_htmx(staff_client, case_provider):
    response = staff_client.get(reverse("workbench:lists"), HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="worklist"')
    assert "<html" not in page
    assert "某某执法案件" in page


def test_workbench_speaks_english_when_asked(staff_client):
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = staff_client.get(reverse("workbench:home")).content.decode()

    assert '<html lang="en">' in page
    assert "Overdue" in page
    assert "My tasks" in page


def test_the_home_page_links_every_installed_staff_area(staff_client):
    response = staff_client.get(
        reverse("workbench:home"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    page = response.content.decode()
    assert reverse("normdocs-staff:home") in page
    assert reverse("enforcement-staff:cases") in page
    assert "业务模块" in page


def test_an_area_whose_pages_are_missing_is_left_out(monkeypatch):
    from fazhi.core.navigation import Card
    from fazhi.workbench import sections

    missing = Card("不存在", "", "nowhere:home")
    monkeypatch.setattr(sections, "AREAS", (*sections.AREAS, missing))

    assert missing not in sections.areas()
    assert len(sections.areas()) == len(sections.AREAS) - 1
