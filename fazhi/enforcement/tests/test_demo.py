"""``fazhi demo`` adds enforcement data at every stage, through the services, once."""

import pytest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from fazhi.core.audit.models import AuditEntry
from fazhi.core.demo import load
from fazhi.enforcement import selectors
from fazhi.enforcement.models import (
    Complaint,
    CompulsoryMeasure,
    CrimeTransfer,
    Officer,
    PenaltyCase,
)

pytestmark = pytest.mark.django_db

STAGES = {
    "clue",
    "filed",
    "investigated",
    "notified",
    "hearing_requested",
    "decided",
    "served",
    "executed",
    "closed",
    "transferred",
}


def counts():
    return (
        PenaltyCase.objects.count(),
        Officer.objects.count(),
        CompulsoryMeasure.objects.count(),
        CrimeTransfer.objects.count(),
        Complaint.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture(autouse=True)
def frozen_today():
    """The demo counts back from the real today: no frozen clock here."""
    return timezone.localdate()


@pytest.fixture
def demo():
    autodiscover_modules("demo")
    return load()


def test_running_the_demo_twice_adds_nothing(demo):
    before = counts()

    again = load()

    assert counts() == before
    assert not {k for k in again.created if k.startswith(("enforcement", "penalty"))}
    every_stage_is_present_and_written_through_the_services()


def every_stage_is_present_and_written_through_the_services():
    cases = PenaltyCase.objects.all()
    states = set(cases.values_list("state", flat=True))

    assert states >= STAGES
    assert cases.filter(procedure="simplified", reported_on__isnull=False).exists()
    assert cases.filter(reviews__state="pending").exists()  # in legal review
    assert cases.filter(surcharge_fen__gt=0, state="executed").exists()
    assert cases.filter(state="closed").exclude(deviation={}).exists()
    for case in cases:
        record = AuditEntry.objects.filter(
            object_type="enforcement.penaltycase", object_id=str(case.pk)
        )
        assert record.exists(), case
    assert CompulsoryMeasure.objects.filter(state="in_force").exists()
    assert CrimeTransfer.objects.filter(state="transferred").exists()
    assert Complaint.objects.filter(anonymous=True, state="answered").exists()
    assert Complaint.objects.filter(anonymous=False).exclude(reporter_name="").exists()


def test_the_supervisor_sees_the_overdue_case_and_the_ineligible_officers(demo):
    supervisor = demo.accounts["supervisor"]
    today = timezone.localdate()

    overdue = selectors.list_overdue_cases(user=supervisor, today=today)
    ineligible = {
        o.name: r.code
        for o, r in selectors.list_ineligible_officers_with_reasons(
            user=supervisor, today=today
        )
    }

    assert overdue.filter(summary__contains="超期未决").exists()
    assert ineligible["赵磊"] == "officer_certificate_lapsed"
    assert ineligible["钱进"] == "officer_training_incomplete"
    assert "张执法" not in ineligible


def test_the_demo_officer_sees_the_market_cases(demo):
    officer = demo.accounts["officer"]

    visible = selectors.list_cases(user=officer)

    assert visible.filter(organization=demo.organizations["county_samr"]).count() >= 10
