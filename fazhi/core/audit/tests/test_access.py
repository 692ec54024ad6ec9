import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.selectors import count_entries, get_entry, list_entries
from fazhi.core.audit.services import record
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Role
from fazhi.core.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A root government, a department below it, a sibling root, and one entry each."""
    root = OrganizationFactory(name="市政府")
    below = OrganizationFactory(name="市司法局", parent=root)
    sibling = OrganizationFactory(name="邻市政府")
    with transaction.atomic():
        entries = {
            "root": record(actor=None, action="test.root", obj=root),
            "below": record(actor=None, action="test.below", obj=below),
            "sibling": record(actor=None, action="test.sibling", obj=sibling),
            "system": record(actor=None, action="test.system"),
        }
    return root, below, sibling, entries


def seen_by(user):
    return {e.action for e in list_entries(user=user)}


def test_the_root_audit_admin_reads_the_subtree_and_system_entries(tree):
    root, _, _, _ = tree
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN, organization=root).user

    assert seen_by(auditor) == {"test.root", "test.below", "test.system"}
    assert count_entries(user=auditor) == 3


def test_an_audit_admin_below_the_root_sees_no_system_entries(tree):
    _, below, _, _ = tree
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN, organization=below).user

    assert seen_by(auditor) == {"test.below"}


def test_a_supervisor_reads_below_their_seat(tree):
    root, _, _, _ = tree
    supervisor = MembershipFactory(role=Role.SUPERVISOR, organization=root).user

    assert seen_by(supervisor) == {"test.root", "test.below"}


@pytest.mark.parametrize(
    "role", [Role.SYSTEM_ADMIN, Role.STAFF, Role.ORG_ADMIN, Role.PUBLIC]
)
def test_other_roles_read_nothing(tree, role):
    root, _, _, entries = tree
    user = MembershipFactory(role=role, organization=root).user

    assert seen_by(user) == set()
    with pytest.raises(NotFoundError):
        get_entry(user=user, seq=entries["root"].seq)


def test_filters_narrow_the_list(tree):
    root, below, _, _ = tree
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN, organization=root).user

    found = list_entries(
        user=auditor, object_type="core.organization", object_id=str(below.pk)
    )

    assert [e.action for e in found] == ["test.below"]
    assert list_entries(user=auditor, action="test.root").count() == 1


def test_the_admin_is_read_only_even_for_a_superuser(tree):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[AuditEntry]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert list(model_admin.get_queryset(request)) == []


def test_the_api_lists_counts_and_shows_entries_in_scope(client, tree):
    root, below, _, entries = tree
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN, organization=root).user
    client.force_login(auditor)

    listing = client.get("/api/v1/audit/entries", {"page_size": 2}).json()
    count = client.get("/api/v1/audit/entries/count").json()
    one = client.get(f"/api/v1/audit/entries/{entries['below'].seq}").json()
    filtered = client.get(
        "/api/v1/audit/entries",
        {"object_id": str(below.pk), "object_type": "core.organization"},
    ).json()

    assert listing["count"] == 3
    assert [i["action"] for i in listing["items"]] == ["test.system", "test.below"]
    assert count == {"count": 3}
    assert one["hash"] == entries["below"].hash
    assert [i["action"] for i in filtered["items"]] == ["test.below"]


def test_the_api_answers_404_without_data_outside_scope(client, tree):
    _, below, _, entries = tree
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN, organization=below).user
    client.force_login(auditor)

    response = client.get(f"/api/v1/audit/entries/{entries['sibling'].seq}")

    assert response.status_code == 404
    assert entries["sibling"].hash not in response.content.decode()
    assert client.get("/api/v1/audit/entries/count").json() == {"count": 1}


def test_the_system_administrator_reads_nothing_through_the_api(client, tree):
    root, _, _, entries = tree
    admin_user = MembershipFactory(role=Role.SYSTEM_ADMIN, organization=root).user
    client.force_login(admin_user)

    listing = client.get("/api/v1/audit/entries").json()
    one = client.get(f"/api/v1/audit/entries/{entries['system'].seq}")

    assert listing["count"] == 0
    assert one.status_code == 404


def test_the_api_requires_authentication(client, tree):
    assert client.get("/api/v1/audit/entries").status_code == 401
