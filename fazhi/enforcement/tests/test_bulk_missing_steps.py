"""What an imported file lacks: ``list_cases_missing_steps`` in the database."""

import datetime as dt

import pytest

from fazhi.enforcement import selectors
from fazhi.enforcement.models import LegalReview, PenaltyCase, PreDecisionNotice
from fazhi.enforcement.services import import_cases
from fazhi.enforcement.tests.test_bulk import record, served

pytestmark = pytest.mark.django_db


def notice(case):
    return PreDecisionNotice.objects.create(
        case=case,
        served_on=dt.date(2025, 5, 10),
        facts="事实",
        reasons="理由",
        basis="依据",
        rights="陈述、申辩",
    )


def test_each_missing_step_is_named_and_complete_cases_are_left_out(world):
    report = import_cases(
        actor=world.user1,
        records=[
            served(world, "M-plain"),
            served(world, "M-noticed"),
            served(world, "M-major"),
            served(world, "M-major-done"),
            served(world, "M-deviation"),
            served(world, "M-justified"),
            served(world, "M-late"),
            record(world, "M-filed", filed_on="2025-05-06"),
        ],
    )
    assert report.created == 8, report.rejected
    cases = {c.number: c for c in PenaltyCase.objects.all()}
    for number in ("M-noticed", "M-major-done", "M-deviation", "M-justified", "M-late"):
        notice(cases[number])
    PenaltyCase.objects.filter(number__startswith="M-major").update(is_major=True)
    LegalReview.objects.create(
        case=cases["M-major"],
        state=LegalReview.State.RETURNED,
        submitted_on=dt.date(2025, 5, 12),
        submitted_by=world.user1,
    )
    LegalReview.objects.create(
        case=cases["M-major-done"],
        state=LegalReview.State.APPROVED,
        submitted_on=dt.date(2025, 5, 12),
        submitted_by=world.user1,
        reviewer=world.reviewer,
        reviewed_on=dt.date(2025, 5, 14),
    )
    PenaltyCase.objects.filter(number="M-major-done").update(
        collective_discussion_on=dt.date(2025, 5, 16)
    )
    outside = {"code": "below_range", "zh": "低于裁量基准", "en": "below the range"}
    PenaltyCase.objects.filter(number="M-deviation").update(
        deviation=outside, deviation_justification="  "
    )
    PenaltyCase.objects.filter(number="M-justified").update(
        deviation=outside, deviation_justification="主动消除危害后果"
    )
    PenaltyCase.objects.filter(number="M-late").update(
        decision_due_on=dt.date(2025, 5, 19)
    )

    found = {
        case.number: steps
        for case, steps in selectors.list_cases_missing_steps(user=world.supervisor)
    }

    assert found == {
        "M-plain": ["notice"],
        "M-major": ["notice", "legal_review", "collective_discussion"],
        "M-deviation": ["deviation_justification"],
        "M-late": ["decided_after_deadline"],
    }
    assert selectors.list_cases_missing_steps(user=world.stranger) == []
