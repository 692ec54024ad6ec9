"""Reading the full-process record, always through the caller's scope.

The audit administrator reads the record of the organizations below their seat,
and so do supervisors (policy ``AUDIT`` in :mod:`fazhi.core.scope`). Entries
with no organization (accounts, tokens, the calendar: acts of the system as a
whole) are read only by an audit administrator seated in a root organization.
Nobody changes the record: there is no service for it (ADR 0031).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import NotFoundError
from fazhi.core.models import Role, User
from fazhi.core.scope import AUDIT, memberships_of, scope


def _visible(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    visible = scope(entries, user, policy=AUDIT, field_name="organization")
    if any(
        m.role == Role.AUDIT_ADMIN and m.organization.parent_id is None
        for m in memberships_of(user)
    ):
        visible = visible | entries.filter(organization__isnull=True)
    return visible


def list_entries(
    *,
    user: User | AnonymousUser,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Entries ``user`` may read, newest first, optionally filtered.

    ``since`` is inclusive and ``until`` exclusive.
    """
    entries = _visible(user)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if action:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lt=until)
    return entries.select_related("organization").order_by("-seq")


def count_entries(
    *,
    user: User | AnonymousUser,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> int:
    return list_entries(
        user=user,
        object_type=object_type,
        object_id=object_id,
        action=action,
        since=since,
        until=until,
    ).count()


def get_entry(*, user: User | AnonymousUser, seq: int) -> AuditEntry:
    """One entry; an entry out of the user's scope does not exist for them."""
    entry = _visible(user).select_related("organization").filter(seq=seq).first()
    if entry is None:
        raise NotFoundError(
            f"没有序号为 {seq} 的记录，或您无权查阅。",
            f"There is no entry #{seq}, or you may not read it.",
            code="audit_entry_not_found",
        )
    return entry
