"""The one write path of the full-process record: :func:`record`.

Every service that performs a statutory act calls :func:`record` inside its own
transaction, so the entry commits or rolls back with the change (architecture
rule 5). Nothing else writes to the record, and nothing ever changes it.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.audit.chain import FIELDS, entry_hash
from fazhi.core.audit.models import AuditEntry, ChainHead
from fazhi.core.models import Organization, User

SYSTEM_LABEL = "系统 / system"


class AuditOutsideTransactionError(RuntimeError):
    """``record`` was called outside ``transaction.atomic``: a programming error."""


def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    organization: Organization | None = None,
    basis: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
    request_id: str = "",
    ip: str = "",
) -> AuditEntry:
    """Append one entry to the full-process record, chained to the previous one.

    Must run inside the caller's ``transaction.atomic`` block. ``organization``
    defaults to ``obj`` itself when it is an organization, else to
    ``obj.organization`` when it has one. ``before``/``after`` are stored as
    plain JSON (dates become ISO strings).
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "fazhi.core.audit.services.record() must run inside transaction.atomic "
            "so the entry commits or rolls back with the change it records."
        )
    user = actor if isinstance(actor, User) else None
    if organization is None and obj is not None:
        organization = _organization_of(obj)
    head = _lock_head()
    entry = AuditEntry(
        seq=head.seq + 1,
        occurred_at=timezone.now(),
        actor=user,
        actor_label=_label_of(user),
        organization=organization,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:255] if obj is not None else "",
        action=action,
        basis=basis,
        before=_plain_json(before),
        after=_plain_json(after),
        reason=reason,
        request_id=request_id[:64],
        ip=ip[:45],
        prev_hash=head.hash,
    )
    entry.hash = entry_hash({name: getattr(entry, name) for name in FIELDS})
    entry.save()
    ChainHead.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
    return entry


def _lock_head() -> ChainHead:
    """Lock the chain head until the transaction ends, so appends queue in order.

    On PostgreSQL the row lock serialises writers; on SQLite every write
    transaction is ``BEGIN IMMEDIATE`` (settings), which already does.
    """
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def _organization_of(obj: models.Model) -> Organization | None:
    if isinstance(obj, Organization):
        return obj
    organization = getattr(obj, "organization", None)
    return organization if isinstance(organization, Organization) else None


def _label_of(user: User | None) -> str:
    if user is None:
        return SYSTEM_LABEL
    name = user.display_name or ""
    return f"{name}（{user.username}）" if name else user.username


def _plain_json(value: Any) -> Any:
    """The value exactly as it will read back from the database."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
