import pytest

from fazhi.core import scope, services
from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import ConflictError, DomainError, PermissionDeniedError
from fazhi.core.models import Division, Membership, Organization, Role, User
from fazhi.core.tests.factories import (
    DivisionFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    org_tree,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a sound passphrase 2026"


def seat(role, organization):
    return MembershipFactory(organization=organization, role=role).user


def test_creating_a_division_below_its_parent_is_recorded():
    hebei = services.create_division(
        actor=None, code="130000", name="河北省", level="province"
    )

    city = services.create_division(
        actor=None, code="130100", name="石家庄市", level="city", parent=hebei
    )

    assert city.parent == hebei
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "division.create",
        "division.create",
    ]


@pytest.mark.parametrize(
    ("code", "level", "error_code"),
    [
        ("13010", "city", "division_code_invalid"),
        ("140100", "city", "division_code_outside_parent"),
        ("130000", "province", "division_level_order"),
        ("130100", "hamlet", "division_level_unknown"),
    ],
)
def test_a_division_that_does_not_fit_its_parent_is_refused(code, level, error_code):
    hebei = DivisionFactory(code="130000", level=Division.Level.PROVINCE)

    with pytest.raises(DomainError) as caught:
        services.create_division(
            actor=None, code=code, name="x", level=level, parent=hebei
        )

    assert caught.value.code == error_code
    assert Division.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_duplicate_division_code_is_a_conflict():
    DivisionFactory(code="130000", level=Division.Level.PROVINCE)

    with pytest.raises(ConflictError):
        services.create_division(
            actor=None, code="130000", name="河北省", level="province"
        )

    assert Division.objects.count() == 1


def test_only_a_system_admin_maintains_divisions():
    tree = org_tree()
    staff = seat(Role.STAFF, tree["A"])
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])

    with pytest.raises(PermissionDeniedError):
        services.create_division(actor=staff, code="130124", name="x", level="county")
    division = services.create_division(
        actor=sysadmin, code="130124", name="高邑县", level="county"
    )

    assert division.code == "130124"


def test_a_system_admin_creates_an_organization_below_their_seat():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])

    squad = services.create_organization(
        actor=sysadmin,
        name="正定县综合行政执法局城区中队",
        kind=Organization.Kind.ENFORCEMENT_AGENCY,
        division=tree["B"].division,
        parent=tree["B"],
        credit_code="11130123mb0000000x",
    )

    assert squad.path == f"{tree['B'].path}{squad.pk}/"
    assert squad.region_code == "130123"
    assert squad.credit_code == "11130123MB0000000X"
    entry = AuditEntry.objects.get(action="organization.create")
    assert entry.actor == sysadmin
    assert entry.organization == squad


@pytest.mark.parametrize(
    ("kwargs", "error_code"),
    [
        ({"kind": "ministry"}, "organization_kind_unknown"),
        ({"name": "  "}, "organization_name_missing"),
        ({"credit_code": "123"}, "credit_code_invalid"),
        ({"division": "other"}, "division_outside_parent"),
    ],
)
def test_an_organization_with_bad_input_is_refused(kwargs, error_code):
    tree = org_tree()
    values = {
        "name": "新单位",
        "kind": Organization.Kind.DEPARTMENT,
        "division": tree["K"].division,
    }
    values.update(kwargs)
    if values["division"] == "other":
        values["division"] = tree["K2"].division
    before = Organization.objects.count()

    with pytest.raises(DomainError) as caught:
        services.create_organization(actor=None, parent=tree["K"], **values)

    assert caught.value.code == error_code
    assert Organization.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_an_administrator_cannot_create_a_top_level_organization_or_one_outside_their_seat():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])
    before = Organization.objects.count()

    with pytest.raises(PermissionDeniedError):
        services.create_organization(
            actor=sysadmin, name="x", kind="government", division=tree["P"].division
        )
    with pytest.raises(PermissionDeniedError):
        services.create_organization(
            actor=sysadmin,
            name="x",
            kind="department",
            division=tree["K2"].division,
            parent=tree["K2"],
        )

    assert Organization.objects.count() == before


def test_moving_an_organization_rewrites_the_paths_of_its_whole_subtree():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])
    deeper = OrganizationFactory(parent=tree["A_sub"], division=tree["K"].division)

    services.move_organization(
        actor=sysadmin, organization=tree["A"], new_parent=tree["B"]
    )

    for organization in (tree["A"], tree["A_sub"], deeper):
        organization.refresh_from_db()
    assert tree["A"].parent == tree["B"]
    assert tree["A"].path == f"{tree['B'].path}{tree['A'].pk}/"
    assert tree["A_sub"].path == f"{tree['A'].path}{tree['A_sub'].pk}/"
    assert deeper.path == f"{tree['A_sub'].path}{deeper.pk}/"
    assert (
        AuditEntry.objects.get(action="organization.move")
        .before["path"]
        .endswith(f"/{tree['K'].pk}/{tree['A'].pk}/")
    )


def test_moving_an_organization_under_its_own_subordinate_is_refused():
    tree = org_tree()
    paths = dict(Organization.objects.values_list("pk", "path"))

    with pytest.raises(DomainError) as caught:
        services.move_organization(
            actor=None, organization=tree["K"], new_parent=tree["A_sub"]
        )

    assert caught.value.code == "organization_cycle"
    assert dict(Organization.objects.values_list("pk", "path")) == paths
    assert not AuditEntry.objects.exists()


def test_moving_an_organization_into_another_region_is_refused():
    tree = org_tree()

    with pytest.raises(DomainError) as caught:
        services.move_organization(
            actor=None, organization=tree["A"], new_parent=tree["K2"]
        )

    assert caught.value.code == "division_outside_parent"


def test_an_organization_with_active_subordinates_cannot_be_deactivated():
    tree = org_tree()

    with pytest.raises(DomainError) as caught:
        services.deactivate_organization(actor=None, organization=tree["A"])

    assert caught.value.code == "organization_has_active_children"
    tree["A"].refresh_from_db()
    assert tree["A"].is_active


def test_deactivating_an_organization_ends_the_reach_of_its_memberships():
    tree = org_tree()
    staff = seat(Role.STAFF, tree["A_sub"])
    assert scope.can(staff, tree["A_sub"])

    services.deactivate_organization(
        actor=None, organization=tree["A_sub"], reason="撤并"
    )
    services.deactivate_organization(actor=None, organization=tree["A_sub"])

    staff = User.objects.get(pk=staff.pk)
    assert not scope.can(staff, tree["A_sub"])
    assert AuditEntry.objects.filter(action="organization.deactivate").count() == 1


def test_an_org_admin_creates_a_staff_account_in_their_organization():
    tree = org_tree()
    admin = seat(Role.ORG_ADMIN, tree["A"])

    user = services.create_account(
        actor=admin,
        username="li.si",
        password=PASSWORD,
        display_name="李四",
        organization=tree["A"],
        role=Role.ENFORCEMENT_OFFICER,
    )

    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).role == Role.ENFORCEMENT_OFFICER
    assert [e.action for e in AuditEntry.objects.order_by("seq")] == [
        "account.create",
        "membership.grant",
    ]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ORG_ADMIN, Role.SYSTEM_ADMIN])
def test_an_org_admin_cannot_hand_out_roles_above_their_own_work(role):
    tree = org_tree()
    admin = seat(Role.ORG_ADMIN, tree["A"])

    with pytest.raises(PermissionDeniedError) as caught:
        services.create_account(
            actor=admin,
            username="x1",
            password=PASSWORD,
            organization=tree["A"],
            role=role,
        )

    assert caught.value.code == "role_not_grantable_by_actor"
    assert not User.objects.filter(username="x1").exists()


@pytest.mark.parametrize(
    ("username", "password", "error_code"),
    [
        ("bad name!", PASSWORD, "username_invalid"),
        ("taken", PASSWORD, "username_taken"),
        ("fresh", "short", "password_invalid"),
        ("fresh", "12345678901", "password_invalid"),
    ],
)
def test_an_account_with_bad_input_is_refused(username, password, error_code):
    UserFactory(username="TAKEN")
    before = User.objects.count()

    with pytest.raises(DomainError) as caught:
        services.create_account(actor=None, username=username, password=password)

    assert caught.value.code == error_code
    assert caught.value.zh
    assert caught.value.en
    assert User.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_an_administrator_must_give_a_new_account_its_organization():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])

    with pytest.raises(DomainError) as caught:
        services.create_account(actor=sysadmin, username="bare", password=PASSWORD)

    assert caught.value.code == "account_needs_membership"


def test_nobody_holds_system_admin_and_audit_admin_at_once():
    tree = org_tree()
    user = seat(Role.SYSTEM_ADMIN, tree["C"])

    with pytest.raises(ConflictError) as caught:
        services.grant_membership(
            actor=None, user=user, organization=tree["C"], role=Role.AUDIT_ADMIN
        )

    assert caught.value.code == "role_separation"
    assert Membership.objects.filter(user=user).count() == 1


def test_an_administrator_account_holds_no_business_role():
    tree = org_tree()
    auditor = seat(Role.AUDIT_ADMIN, tree["C"])
    staff = seat(Role.STAFF, tree["A"])

    with pytest.raises(ConflictError):
        services.grant_membership(
            actor=None, user=auditor, organization=tree["A"], role=Role.STAFF
        )
    with pytest.raises(ConflictError):
        services.grant_membership(
            actor=None, user=staff, organization=tree["C"], role=Role.SYSTEM_ADMIN
        )

    assert Membership.objects.count() == 2


def test_the_same_role_in_the_same_organization_is_granted_once():
    tree = org_tree()
    staff = seat(Role.STAFF, tree["A"])

    with pytest.raises(ConflictError) as caught:
        services.grant_membership(
            actor=None, user=staff, organization=tree["A"], role="staff"
        )

    assert caught.value.code == "membership_exists"


@pytest.mark.parametrize("role", ["public", "emperor"])
def test_the_public_role_and_unknown_roles_are_not_granted(role):
    tree = org_tree()
    user = UserFactory()

    with pytest.raises(DomainError) as caught:
        services.grant_membership(
            actor=None, user=user, organization=tree["A"], role=role
        )

    assert caught.value.code == "role_not_grantable"
    assert not Membership.objects.exists()


def test_nobody_grants_a_role_in_an_inactive_organization():
    tree = org_tree()
    services.deactivate_organization(actor=None, organization=tree["A_sub"])

    with pytest.raises(DomainError) as caught:
        services.grant_membership(
            actor=None, user=UserFactory(), organization=tree["A_sub"], role="staff"
        )

    assert caught.value.code == "organization_inactive"


def test_nobody_grants_or_revokes_their_own_role():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])
    own = Membership.objects.get(user=sysadmin)

    with pytest.raises(PermissionDeniedError):
        services.grant_membership(
            actor=sysadmin,
            user=sysadmin,
            organization=tree["K"],
            role=Role.SYSTEM_ADMIN,
        )
    with pytest.raises(PermissionDeniedError):
        services.revoke_membership(actor=sysadmin, membership=own)

    assert Membership.objects.filter(user=sysadmin).count() == 1


def test_the_audit_admin_is_refused_every_change_whatever_the_policy_says():
    tree = org_tree()
    auditor = seat(Role.AUDIT_ADMIN, tree["C"])
    member = MembershipFactory(organization=tree["A"])

    with pytest.raises(PermissionDeniedError) as caught:
        services.revoke_membership(actor=auditor, membership=member)
    with pytest.raises(PermissionDeniedError):
        services.unlock_account(actor=auditor, user=member.user)
    with pytest.raises(PermissionDeniedError):
        services.move_organization(
            actor=auditor, organization=tree["A"], new_parent=tree["B"]
        )

    assert caught.value.code == "audit_admin_read_only"
    assert Membership.objects.filter(pk=member.pk).exists()


def test_revoking_a_membership_is_recorded_and_ends_its_reach():
    tree = org_tree()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])
    member = MembershipFactory(organization=tree["A"], role=Role.STAFF)
    assert scope.can(member.user, tree["A"])

    services.revoke_membership(actor=sysadmin, membership=member, reason="调离")

    assert not Membership.objects.filter(pk=member.pk).exists()
    entry = AuditEntry.objects.get(action="membership.revoke")
    assert entry.before["role"] == "staff"
    assert entry.reason == "调离"


def test_an_account_holder_sets_their_own_password_and_an_outsider_cannot():
    tree = org_tree()
    staff = seat(Role.STAFF, tree["A"])
    other_admin = seat(Role.ORG_ADMIN, tree["B"])

    services.set_password(actor=staff, user=staff, password="another sound passphrase")
    with pytest.raises(PermissionDeniedError):
        services.set_password(
            actor=other_admin, user=staff, password="yet another one 99"
        )

    staff.refresh_from_db()
    assert staff.check_password("another sound passphrase")


def test_an_account_without_any_organization_is_managed_by_nobody_but_the_operator():
    tree = org_tree()
    citizen = UserFactory()
    sysadmin = seat(Role.SYSTEM_ADMIN, tree["C"])

    with pytest.raises(PermissionDeniedError):
        services.unlock_account(actor=sysadmin, user=citizen)
    services.unlock_account(actor=None, user=citizen)

    assert AuditEntry.objects.filter(action="account.unlock").count() == 1
