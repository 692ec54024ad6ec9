"""Who sees what: the one scoping mechanism every selector applies.

A user reaches organizations through memberships. What a role reaches depends on
the kind of object, so each kind of object names a :class:`Policy` (role → how
far it reaches for viewing and for changing). Reach is one of: nothing, the
member's own organization, the organization and every organization below it,
or everything.

Sibling organizations and other regions are never reached by ``OWN`` or
``SUBTREE``; the authorization-matrix tests hold that to zero leaks.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from fazhi.core.models import Membership, Organization, Role, User

Action = Literal["view", "change"]
M = TypeVar("M", bound=Model)


class Reach(enum.IntEnum):
    NONE = 0
    OWN = 1
    SUBTREE = 2
    ALL = 3


@dataclass(frozen=True, slots=True)
class Grant:
    view: Reach = Reach.NONE
    change: Reach = Reach.NONE

    def reach(self, action: Action) -> Reach:
        return self.view if action == "view" else self.change


@dataclass(frozen=True, slots=True)
class Policy:
    """How far each role reaches for one kind of object; roles not named reach nothing."""

    name: str
    grants: Mapping[str, Grant] = field(default_factory=dict)

    def grant(self, role: str) -> Grant:
        return self.grants.get(role, Grant())


# Case files, documents, decisions: the work of an organization. Officers and
# reviewers work on their own organization's; supervisors see below them.
# The system and audit administrators see none of it (三员分立).
BUSINESS = Policy(
    "business",
    {
        Role.STAFF: Grant(Reach.OWN, Reach.OWN),
        Role.LEGAL_REVIEWER: Grant(Reach.OWN, Reach.OWN),
        Role.ENFORCEMENT_OFFICER: Grant(Reach.OWN, Reach.OWN),
        Role.SUPERVISOR: Grant(Reach.SUBTREE, Reach.OWN),
        Role.ORG_ADMIN: Grant(Reach.OWN, Reach.NONE),
    },
)

# Accounts and memberships: the organization admin manages their own
# organization's; the system admin manages the accounts of the tree they
# administer. Nobody else changes accounts.
ACCOUNTS = Policy(
    "accounts",
    {
        Role.ORG_ADMIN: Grant(Reach.OWN, Reach.OWN),
        Role.SYSTEM_ADMIN: Grant(Reach.SUBTREE, Reach.SUBTREE),
        Role.SUPERVISOR: Grant(Reach.SUBTREE, Reach.NONE),
    },
)

# The full-process record: read by the audit administrator (and supervisors for
# the organizations below them); changed by nobody, ever.
AUDIT = Policy(
    "audit",
    {
        Role.AUDIT_ADMIN: Grant(Reach.SUBTREE, Reach.NONE),
        Role.SUPERVISOR: Grant(Reach.SUBTREE, Reach.NONE),
    },
)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The organizations a user reaches for one policy and action."""

    everything: bool
    own_ids: frozenset[int]
    subtree_paths: frozenset[str]

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.own_ids and not self.subtree_paths

    def q(self, field_name: str = "organization") -> Q:
        """A filter on ``field_name`` (a foreign key to Organization) for this coverage."""
        if self.everything:
            return Q()
        if self.nothing:
            return Q(pk__in=[])
        condition = Q(**{f"{field_name}_id__in": sorted(self.own_ids)})
        for path in sorted(self.subtree_paths):
            condition |= Q(**{f"{field_name}__path__startswith": path})
        return condition

    def covers(self, organization: Organization) -> bool:
        if self.everything or organization.pk in self.own_ids:
            return True
        return any(organization.path.startswith(p) for p in self.subtree_paths)


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships in active organizations, cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, "_fazhi_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, organization__is_active=True)
            .select_related("organization")
            .order_by("pk")
        )
        user._fazhi_memberships = cached  # type: ignore[union-attr]
    return cached


def coverage(
    user: User | AnonymousUser,
    *,
    policy: Policy = BUSINESS,
    action: Action = "view",
    roles: Iterable[str] | None = None,
) -> Coverage:
    """Return the organizations ``user`` reaches under ``policy`` for ``action``.

    ``roles`` narrows which memberships count (e.g. only enforcement officers may
    be assigned a case); by default every role the policy names counts.
    """
    wanted = None if roles is None else frozenset(roles)
    own: set[int] = set()
    paths: set[str] = set()
    for membership in memberships_of(user):
        if wanted is not None and membership.role not in wanted:
            continue
        reach = policy.grant(membership.role).reach(action)
        if reach is Reach.ALL:
            return Coverage(True, frozenset(), frozenset())
        if reach is Reach.SUBTREE:
            paths.add(membership.organization.path)
        elif reach is Reach.OWN:
            own.add(membership.organization_id)
    return Coverage(False, frozenset(own), frozenset(paths))


def scope(
    queryset: QuerySet[M],
    user: User | AnonymousUser,
    *,
    policy: Policy = BUSINESS,
    action: Action = "view",
    field_name: str = "organization",
    roles: Iterable[str] | None = None,
) -> QuerySet[M]:
    """Filter ``queryset`` to the rows whose organization ``user`` reaches."""
    reach = coverage(user, policy=policy, action=action, roles=roles)
    return queryset.filter(reach.q(field_name))


def can(
    user: User | AnonymousUser,
    organization: Organization,
    *,
    policy: Policy = BUSINESS,
    action: Action = "view",
    roles: Iterable[str] | None = None,
) -> bool:
    """Whether ``user`` reaches ``organization`` under ``policy`` for ``action``."""
    return coverage(user, policy=policy, action=action, roles=roles).covers(
        organization
    )


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether the user holds any of ``roles`` in any active organization."""
    return any(m.role in roles for m in memberships_of(user))
