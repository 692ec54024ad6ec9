"""The database triggers that keep the full-process record append-only.

The ORM already refuses to update or delete an entry; these triggers make the
database refuse it too, whatever the client (a shell, a script, a bad query).
Migration ``0002_append_only_triggers`` installs them on PostgreSQL and SQLite.
Changing the SQL here needs a new migration that reinstalls it.

Only :func:`suspended` lifts them, for ``fazhi flush`` (which empties the whole
database, in development and between tests) and for the tamper tests; it needs
the rights of the table's owner, like dropping the trigger would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditentry"
MESSAGE = "全过程记录只能追加，不能修改或删除 / the audit record is append-only"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
    f"""
    CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]
# ALTER TABLE refuses while deferred foreign-key checks are pending: run them
# first, then defer again (Django's foreign keys are INITIALLY DEFERRED).
POSTGRESQL_SUSPEND = [
    "SET CONSTRAINTS ALL IMMEDIATE",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER USER",
    "SET CONSTRAINTS ALL DEFERRED",
]
POSTGRESQL_RESUME = [
    "SET CONSTRAINTS ALL IMMEDIATE",
    f"ALTER TABLE {TABLE} ENABLE TRIGGER USER",
    "SET CONSTRAINTS ALL DEFERRED",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]


def install(conn: BaseDatabaseWrapper) -> None:
    """Create the triggers on ``conn`` (PostgreSQL or SQLite; other engines: none)."""
    statements = {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}
    _execute(conn, statements.get(conn.vendor, []))


def remove(conn: BaseDatabaseWrapper) -> None:
    statements = {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE}
    _execute(conn, statements.get(conn.vendor, []))


@contextmanager
def suspended(conn: BaseDatabaseWrapper | None = None) -> Iterator[None]:
    """Lift the triggers inside one transaction; they are back when it ends.

    DDL is transactional on both engines, so even a crash inside the block
    leaves the triggers installed.
    """
    conn = conn or connection
    with transaction.atomic(using=conn.alias):
        if conn.vendor == "postgresql":
            _execute(conn, POSTGRESQL_SUSPEND)
        else:
            remove(conn)
        yield
        if conn.vendor == "postgresql":
            _execute(conn, POSTGRESQL_RESUME)
        else:
            install(conn)


def _execute(conn: BaseDatabaseWrapper, statements: list[str]) -> None:
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
