import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import NotFoundError, PermissionDeniedError
from fazhi.core.workflow import StepRefusedError
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import PenaltyCase

pytestmark = pytest.mark.django_db

D = dt.date


def on_the_spot(w, **extra):
    fields = {
        "actor": w.user1,
        "subject": w.subject,
        "officer": w.officer1,
        "party_kind": "natural_person",
        "party_name": "路人甲",
        "decided_on": D(2025, 6, 2),
        "summary": "占道经营",
        "basis": "《某条例》第20条",
        "kinds": ["fine"],
        "fine_fen": 20_000,
        "decision_number": "No.0000123",
        "place": "中山路",
    }
    fields.update(extra)
    return services.decide_on_the_spot(**fields)


def test_an_on_the_spot_fine_within_the_limit_is_one_step(world):
    case = on_the_spot(world)

    assert case.state == "served"
    assert case.procedure == "simplified"
    assert case.on_spot_officer == world.officer1
    entry = AuditEntry.objects.get(action="enforcement.decide_on_the_spot")
    assert entry.after["certificate_number"] == "13010001"
    assert "第51条" in entry.basis


def test_an_on_the_spot_fine_above_the_limit_is_refused_and_nothing_is_written(world):
    audit = AuditEntry.objects.count()

    with pytest.raises(StepRefusedError) as caught:
        on_the_spot(world, fine_fen=20_001)

    assert caught.value.code == "on_spot_not_allowed"
    assert "第51条" in caught.value.basis
    assert "200.00" in caught.value.zh
    assert PenaltyCase.objects.count() == 0
    assert AuditEntry.objects.count() == audit


def test_an_on_the_spot_case_is_closed_only_after_payment_and_the_report(world):
    case = on_the_spot(world)
    services.record_payment(
        actor=world.user1, case=case, paid_on=D(2025, 6, 2), amount_fen=20_000
    )

    with pytest.raises(StepRefusedError) as unreported:
        services.close_case(actor=world.user1, case=case, closed_on=D(2025, 6, 3))
    services.report_on_the_spot(actor=world.user1, case=case, reported_on=D(2025, 6, 3))
    services.close_case(actor=world.user1, case=case, closed_on=D(2025, 6, 3))

    assert unreported.value.code == "on_spot_not_reported"
    assert "第52条第3款" in unreported.value.basis
    case.refresh_from_db()
    assert case.state == "closed"


def test_an_ineligible_officer_cannot_decide_on_the_spot(world):
    world.officer1.valid_until = D(2025, 6, 1)
    world.officer1.save()

    with pytest.raises(StepRefusedError) as caught:
        on_the_spot(world)

    assert caught.value.code == "officer_certificate_lapsed"
    assert PenaltyCase.objects.count() == 0


def test_another_organizations_case_is_invisible_and_unchangeable(world):
    case = on_the_spot(world)

    with pytest.raises(NotFoundError):
        selectors.get_case(user=world.stranger, case_id=case.pk)
    with pytest.raises(PermissionDeniedError):
        services.report_on_the_spot(
            actor=world.stranger, case=case, reported_on=D(2025, 6, 3)
        )
    with pytest.raises(NotFoundError):
        selectors.list_case_timeline(user=world.stranger, case=case)

    case.refresh_from_db()
    assert case.reported_on is None
    assert list(selectors.list_cases(user=world.stranger)) == []


def test_a_supervisor_sees_the_subtree_but_changes_nothing_below(world):
    case = on_the_spot(world)

    seen = selectors.get_case(user=world.supervisor, case_id=case.pk)
    with pytest.raises(PermissionDeniedError):
        services.report_on_the_spot(
            actor=world.supervisor, case=case, reported_on=D(2025, 6, 3)
        )

    assert seen == case
    assert [c.pk for c in selectors.list_cases(user=world.supervisor)] == [case.pk]
