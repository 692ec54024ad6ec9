"""The one write path of the full-process record: :func:`record`.

Every service that performs a statutory act calls :func:`record` inside its own
transaction, so the entry commits or rolls back with the change (architecture
rule 5). Nothing else writes to the record, and nothing ever changes it.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from fazhi.core.audit.chain import (
    AFTER,
    BEFORE,
    FIELDS,
    canonical_json,
    canonical_line,
    sm3,
)
from fazhi.core.audit.models import AuditEntry, ChainHead
from fazhi.core.models import Organization, User

SYSTEM_LABEL = "系统 / system"

_ENTRY_TABLE = AuditEntry._meta.db_table
_HEAD_TABLE = ChainHead._meta.db_table
_COLUMNS = ", ".join((*FIELDS, "hash"))
_MARKS = ", ".join(
    "%s::jsonb" if name in ("before", "after") else "%s" for name in (*FIELDS, "hash")
)
_PLACES = ", ".join(["%s"] * (len(FIELDS) + 1))
_INSERT = f"INSERT INTO {_ENTRY_TABLE} ({_COLUMNS}) VALUES ({_PLACES})"  # noqa: S608
_MOVE_HEAD = f"UPDATE {_HEAD_TABLE} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608
_POSTGRESQL_APPEND = (
    f"WITH entry AS (INSERT INTO {_ENTRY_TABLE} ({_COLUMNS}) VALUES ({_MARKS})"  # noqa: S608
    f" RETURNING seq, hash) UPDATE {_HEAD_TABLE} SET seq = entry.seq,"
    f" hash = entry.hash FROM entry WHERE {_HEAD_TABLE}.id = 1"
)


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
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(
            "fazhi.core.audit.services.record() must run inside transaction.atomic "
            "so the entry commits or rolls back with the change it records."
        )
    user = actor if isinstance(actor, User) else None
    if organization is None and obj is not None:
        organization = _organization_of(obj)
    before, after = _plain_json(before), _plain_json(after)
    head = _locked_head(connection)
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
        before=before,
        after=after,
        reason=reason,
        request_id=request_id[:64],
        ip=ip[:45],
        prev_hash=head.hash,
    )
    values = [getattr(entry, name) for name in FIELDS]
    for position in (BEFORE, AFTER):
        if values[position] is not None:
            values[position] = canonical_json(values[position])
    entry.hash = sm3(canonical_line(values))
    _insert(connection, values, entry.hash)
    head.advance(connection, entry.seq, entry.hash)
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@dataclass(slots=True)
class _Head:
    """The chain head as this transaction locked and moved it.

    ``marker`` is a no-op ``on_commit`` callback registered at the savepoint
    depth of the last append: Django drops it when that transaction or any
    savepoint enclosing the append rolls back (and after commit), so while it
    is still queued, the head below is exactly what the database holds and
    its lock is still ours.
    """

    seq: int
    hash: str
    savepoints: tuple[str | None, ...] = ()
    marker: Any = None

    def advance(self, connection: BaseDatabaseWrapper, seq: int, hash: str) -> None:
        self.seq, self.hash = seq, hash
        savepoints = tuple(connection.savepoint_ids)
        if self.marker is None or savepoints != self.savepoints:
            self.savepoints = savepoints

            def marker() -> None:
                """Keeps the head cached while its transaction lasts (no action)."""

            self.marker = marker
            transaction.on_commit(marker, using=connection.alias)
        _heads[connection] = self


_heads: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Head] = (
    weakref.WeakKeyDictionary()
)


def _locked_head(connection: BaseDatabaseWrapper) -> _Head:
    """The chain head, locked until the transaction ends, so appends queue in order.

    On PostgreSQL ``SELECT … FOR UPDATE`` takes the row lock once per
    transaction; on SQLite every write transaction is ``BEGIN IMMEDIATE``
    (settings), which already serialises writers. Later appends in the same
    transaction reuse the head they moved (see :class:`_Head`).
    """
    cached = _heads.get(connection)
    if cached is not None and cached.marker is not None:
        marker = cached.marker
        if any(hook[1] is marker for hook in reversed(connection.run_on_commit)):
            return cached
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT seq, hash FROM {_HEAD_TABLE} WHERE id = 1{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:
            ChainHead.objects.bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
            cursor.execute(sql)
            row = cursor.fetchone()
    return _Head(seq=row[0], hash=row[1])


def _insert(connection: BaseDatabaseWrapper, values: list[Any], hash: str) -> None:
    """Insert the entry and move the head: one statement on PostgreSQL, two on SQLite.

    The JSON fields are stored as their canonical text, the time as Django
    stores it.
    """
    params = list(values)
    params[FIELDS.index("occurred_at")] = connection.ops.adapt_datetimefield_value(
        params[FIELDS.index("occurred_at")]
    )
    params.append(hash)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_APPEND, params)
        else:
            cursor.execute(_INSERT, params)
            cursor.execute(_MOVE_HEAD, [params[0], hash])


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
