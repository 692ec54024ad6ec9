"""Who sees what: the one scoping mechanism every selector applies.

A user reaches organizations through memberships. What a role reaches depends on
the kind of object, so each kind of object names a :class:`Policy` (role → how
far it reaches for viewing and for changing). Reach is one of: nothing, the
member's own organization, the organization and every organization below it,
or everything.

Sibling organizations and other regions are never reached by ``OWN`` or
``SUBTREE``; the authorization-matrix tests hold that to zero leaks.

三员分立 (GB/T 22239-2019 §8.1.5): the system administrator reaches accounts but
no business data and no audit record; the audit administrator reads the audit
record and changes nothing — :func:`require` refuses every change whose actor
holds the audit-administrator role, whatever the policy says. Django's
``is_superuser`` flag grants nothing here. See ADR 0040 and 0041.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from fazhi.core.errors import PermissionDeniedError
from fazhi.core.models import Membership, Organization, Role, User

Action = Literal["view", "change"]
M = TypeVar("M", bound=Model)

#: ``field_name`` value meaning "the queryset holds the organizations themselves".
SELF = ""


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
# administer. Supervisors see who works below them. Nobody else.
ACCOUNTS = Policy(
    "accounts",
    {
        Role.ORG_ADMIN: Grant(Reach.OWN, Reach.OWN),
        Role.SYSTEM_ADMIN: Grant(Reach.SUBTREE, Reach.SUBTREE),
        Role.SUPERVISOR: Grant(Reach.SUBTREE, Reach.NONE),
    },
)

# The structure itself (creating, moving, closing organizations) is
# configuration: only the system administrator changes it, below their seat.
STRUCTURE = Policy(
    "structure",
    {
        Role.SYSTEM_ADMIN: Grant(Reach.SUBTREE, Reach.SUBTREE),
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

POLICIES: tuple[Policy, ...] = (BUSINESS, ACCOUNTS, STRUCTURE, AUDIT)


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
        """A filter for this coverage.

        ``field_name`` names a foreign key to Organization; :data:`SELF` (the
        empty string) filters a queryset of organizations themselves.
        """
        if self.everything:
            return Q()
        if self.nothing:
            return Q(pk__in=[])
        id_lookup = "pk__in" if field_name == SELF else f"{field_name}_id__in"
        path_lookup = (
            "path__startswith"
            if field_name == SELF
            else f"{field_name}__path__startswith"
        )
        condition = Q()
        if self.own_ids:
            condition |= Q(**{id_lookup: sorted(self.own_ids)})
        for path in sorted(self.subtree_paths):
            condition |= Q(**{path_lookup: path})
        return condition

    def covers(self, organization: Organization) -> bool:
        if self.everything or organization.pk in self.own_ids:
            return True
        return any(organization.path.startswith(p) for p in self.subtree_paths)


def _outermost(paths: set[str]) -> frozenset[str]:
    """Drop paths already inside another path of the set (one LIKE per subtree)."""
    return frozenset(
        p for p in paths if not any(p != q and p.startswith(q) for q in paths)
    )


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
        user._fazhi_memberships = cached  # type: ignore[attr-defined]
    return cached


def forget_memberships(user: User | AnonymousUser) -> None:
    """Drop the cached memberships after a grant or revocation."""
    if hasattr(user, "_fazhi_memberships"):
        del user._fazhi_memberships


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
    return Coverage(False, frozenset(own), _outermost(paths))


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
    if action == "change" and is_audit_admin(user):
        return queryset.none()
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
    if action == "change" and is_audit_admin(user):
        return False
    return coverage(user, policy=policy, action=action, roles=roles).covers(
        organization
    )


def require(
    user: User | AnonymousUser,
    organization: Organization,
    *,
    policy: Policy = BUSINESS,
    action: Action = "change",
    roles: Iterable[str] | None = None,
) -> None:
    """Raise PermissionDeniedError unless ``user`` reaches ``organization``.

    Every service that changes data calls this first. An account holding the
    audit-administrator role is refused any change (三员分立), whatever else it holds.
    """
    if action == "change":
        require_may_change(user)
    if not can(user, organization, policy=policy, action=action, roles=roles):
        verb_zh, verb_en = ("查看", "view") if action == "view" else ("修改", "change")
        raise PermissionDeniedError(
            f"您无权{verb_zh}“{organization.name}”的此类数据。",
            f"You may not {verb_en} this kind of data of {organization.name}.",
            code="out_of_scope",
        )


def require_may_change(user: User | AnonymousUser) -> None:
    """Refuse any change by an account holding the audit-administrator role (三员分立)."""
    if is_audit_admin(user):
        raise PermissionDeniedError(
            "审计管理员只能查阅全过程记录，不能修改任何数据。",
            "The audit administrator reads the audit record and cannot change any data.",
            code="audit_admin_read_only",
        )


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether the user holds any of ``roles`` in any active organization."""
    return any(m.role in roles for m in memberships_of(user))


def is_audit_admin(user: User | AnonymousUser) -> bool:
    """Whether the user holds the audit-administrator role anywhere."""
    return has_role(user, Role.AUDIT_ADMIN)


#: Every role except 社会公众: the holders work for an organization.
STAFF_ROLES: tuple[str, ...] = tuple(r.value for r in Role if r != Role.PUBLIC)


def is_staff(user: User | AnonymousUser) -> bool:
    """Whether the user holds a staff role in an active organization."""
    return bool(user.is_active) and has_role(user, *STAFF_ROLES)
