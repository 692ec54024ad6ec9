"""The workbench worklist: drafts, reviews, filings, requests, expiring documents."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import worklist
from fazhi.normdocs import services
from fazhi.normdocs.models import State
from fazhi.normdocs.tests.conftest import SUBMITTED, advance
from fazhi.normdocs.worklist import provider

pytestmark = pytest.mark.django_db


def titles(user, today):
    return [(i.title, i.due_on) for i in provider(user, today)]


def test_the_provider_is_registered():
    assert provider in worklist.providers()


def test_drafts_and_reviews_appear_for_the_right_people(draft, people):
    assert titles(people.drafter, SUBMITTED) == [("起草：正定县农贸市场管理办法", None)]
    assert titles(people.other, SUBMITTED) == []

    advance(draft, people, State.REVIEWING)

    assert titles(people.drafter, SUBMITTED) == []
    assert titles(people.reviewer, SUBMITTED) == [
        (
            "合法性审核：正定县农贸市场管理办法",
            dt.date(2026, 4, 27),
        )  # 15 working days; 清明 4-6 April off
    ]


def test_filing_and_expiry_appear_with_their_due_days(draft, people, settings):
    document = advance(draft, people, State.PUBLISHED)

    assert ("报送备案：正定县农贸市场管理办法", dt.date(2026, 5, 20)) in titles(
        people.drafter, dt.date(2026, 4, 21)
    )
    filing = services.submit_filing(
        actor=people.drafter, document=document, today=dt.date(2026, 4, 21)
    )
    assert ("备案审查：正定县农贸市场管理办法", filing.review_due_on) in titles(
        people.county, dt.date(2026, 4, 21)
    )
    near_the_end = document.valid_until - dt.timedelta(days=89)
    assert ("有效期即将届满：正定县农贸市场管理办法", document.valid_until) in titles(
        people.drafter, near_the_end
    )
    settings.NORMDOCS_EXPIRY_NOTICE_DAYS = 30
    assert all("有效期" not in t for t, _ in titles(people.drafter, near_the_end))


def test_collect_puts_overdue_reviews_in_the_overdue_list(draft, people):
    advance(draft, people, State.REVIEWING)

    collected = worklist.collect(people.reviewer, dt.date(2026, 5, 1))

    assert [i.title for i in collected.overdue] == [
        "合法性审核：正定县农贸市场管理办法"
    ]
