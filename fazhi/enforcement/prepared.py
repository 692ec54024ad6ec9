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

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
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


def _bind(connection: BaseDatabaseWrapper, sql: str, params: Any) -> str:
    """``sql`` with its parameters bound exactly as Django binds them."""
    with connection.cursor() as cursor:
        return str(cursor.cursor.mogrify(sql, params))


def _run(
    connection: BaseDatabaseWrapper, text: str, params: list[Any] | None = None
) -> list[Any]:
    """Rows of the bound query ``text`` (``%s`` for each of ``params``, bound
    on the server) run as a prepared statement."""
    with connection.cursor() as cursor:  # connects and checks as any query does
        raw = cursor.cursor.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _EXPLICIT_ONLY
    began = time.monotonic()
    with connection.make_cursor(_PreparingCursor(raw)) as cursor:  # type: ignore[arg-type]
        cursor.execute(text, params)
        rows = list(cursor.fetchall())
    if connection.queries_logged:  # as Django's debug cursor notes it
        spent = time.monotonic() - began
        connection.queries_log.append({"sql": text, "time": f"{spent:.3f}"})
    return rows


def fetch_prepared(connection: BaseDatabaseWrapper, sql: str, params: Any) -> list[Any]:
    """Rows of ``sql`` (Django's placeholders and parameters) run as a prepared
    statement of ``connection``, the parameters bound as Django binds them."""
    return _run(connection, _bind(connection, sql, params))


def _selected(query: Any) -> tuple[str, ...]:
    """The names of a ``values()`` query's columns, in their order."""
    return tuple(
        query.selected
        or (*query.extra_select, *query.values_select, *query.annotation_select)
    )


def _counting(sql: str) -> str:
    """``SELECT COUNT(*)`` around Django's compiled query (its values stay in
    the parameters)."""
    return f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608


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
        names = _selected(query)
        rows = compiler.results_iter(results=[fetch_prepared(connection, sql, params)])
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
        rows = fetch_prepared(connection, _counting(sql), params)
        return int(rows[0][0])


def prepared(queryset: QuerySet[M]) -> PreparedQuerySet[M]:
    """The same query as a :class:`PreparedQuerySet`."""
    return PreparedQuerySet(
        model=queryset.model,
        query=queryset.query.chain(),
        using=queryset._db,  # type: ignore[attr-defined]
        hints=queryset._hints,  # type: ignore[attr-defined]
    )


# --- lists whose query is compiled once per process -------------------------------------


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A bound query: constants written in, ``%s`` where the varying value goes."""

    text: str
    names: tuple[str, ...]
    slots: int  # how many times the varying value is bound


#: Compiled :class:`CachedRows` queries by key; None for a query that selects
#: nothing (Django's EmptyResultSet). Forgotten whole past ``_COMPILED_MAX``.
_compiled: dict[tuple[Any, ...], _Compiled | None] = {}
_COMPILED_MAX = 4096
_MISSING = object()
#: Two values no row has, compiled in place of the varying value to find
#: where it is bound (an id is never negative).
_PROBES = (-7_046_001, -7_046_002)
_PLACEHOLDER = re.compile(r"%%|%s")


class _UnbindableError(Exception):
    """The query cannot be cached: Django must convert its values, or the
    varying value could not be told apart from the rest."""


class CachedRows:
    """``values()`` rows of a query that is built and compiled only once per
    process for each ``key``, then read through a prepared statement.

    ``key`` must name everything the query depends on (the caller's coverage,
    the filters, the day) except ``value``: ``build(value)`` makes the query.
    ``value`` (an id, or None) is bound as the statement's one parameter, so
    that one statement serves every organization a supervisor opens; the
    constants are written into the text, so that PostgreSQL still matches the
    partial indexes. It answers what a pagination asks of a queryset — a
    slice, ``count()``, ``all()`` — and iteration. Queries whose values need
    Django's converters, and every database but PostgreSQL, are read as a
    plain queryset.
    """

    def __init__(
        self,
        model: type[Model],
        key: tuple[Any, ...],
        build: Callable[[int | None], QuerySet[Any, dict[str, Any]]],
        value: int | None = None,
    ) -> None:
        self.model = model
        self.key = key
        self.value = value
        self._build = build
        self._queryset: QuerySet[Any, dict[str, Any]] | None = None

    @property
    def queryset(self) -> QuerySet[Any, dict[str, Any]]:
        if self._queryset is None:
            self._queryset = self._build(self.value)
        return self._queryset

    def all(self) -> CachedRows:
        return self

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self[0:None])

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("CachedRows takes a slice [start:stop]")
        start, stop = item.start or 0, item.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("Negative indexing is not supported.")
        return self._read(("rows", start, stop), lambda qs: qs[start:stop])

    def count(self) -> int:
        rows = self._read(("count",), lambda qs: qs.order_by(), counting=True)
        return int(rows[0]["n"]) if rows else 0

    def _read(
        self,
        part: tuple[Any, ...],
        shape: Callable[[QuerySet[Any, dict[str, Any]]], Any],
        *,
        counting: bool = False,
    ) -> list[dict[str, Any]]:
        db = str(router.db_for_read(self.model))
        connection = connections[db]

        def plain() -> list[dict[str, Any]]:
            queryset = shape(self.queryset)
            return [{"n": queryset.count()}] if counting else list(queryset)

        if connection.vendor != "postgresql":
            return plain()
        bound = self.value is not None
        full_key = (db, *self.key, bound, *part)
        found = _compiled.get(full_key, _MISSING)
        if found is _MISSING:
            try:
                found = self._compile(connection, shape, counting=counting)
            except _UnbindableError:
                return plain()
            if len(_compiled) >= _COMPILED_MAX:
                _compiled.clear()
            _compiled[full_key] = found
        if not isinstance(found, _Compiled):  # the query selects nothing
            return [{"n": 0}] if counting else []
        rows = _run(connection, found.text, [self.value] * found.slots)
        return [dict(zip(found.names, row, strict=True)) for row in rows]

    def _compile(
        self,
        connection: BaseDatabaseWrapper,
        shape: Callable[[QuerySet[Any, dict[str, Any]]], Any],
        *,
        counting: bool,
    ) -> _Compiled | None:
        """Compile the query (twice, with two probe values, when a value varies)."""
        probes = _PROBES if self.value is not None else (None,)
        compiled = []
        for probe in probes:
            queryset = shape(self._build(probe))
            compiler = queryset.query.get_compiler(queryset.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return None
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            if compiler.get_converters(fields):
                raise _UnbindableError
            compiled.append((sql, list(params)))
        names = _selected(queryset.query)
        sql, params = compiled[0]
        varying: set[int] = set()
        if len(compiled) == 2:
            other_sql, other_params = compiled[1]
            if other_sql != sql or len(other_params) != len(params):
                raise _UnbindableError
            varying = {i for i, p in enumerate(params) if p != other_params[i]}
            if not varying or any(
                (params[i], other_params[i]) != _PROBES for i in varying
            ):
                raise _UnbindableError
        if counting:
            sql = _counting(sql)
            names = ("n",)
        # Each placeholder is either kept (the varying value) or replaced by its
        # constant bound exactly as Django binds it; literal % are escaped for
        # the server-side binding of the one value.
        index = 0
        out: list[str] = []
        last = 0
        for token in _PLACEHOLDER.finditer(sql):
            out.append(sql[last : token.start()].replace("%", "%%"))
            if token.group() == "%%":
                out.append("%%")
            elif index in varying:
                out.append("%s")
                index += 1
            else:
                literal = _bind(connection, "%s", [params[index]])
                out.append(literal.replace("%", "%%"))
                index += 1
            last = token.end()
        out.append(sql[last:].replace("%", "%%"))
        return _Compiled("".join(out), names, len(varying))
