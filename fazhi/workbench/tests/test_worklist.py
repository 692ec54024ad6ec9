import datetime as dt

import pytest

from fazhi.core import worklist
from fazhi.core.worklist import WorkItem

TODAY = dt.date(2025, 3, 10)


def item(title, due_on):
    return WorkItem(title=title, url=f"/x/{title}", due_on=due_on, kind="测试")


@pytest.fixture(autouse=True)
def only_these_providers(monkeypatch):
    """The modules' own providers query the database; these tests are about collecting."""
    monkeypatch.setattr(worklist, "_providers", [])


@pytest.fixture
def provider():
    items = []

    def fake_provider(user, today):
        return list(items)

    worklist.register(fake_provider)
    yield items
    worklist.unregister(fake_provider)


def test_items_are_split_into_overdue_due_soon_and_all(provider, settings):
    settings.WORKBENCH_DUE_SOON_DAYS = 7
    provider.extend(
        [
            item("昨天到期", TODAY - dt.timedelta(days=1)),
            item("今天到期", TODAY),
            item("第七天到期", TODAY + dt.timedelta(days=7)),
            item("第八天到期", TODAY + dt.timedelta(days=8)),
            item("无期限", None),
        ]
    )

    result = worklist.collect(None, TODAY)

    assert [i.title for i in result.overdue] == ["昨天到期"]
    assert [i.title for i in result.due_soon] == ["今天到期", "第七天到期"]
    assert [i.title for i in result.my_tasks] == [
        "昨天到期",
        "今天到期",
        "第七天到期",
        "第八天到期",
        "无期限",
    ]


def test_due_soon_window_comes_from_the_setting(provider, settings):
    settings.WORKBENCH_DUE_SOON_DAYS = 2
    provider.extend(
        [
            item("第二天", TODAY + dt.timedelta(days=2)),
            item("第三天", TODAY + dt.timedelta(days=3)),
        ]
    )

    result = worklist.collect(None, TODAY)

    assert [i.title for i in result.due_soon] == ["第二天"]
    assert result.due_soon_days == 2


def test_overdue_is_judged_against_the_day_of_collection(provider):
    provider.append(item("十日到期", TODAY))

    on_the_day = worklist.collect(None, TODAY)
    next_day = worklist.collect(None, TODAY + dt.timedelta(days=1))

    assert not on_the_day.my_tasks[0].is_overdue
    assert next_day.my_tasks[0].is_overdue
    assert next_day.my_tasks[0].days_overdue == 1


def test_no_provider_means_empty_lists():
    result = worklist.collect(None, TODAY)

    assert result.my_tasks == result.due_soon == result.overdue == ()


def test_registering_twice_counts_once(provider):
    def twice(user, today):
        return [item("一次", TODAY)]

    worklist.register(twice)
    worklist.register(twice)
    try:
        result = worklist.collect(None, TODAY)
    finally:
        worklist.unregister(twice)

    assert [i.title for i in result.my_tasks] == ["一次"]


def test_providers_receive_the_user_and_today(provider):
    seen = []

    def spy(user, today):
        seen.append((user, today))
        return []

    worklist.register(spy)
    try:
        worklist.collect("someone", TODAY)
    finally:
        worklist.unregister(spy)

    assert seen == [("someone", TODAY)]
