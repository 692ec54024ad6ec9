import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.models import Membership, Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_organizations_page_by_page(client):
    tree = org_tree()

    page = client.get("/api/v1/organizations", {"page_size": 5})
    detail = client.get(f"/api/v1/organizations/{tree['A'].pk}")

    assert page.status_code == 200
    assert page.json()["count"] == len(tree)
    assert len(page.json()["items"]) == 5
    assert detail.json()["division"]["code"] == "130123"
    assert detail.json()["kind_label"]


def test_an_unknown_organization_is_a_problem_404(client):
    response = client.get("/api/v1/organizations/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "organization_not_found"


def test_me_lists_the_callers_memberships(client):
    tree = org_tree()
    membership = MembershipFactory(organization=tree["A"], role=Role.STAFF)
    client.force_login(membership.user)

    response = client.get("/api/v1/me")

    assert response.json()["memberships"][0]["organization_name"] == tree["A"].name
    assert response.json()["otp_verified"] is False


def test_an_account_detail_shows_only_the_memberships_in_the_callers_scope(client):
    tree = org_tree()
    admin = MembershipFactory(organization=tree["A"], role=Role.ORG_ADMIN).user
    member = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    MembershipFactory(user=member, organization=tree["K2"], role=Role.STAFF)
    client.force_login(admin)

    response = client.get(f"/api/v1/accounts/{member.pk}")

    assert [m["organization_id"] for m in response.json()["memberships"]] == [
        tree["A"].pk
    ]


def test_a_system_admin_grants_and_revokes_a_membership(client):
    tree = org_tree()
    sysadmin = MembershipFactory(organization=tree["C"], role=Role.SYSTEM_ADMIN).user
    member = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    client.force_login(sysadmin)

    granted = client.post(
        "/api/v1/memberships",
        {
            "account_id": member.pk,
            "organization_id": tree["B"].pk,
            "role": "legal_reviewer",
        },
        content_type="application/json",
    )
    revoked = client.delete(f"/api/v1/memberships/{granted.json()['id']}")

    assert granted.status_code == 201
    assert revoked.status_code == 204
    assert list(
        Membership.objects.filter(user=member).values_list("organization", flat=True)
    ) == [tree["A"].pk]
    assert AuditEntry.objects.filter(action__startswith="membership.").count() == 2


def test_a_weak_password_is_a_problem_and_creates_nothing(client):
    tree = org_tree()
    admin = MembershipFactory(organization=tree["A"], role=Role.ORG_ADMIN).user
    client.force_login(admin)

    response = client.post(
        "/api/v1/accounts",
        {
            "username": "weak",
            "password": "123",
            "organization_id": tree["A"].pk,
            "role": "staff",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "password_invalid"
    assert not AuditEntry.objects.exists()


def test_a_member_of_the_public_is_refused_the_staff_endpoints(client):
    client.force_login(UserFactory())

    assert client.get("/api/v1/me").status_code == 403
