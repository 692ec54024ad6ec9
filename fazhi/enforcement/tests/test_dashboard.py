"""Supervision dashboard: running clocks of one organization, panels from rollups."""

import pytest

from fazhi.enforcement import dashboard
from fazhi.enforcement.models import EnforcementSubject
from fazhi.enforcement.services import import_cases

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def record(subject, number, **changes):
    return {
        "subject_id": subject.pk,
        "number": number,
        "summary": "无证经营",
        "party_kind": "legal_person",
        "party_name": "某某有限公司",
        "received_on": "2025-01-02",
        **changes,
    }


def decided(subject, number, decided_on, **changes):
    return record(
        subject,
        number,
        filed_on="2025-01-06",
        decided_on=decided_on,
        decision_number=f"罚{number}",
        outcome="penalty",
        kinds=["fine"],
        fine_fen=100_000,
        **changes,
    )


@pytest.fixture
def cases(world):
    """In A: a decision overdue, a service due in 2 days, a payment overdue,
    a closed case, a clue; in K2 (another county): one decision overdue."""
    other = EnforcementSubject.objects.create(
        organization=world.tree["K2"],
        kind=EnforcementSubject.Kind.STATUTORY,
        legal_basis="《行政处罚法》第17条",
    )
    mine = import_cases(
        actor=world.user1,
        records=[
            record(world.subject, "T-1", filed_on="2025-01-06"),
            decided(world.subject, "T-2", "2025-05-26"),  # served by 7 working days
            decided(
                world.subject,
                "T-3",
                "2025-03-03",
                served_on="2025-03-04",
            ),
            decided(
                world.subject,
                "T-4",
                "2025-03-03",
                served_on="2025-03-04",
                paid_on="2025-03-10",
                closed_on="2025-03-20",
            ),
            record(world.subject, "T-5"),
        ],
    )
    theirs = import_cases(
        actor=world.stranger,
        records=[record(other, "X-1", filed_on="2025-01-06")],
    )
    assert mine.rejected == []
    assert theirs.rejected == []
    return other


def numbers(queryset):
    return sorted(c["number"] for c in queryset)


def test_overdue_and_due_soon_of_one_organization(world, cases):
    overdue = dashboard.list_overdue(user=world.user1, today=TODAY)
    soon = dashboard.list_due_soon(user=world.user1, today=TODAY)

    assert numbers(overdue) == ["T-1", "T-3"]
    assert numbers(soon) == ["T-2"]
    assert all(c["due_on"] < TODAY for c in overdue)
    assert dashboard.clock_counts(user=world.user1, today=TODAY) == {
        "overdue": 2,
        "due_soon": 1,
    }


def test_a_supervisor_sees_below_and_picks_one_organization(world, cases):
    everything = dashboard.list_overdue(user=world.supervisor, today=TODAY)
    one = dashboard.list_overdue(
        user=world.supervisor,
        today=TODAY,
        organization_id=world.tree["A"].pk,
    )

    assert numbers(one) == ["T-1", "T-3"]
    assert "X-1" not in numbers(everything)  # another county: not below them


def test_nobody_sees_another_organizations_clocks(world, cases):
    mine = dashboard.list_overdue(user=world.stranger, today=TODAY)
    asked_for_a = dashboard.list_overdue(
        user=world.stranger, today=TODAY, organization_id=world.tree["A"].pk
    )

    assert numbers(mine) == ["X-1"]
    assert numbers(asked_for_a) == []


def test_the_summary_panel_adds_up_the_rollups_in_scope(world, cases):
    panel = dashboard.summary(user=world.user1, today=TODAY)
    stranger = dashboard.summary(user=world.stranger, today=TODAY)

    assert panel.cases == 5
    assert {s.state: s.cases for s in panel.by_state} == {
        "clue": 1,
        "filed": 1,
        "decided": 1,
        "served": 1,
        "closed": 1,
    }
    assert panel.open_cases == 4
    assert (panel.overdue, panel.due_soon) == (2, 1)
    assert panel.fine_fen == 300_000
    assert panel.organizations == 1
    assert panel.refreshed_at is not None
    assert (stranger.cases, stranger.overdue) == (1, 1)


def test_the_organizations_panel_puts_the_most_overdue_first(world, cases):
    rows = dashboard.by_organization(user=world.user1, today=TODAY)

    assert [(r.name, r.cases, r.overdue, r.due_soon) for r in rows] == [
        (world.tree["A"].name, 5, 2, 1)
    ]
    assert rows[0].open_cases == 4


def test_the_panels_over_the_api(client, world, cases):
    client.force_login(world.user1)

    summary = client.get("/api/v1/enforcement/dashboard/summary")
    organizations = client.get("/api/v1/enforcement/dashboard/organizations")
    overdue = client.get("/api/v1/enforcement/dashboard/overdue")
    soon = client.get(
        "/api/v1/enforcement/dashboard/due-soon",
        {"organization_id": world.tree["A"].pk},
    )

    assert summary.status_code == 200
    assert summary.json()["overdue"] == 2
    assert organizations.json()["items"][0]["organization_id"] == world.tree["A"].pk
    assert [c["number"] for c in overdue.json()["items"]] == ["T-3", "T-1"]
    assert [c["number"] for c in soon.json()["items"]] == ["T-2"]


def test_the_import_endpoint_reports_each_rejected_record(client, world):
    client.force_login(world.user1)

    response = client.post(
        "/api/v1/enforcement/imports/cases",
        {
            "records": [
                record(world.subject, "API-1"),
                record(world.subject, "API-2", party_name=" "),
            ]
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["created"] == 1
    assert response.json()["rejected"][0]["line"] == 2
    assert response.json()["rejected"][0]["code"] == "party_name_required"


def test_past_clocks_are_kept_as_one_rollup_row_per_organization(world, cases):
    from fazhi.enforcement.models import CaseDueRollup

    past = list(
        CaseDueRollup.objects.filter(
            organization=world.tree["A"], due_on__lt=TODAY
        ).values_list("cases", flat=True)
    )

    assert past == [2]  # T-1's decision and T-3's payment, overdue on different days


def by_organization_through_the_orm(user, today):
    """The panel as two grouped ORM queries: the reference for the one statement."""
    from django.db.models import Q, Sum

    from fazhi.enforcement.workflows import PENALTY

    final = sorted(PENALTY.final)
    rows = {
        organization_id: dashboard.OrganizationRow(
            organization_id,
            name,
            cases=cases or 0,
            open_cases=open_cases or 0,
            outside_benchmark=outside or 0,
            fine_fen=fine or 0,
        )
        for organization_id, name, cases, open_cases, outside, fine in (
            dashboard._count_rollups(user, None)
            .values("organization_id", "organization__name")
            .annotate(
                n=Sum("cases"),
                open_cases=Sum("cases", filter=~Q(state__in=final)),
                outside=Sum("outside_benchmark"),
                fine=Sum("fine_fen"),
            )
            .values_list(
                "organization_id",
                "organization__name",
                "n",
                "open_cases",
                "outside",
                "fine",
            )
        )
    }
    sums = dashboard._due_sums(today)
    for organization_id, overdue, due_soon in (
        dashboard._due_rollups(user, today, None)
        .values("organization_id")
        .annotate(overdue=sums["overdue"], due_soon=sums["due_soon"])
        .values_list("organization_id", "overdue", "due_soon")
    ):
        if organization_id in rows:
            rows[organization_id].overdue = overdue or 0
            rows[organization_id].due_soon = due_soon or 0
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.due_soon, r.name))


def test_the_organizations_panel_equals_the_orm_for_every_reach(world, cases):
    from fazhi.core.models import Membership, Role
    from fazhi.core.tests.factories import UserFactory

    # a second organization below the supervisor, with a case overdue
    second = EnforcementSubject.objects.create(
        organization=world.tree["B"],
        kind=EnforcementSubject.Kind.STATUTORY,
        legal_basis="《行政处罚法》第17条",
    )
    importer = UserFactory()
    Membership.objects.create(
        user=importer, organization=world.tree["B"], role=Role.STAFF
    )
    assert (
        import_cases(
            actor=importer,
            records=[
                record(second, "B-1", filed_on="2025-01-06"),
                record(second, "B-2", filed_on="2025-01-06"),
                decided(second, "B-3", "2025-03-03", served_on="2025-03-04"),
            ],
        ).rejected
        == []
    )
    nobody = UserFactory()

    for user in (world.user1, world.supervisor, world.stranger, nobody):
        assert dashboard.by_organization(
            user=user, today=TODAY
        ) == by_organization_through_the_orm(user, TODAY)

    rows = dashboard.by_organization(user=world.supervisor, today=TODAY)
    assert [(r.name, r.overdue) for r in rows][:2] == [
        (world.tree["B"].name, 3),
        (world.tree["A"].name, 2),
    ]
    assert dashboard.by_organization(user=nobody, today=TODAY) == []
