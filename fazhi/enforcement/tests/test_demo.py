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
    PublishedDecision,
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
        PublishedDecision.objects.count(),
        list(
            PublishedDecision.objects.values_list(
                "withdrawal_due_on", "withdrawn_on", "withdrawal_explanation"
            )
        ),
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


def test_every_page_of_the_demo_opens_for_the_officer_and_the_supervisor(demo, client):
    from django.urls import reverse

    from fazhi.enforcement.staff_views import CASE_ACTS, _next_steps

    officer, supervisor = demo.accounts["officer"], demo.accounts["supervisor"]
    client.force_login(officer)
    pages = [
        reverse(f"enforcement-staff:{name}")
        for name in ("cases", "reviews", "supervision", "subjects", "officers")
    ]
    pages += [reverse("enforcement-staff:complaints")]
    for case in selectors.list_cases(user=officer):
        pages.append(reverse("enforcement-staff:case", args=[case.pk]))
        pages += [step.url for step in _next_steps(case)]
    pages += [
        reverse("enforcement-staff:measure", args=[m.pk])
        for m in CompulsoryMeasure.objects.all()
    ]
    pages += [
        reverse("enforcement-staff:transfer", args=[t.pk])
        for t in CrimeTransfer.objects.all()
    ]
    pages += [
        reverse("enforcement-staff:complaint", args=[c.pk])
        for c in Complaint.objects.all()
    ]

    broken = [p for p in pages if client.get(p).status_code != 200]

    assert broken == []
    assert len(pages) > 60
    assert {a.slug for a in CASE_ACTS} >= {"decide", "payment", "assign-officer"}
    client.force_login(demo.accounts["reviewer"])
    reviews = selectors.list_reviews(user=demo.accounts["reviewer"])
    assert reviews.filter(state="pending").exists()
    for review in reviews:
        page = client.get(reverse("enforcement-staff:review", args=[review.pk]))
        assert page.status_code == 200
    client.force_login(supervisor)
    supervision = client.get(reverse("enforcement-staff:supervision")).content.decode()
    assert "超期未决" in supervision
    assert "赵磊" in supervision
    assert "钱进" in supervision


def test_every_worklist_link_of_the_demo_opens_a_staff_page(demo, client):
    from fazhi.enforcement.worklist import provider

    officer = demo.accounts["officer"]
    client.force_login(officer)

    links = [item.url for item in provider(officer, timezone.localdate())]

    assert any("/measures/" in link for link in links)
    assert any("/transfers/" in link for link in links)
    assert any("/complaints/" in link for link in links)
    assert [link for link in links if client.get(link).status_code != 200] == []


def test_the_demo_publishes_the_decisions_masked_with_a_withdrawal(demo, client):
    from django.urls import reverse

    from fazhi.enforcement.demo import PUBLISHED_FACTS

    shown = PublishedDecision.objects.filter(withdrawn_on__isnull=True)
    withdrawn = PublishedDecision.objects.get(withdrawn_on__isnull=False)
    running = shown.get(withdrawal_due_on__isnull=False)
    decided = PenaltyCase.objects.filter(
        state__in=("decided", "served", "executed", "closed"), outcome="penalty"
    )

    # Every decided demo case is published through the service, once.
    assert set(decided.values_list("pk", flat=True)) == set(
        PublishedDecision.objects.values_list("case_id", flat=True)
    )
    assert (
        AuditEntry.objects.filter(action="enforcement.publish_decision").count()
        == PublishedDecision.objects.count()
    )
    assert withdrawn.withdrawal_reason == "revoked"
    assert withdrawn.withdrawn_in_time is True
    assert running.withdrawal_reason == "varied"  # ended by the remedy, on its own
    assert running.withdrawal_due_on >= timezone.localdate()
    assert running.case.remedies.filter(ended_on__isnull=False).exists()

    listing = client.get(reverse("enforcement:decisions"))
    pages = [listing] + [
        client.get(reverse("enforcement:decision", args=[p.pk]))
        for p in PublishedDecision.objects.all()
    ]
    export = b"".join(
        client.get("/api/v1/enforcement/decisions/export.csv").streaming_content
    ).decode("utf-8-sig")
    public = "".join(p.content.decode() for p in pages) + export

    assert [p.status_code for p in pages] == [200] * len(pages)
    assert listing.context["page"].paginator.count == shown.count() >= 4
    assert "该处罚决定已撤回" in public
    assert "马某" in public
    assert "孙某" in public
    hidden = ("钱卫东", "马建新", "高志远", "孙丽娟", "赵文博", "周晓梅", "郑国华")
    assert all(any(n in f for f, _b in PUBLISHED_FACTS.values()) for n in hidden)
    assert [n for n in hidden if n in public] == []
    assert "13931112233" not in public
    assert "常山西路" not in public
