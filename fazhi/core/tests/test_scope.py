import pytest

from fazhi.core import scope
from fazhi.core.errors import PermissionDeniedError
from fazhi.core.models import Organization, Role
from fazhi.core.scope import Coverage, Grant, Policy, Reach
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree

pytestmark = pytest.mark.django_db


def test_a_policy_that_reaches_everything_returns_every_row():
    tree = org_tree()
    everywhere = Policy("everywhere", {Role.STAFF: Grant(Reach.ALL, Reach.NONE)})
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user

    reach = scope.coverage(user, policy=everywhere)

    assert reach.everything
    assert scope.can(user, tree["K2"], policy=everywhere)
    assert scope.scope(
        Organization.objects.all(), user, policy=everywhere, field_name=scope.SELF
    ).count() == len(tree)


def test_nested_subtrees_collapse_into_the_outermost_one():
    tree = org_tree()
    user = MembershipFactory(organization=tree["K"], role=Role.SUPERVISOR).user
    MembershipFactory(user=user, organization=tree["A"], role=Role.SUPERVISOR)

    reach = scope.coverage(user)

    assert reach.subtree_paths == frozenset({tree["K"].path})


def test_a_coverage_filters_organizations_themselves_with_the_self_field():
    tree = org_tree()
    user = MembershipFactory(organization=tree["K"], role=Role.SUPERVISOR).user
    MembershipFactory(user=user, organization=tree["K2"], role=Role.STAFF)

    visible = scope.scope(Organization.objects.all(), user, field_name=scope.SELF)

    assert set(visible.values_list("pk", flat=True)) == {
        tree[k].pk for k in ("K", "K_dept", "A", "B", "A_sub", "K2")
    }


def test_roles_narrow_which_memberships_count():
    tree = org_tree()
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    MembershipFactory(user=user, organization=tree["B"], role=Role.ENFORCEMENT_OFFICER)

    reach = scope.coverage(user, roles=[Role.ENFORCEMENT_OFFICER])

    assert reach.own_ids == frozenset({tree["B"].pk})


def test_an_empty_coverage_matches_no_row():
    tree = org_tree()

    assert Coverage(False, frozenset(), frozenset()).nothing
    assert not scope.scope(
        Organization.objects.all(), UserFactory(), field_name=scope.SELF
    ).exists()
    assert not scope.can(UserFactory(), tree["A"])


def test_an_inactive_account_reaches_nothing():
    tree = org_tree()
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    user.is_active = False

    assert scope.memberships_of(user) == []


def test_memberships_are_read_once_and_forgotten_on_request():
    tree = org_tree()
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user
    scope.memberships_of(user)
    MembershipFactory(user=user, organization=tree["B"], role=Role.STAFF)

    before = scope.coverage(user).own_ids
    scope.forget_memberships(user)
    scope.forget_memberships(user)
    after = scope.coverage(user).own_ids

    assert before == frozenset({tree["A"].pk})
    assert after == frozenset({tree["A"].pk, tree["B"].pk})


def test_require_names_the_organization_and_the_action_when_it_refuses():
    tree = org_tree()
    user = MembershipFactory(organization=tree["A"], role=Role.STAFF).user

    scope.require(user, tree["A"], action="view")
    with pytest.raises(PermissionDeniedError) as caught:
        scope.require(user, tree["B"], action="view")

    assert caught.value.code == "out_of_scope"
    assert tree["B"].name in caught.value.zh
    assert "view" in caught.value.en


def test_an_audit_admin_changes_nothing_through_scope_can_or_require():
    tree = org_tree()
    auditor = MembershipFactory(organization=tree["C"], role=Role.AUDIT_ADMIN).user
    anything = Policy("anything", {Role.AUDIT_ADMIN: Grant(Reach.ALL, Reach.ALL)})

    changeable = scope.scope(
        Organization.objects.all(),
        auditor,
        policy=anything,
        action="change",
        field_name=scope.SELF,
    )

    assert not changeable.exists()
    assert not scope.can(auditor, tree["A"], policy=anything, action="change")
    assert scope.can(auditor, tree["A"], policy=anything, action="view")
    with pytest.raises(PermissionDeniedError) as caught:
        scope.require(auditor, tree["A"], policy=anything)
    assert caught.value.code == "audit_admin_read_only"
