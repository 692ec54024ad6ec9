"""A decision set aside by reconsideration or lawsuit starts its withdrawal clock
by itself (《行政处罚法》第48条第2款), in the same transaction as the remedy's end."""

import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.enforcement import services
from fazhi.enforcement.models import PublishedDecision, RemedyPeriod
from fazhi.enforcement.tests.test_publicity import decided, publish, snapshot

pytestmark = pytest.mark.django_db

D = dt.date


def remedy_of(world, case, kind="reconsideration"):
    return services.record_remedy(
        actor=world.user1, case=case, kind=kind, started_on=D(2025, 5, 26)
    )


@pytest.mark.parametrize(
    "outcome", ["varied", "revoked", "confirmed_illegal", "confirmed_void"]
)
def test_a_published_decision_set_aside_starts_its_withdrawal_clock(world, outcome):
    case = decided(world)
    publication = publish(world, case)
    remedy = remedy_of(world, case, kind="litigation")

    services.end_remedy(
        actor=world.user1,
        remedy=remedy,
        ended_on=D(2025, 6, 2),
        result="判决",
        decision_outcome=outcome,
    )

    publication.refresh_from_db()
    assert publication.withdrawal_reason == outcome
    assert publication.withdrawal_occurred_on == D(2025, 6, 2)
    # Monday 2025-06-02 + three working days (rule penalty.publicity.withdrawal).
    assert publication.withdrawal_due_on == D(2025, 6, 5)
    assert "第48条第2款" in publication.withdrawal_due_basis
    assert publication.withdrawn_on is None  # the explanation is still the staff's
    actions = list(
        AuditEntry.objects.filter(object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [
        "enforcement.end_remedy",
        "enforcement.start_withdrawal_clock",
    ]


def test_an_upheld_decision_keeps_its_publication(world):
    case = decided(world)
    publication = publish(world, case)

    services.end_remedy(
        actor=world.user1,
        remedy=remedy_of(world, case),
        ended_on=D(2025, 6, 2),
        result="维持",
        decision_outcome="upheld",
    )

    publication.refresh_from_db()
    assert publication.withdrawal_due_on is None
    assert not AuditEntry.objects.filter(
        action="enforcement.start_withdrawal_clock"
    ).exists()


def test_an_unpublished_decision_set_aside_needs_no_clock(world):
    case = decided(world)

    services.end_remedy(
        actor=world.user1,
        remedy=remedy_of(world, case),
        ended_on=D(2025, 6, 2),
        result="撤销",
        decision_outcome="revoked",
    )

    assert RemedyPeriod.objects.get(case=case).ended_on == D(2025, 6, 2)
    assert not PublishedDecision.objects.exists()


def test_a_running_clock_is_not_moved_by_a_second_set_aside(world):
    case = decided(world)
    publication = publish(world, case)
    services.start_withdrawal_clock(
        actor=world.user1,
        publication=publication,
        reason="varied",
        occurred_on=D(2025, 5, 28),
    )

    services.end_remedy(
        actor=world.user1,
        remedy=remedy_of(world, case),
        ended_on=D(2025, 6, 2),
        result="撤销",
        decision_outcome="revoked",
    )

    publication.refresh_from_db()
    assert publication.withdrawal_reason == "varied"
    assert publication.withdrawal_occurred_on == D(2025, 5, 28)


def test_a_failing_clock_undoes_the_remedys_end(world):
    """Same transaction: when the clock is refused (a day before the decision), the
    remedy stays open and nothing is recorded."""
    case = decided(world)
    publish(world, case)
    remedy = services.record_remedy(
        actor=world.user1, case=case, kind="reconsideration", started_on=D(2025, 5, 20)
    )
    PublishedDecision.objects.filter(case=case).update(decided_on=D(2025, 5, 25))
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.end_remedy(
            actor=world.user1,
            remedy=remedy,
            ended_on=D(2025, 5, 21),
            result="撤销",
            decision_outcome="revoked",
        )

    assert caught.value.field == "occurred_on"
    remedy.refresh_from_db()
    assert remedy.ended_on is None
    assert snapshot() == before


def test_an_unknown_outcome_is_refused_and_nothing_changes(world):
    case = decided(world)
    publish(world, case)
    remedy = remedy_of(world, case)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.end_remedy(
            actor=world.user1,
            remedy=remedy,
            ended_on=D(2025, 6, 2),
            result="?",
            decision_outcome="annulled",
        )

    assert caught.value.code == "remedy_outcome_unknown"
    assert "Unknown outcome" in caught.value.en
    remedy.refresh_from_db()
    assert remedy.ended_on is None
    assert snapshot() == before
