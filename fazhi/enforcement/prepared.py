"""Lists read many times a second, through prepared statements on PostgreSQL.

Reading one page of an organization's cases takes PostgreSQL a fraction of a
millisecond, but planning the query takes it several: the case table carries
many (partial) indexes and the planner weighs them all, every time. Django
sends every query as new text (its parameters bound on the client, prepared
statements off), so every request pays the planning again.

:func:`prepared` turns a queryset into one whose ``values()`` rows and
``count()`` are read through a prepared statement of the connection: the SQL
is exactly what Django compiles, with the parameters bound by the same client
as always, then prepared under that text, so the plan is made once per
connection and per distinct query (a user's organization, a page, a state)
and reused until psycopg's cache of the connection (100 statements, least
recently used out) lets it go. Rows pass through the same converters as
Django's own. Other databases read as usual.

The statements are protocol-level ones, as psycopg prepares them: a pooler in
front of PostgreSQL must keep them (PgBouncer 1.21 or later with
``max_prepared_statements``, or session pooling).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, TypeVar

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesIterable

M = TypeVar("M", bound=Model)

#: psycopg prepares only on a connection with a threshold; Django leaves it
#: unset. This one is never reached by counting, so only the cursor below,
#: which asks explicitly, prepares anything (Django's own cursors bind on the
#: client and never prepare).
_EXPLICIT_ONLY = 2**31 - 1


class _PreparingCursor(psycopg.Cursor[Any]):
    """A server-side cursor that prepares every statement it runs."""

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> _PreparingCursor:
        super().execute(query, params, prepare=True, binary=binary)
        return self


def _fetch(connection: BaseDatabaseWrapper, sql: str, params: Any) -> list[Any]:
    """Rows of ``sql`` run as a prepared statement of ``connection``."""
    with connection.cursor() as cursor:  # connects and checks as any query does
        client = cursor.cursor
        text = client.mogrify(sql, params)  # bound exactly as Django binds
        raw = client.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _EXPLICIT_ONLY
    began = time.monotonic()
    with connection.make_cursor(_PreparingCursor(raw)) as cursor:  # type: ignore[arg-type]
        cursor.execute(text)
        rows = list(cursor.fetchall())
    if connection.queries_logged:  # as Django's debug cursor notes it
        spent = time.monotonic() - began
        connection.queries_log.append({"sql": text, "time": f"{spent:.3f}"})
    return rows


class PreparedValuesIterable(ValuesIterable):
    """``values()`` rows as dicts, read through a prepared statement."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        queryset = self.queryset
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            yield from super().__iter__()
            return
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return
        names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        rows = compiler.results_iter(results=[_fetch(connection, sql, params)])
        for row in rows:
            yield dict(zip(names, row, strict=True))


class PreparedQuerySet(QuerySet[M]):
    """A queryset whose ``values()`` and ``count()`` use prepared statements."""

    def values(self, *fields: Any, **expressions: Any) -> Any:
        clone = super().values(*fields, **expressions)
        clone._iterable_class = PreparedValuesIterable
        return clone

    def count(self) -> int:
        """How many rows the query gives: ``SELECT COUNT(*)`` around its SQL."""
        if self._result_cache is not None:
            return len(self._result_cache)
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return super().count()
        counted = self if self.query.is_sliced else self.order_by()
        compiler = counted.query.get_compiler(self.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return 0
        # ``sql`` is Django's compiled query; its values stay in ``params``.
        counting = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608
        rows = _fetch(connection, counting, params)
        return int(rows[0][0])


def prepared(queryset: QuerySet[M]) -> PreparedQuerySet[M]:
    """The same query as a :class:`PreparedQuerySet`."""
    return PreparedQuerySet(
        model=queryset.model,
        query=queryset.query.chain(),
        using=queryset._db,  # type: ignore[attr-defined]
        hints=queryset._hints,  # type: ignore[attr-defined]
    )
