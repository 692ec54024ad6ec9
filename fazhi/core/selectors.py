"""Read-side queries of organizations, accounts and memberships.

Organizations are public reference data: which public bodies exist is visible to
everyone. Accounts and memberships are not: they are filtered by the ACCOUNTS
policy of :mod:`fazhi.core.scope`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import scope
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Membership, Organization, User

Viewer = User | AnonymousUser


def list_organizations(
    *, user: Viewer, include_inactive: bool = False
) -> QuerySet[Organization]:
    """All organizations, in tree order (public bodies are public)."""
    organizations = Organization.objects.select_related("division", "parent")
    if not include_inactive:
        organizations = organizations.filter(is_active=True)
    return organizations.order_by("path")


def get_organization(*, organization_id: int) -> Organization:
    """One organization by id, active or not."""
    try:
        return Organization.objects.select_related("division", "parent").get(
            pk=organization_id
        )
    except Organization.DoesNotExist:
        raise NotFoundError(
            "组织不存在。", "No such organization.", code="organization_not_found"
        ) from None


def list_memberships(
    *, user: Viewer, organization: Organization | None = None
) -> QuerySet[Membership]:
    """Memberships in the organizations ``user`` reaches under the ACCOUNTS policy."""
    memberships = scope.scope(
        Membership.objects.select_related("user", "organization"),
        user,
        policy=scope.ACCOUNTS,
    )
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    return memberships.order_by("organization__path", "user__username", "role")


def get_membership(*, user: Viewer, membership_id: int) -> Membership:
    """One membership ``user`` may see; out of scope is indistinguishable from absent."""
    try:
        return list_memberships(user=user).get(pk=membership_id)
    except Membership.DoesNotExist:
        raise NotFoundError(
            "任职记录不存在。", "No such membership.", code="membership_not_found"
        ) from None


def list_accounts(*, user: Viewer) -> QuerySet[User]:
    """Accounts holding a membership ``user`` may see, with those memberships only.

    A membership elsewhere (another region) is not shown, not even its existence.
    """
    visible = list_memberships(user=user)
    return (
        User.objects.filter(pk__in=visible.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=visible.order_by("organization__path", "role"),
                to_attr="visible_memberships",
            )
        )
        .order_by("username")
    )


def count_accounts(*, user: Viewer) -> int:
    """How many accounts ``user`` may see."""
    return User.objects.filter(
        pk__in=list_memberships(user=user).values("user_id")
    ).count()


def get_account(*, user: Viewer, account_id: int) -> User:
    """One account ``user`` may see; out of scope is indistinguishable from absent."""
    try:
        return list_accounts(user=user).get(pk=account_id)
    except User.DoesNotExist:
        raise NotFoundError(
            "账户不存在。", "No such account.", code="account_not_found"
        ) from None


def list_own_memberships(*, user: Viewer) -> list[Membership]:
    """The caller's own memberships in active organizations."""
    return scope.memberships_of(user)


def is_locked(user: User, *, now: dt.datetime | None = None) -> bool:
    """Whether the account is inside a log-in lock."""
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


def has_confirmed_totp(user: User) -> bool:
    """Whether log-in asks this account for a one-time code."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())
