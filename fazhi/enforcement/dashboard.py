"""Supervision dashboard (执法监督): running clocks and the province's panels.

Read path only; every function applies the caller's scope (``BUSINESS``): an
officer sees their organization, a supervisor the organizations below theirs.

* The running clocks of cases — the decision (第60条), service (第61条) and
  payment (第67条) — are read live from the cases, through partial indexes
  (``enforcement_case_*_due``): "overdue" and "due soon" of one organization.
* The panels (counts by organization and state, amounts, decisions outside
  the benchmark, overdue and due soon across many organizations) read the
  rollups of :mod:`fazhi.enforcement.models.rollups`, as of their
  ``refreshed_at``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Case, F, Max, Q, QuerySet, Sum, When

from fazhi.core.models import Organization, User
from fazhi.core.scope import BUSINESS, SELF, coverage, scope
from fazhi.core.worklist import due_soon_days
from fazhi.enforcement.models import CaseCountRollup, CaseDueRollup, PenaltyCase
from fazhi.enforcement.prepared import CachedRows, fetch_prepared, prepared
from fazhi.enforcement.selectors import OPEN_BEFORE_DECISION
from fazhi.enforcement.workflows import PENALTY

AnyUser = User | AnonymousUser


def running_clocks(
    *, before: dt.date | None = None, from_day: dt.date | None = None
) -> Q:
    """Cases whose running clock falls due in [from_day, before).

    Written as three conditions that match the partial indexes, so that the
    database reads only the cases whose clock runs.
    """

    def window(column: str) -> dict[str, dt.date]:
        bounds = {}
        if before is not None:
            bounds[f"{column}__lt"] = before
        if from_day is not None:
            bounds[f"{column}__gte"] = from_day
        return bounds

    return (
        Q(state__in=OPEN_BEFORE_DECISION, **window("decision_due_on"))
        | Q(state="decided", **window("service_due_on"))
        | Q(state="served", paid_on__isnull=True, **window("payment_due_on"))
    )


def _next_due() -> Case:
    return Case(
        When(state__in=OPEN_BEFORE_DECISION, then=F("decision_due_on")),
        When(state="decided", then=F("service_due_on")),
        When(state="served", then=F("payment_due_on")),
        default=None,
    )


#: What a clock list shows of each case (rows as dicts: no model instances,
#: no joins, so that one organization's list stays within a few milliseconds).
CLOCK_FIELDS = ("id", "number", "state", "summary", "organization_id", "due_on")


def _cases(user: AnyUser, organization_id: int | None) -> QuerySet[PenaltyCase]:
    cases = scope(prepared(PenaltyCase.objects.all()), user, policy=BUSINESS)
    if organization_id is not None:
        cases = cases.filter(organization_id=organization_id)
    return cases


def list_overdue(
    *, user: AnyUser, today: dt.date, organization_id: int | None = None
) -> CachedRows:
    """Cases past their running clock, the longest overdue first (rows with ``due_on``).

    Compiled once per process for each coverage and day (the organization is
    the statement's parameter), read through prepared statements
    (:mod:`fazhi.enforcement.prepared`).
    """
    reach = coverage(user, policy=BUSINESS)
    return CachedRows(
        PenaltyCase,
        ("enforcement.overdue", reach, today),
        lambda organization: (
            _cases(user, organization)
            .filter(running_clocks(before=today))
            .annotate(due_on=_next_due())
            .order_by("due_on", "id")
            .values(*CLOCK_FIELDS)
        ),
        organization_id,
    )


def list_due_soon(
    *,
    user: AnyUser,
    today: dt.date,
    organization_id: int | None = None,
    days: int | None = None,
) -> CachedRows:
    """Cases whose running clock falls due from today to today + the worklist's
    window, the soonest first (compiled and read as :func:`list_overdue`)."""
    horizon = today + dt.timedelta(days=due_soon_days() if days is None else days)
    reach = coverage(user, policy=BUSINESS)
    return CachedRows(
        PenaltyCase,
        ("enforcement.due_soon", reach, today, horizon),
        lambda organization: (
            _cases(user, organization)
            .filter(
                running_clocks(from_day=today, before=horizon + dt.timedelta(days=1))
            )
            .annotate(due_on=_next_due())
            .order_by("due_on", "id")
            .values(*CLOCK_FIELDS)
        ),
        organization_id,
    )


def clock_counts(
    *, user: AnyUser, today: dt.date, organization_id: int | None = None
) -> dict[str, int]:
    """How many cases are overdue and due soon, read live from the cases."""
    return {
        "overdue": list_overdue(
            user=user, today=today, organization_id=organization_id
        ).count(),
        "due_soon": list_due_soon(
            user=user, today=today, organization_id=organization_id
        ).count(),
    }


# --- panels (rollups) --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StateCount:
    state: str
    label: str
    cases: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The panels' totals over every organization the user sees."""

    cases: int
    open_cases: int
    by_state: list[StateCount]
    overdue: int
    due_soon: int
    due_soon_days: int
    outside_benchmark: int
    fine_fen: int
    confiscation_fen: int
    organizations: int
    refreshed_at: dt.datetime | None


@dataclass(slots=True)
class OrganizationRow:
    organization_id: int
    name: str
    cases: int = 0
    open_cases: int = 0
    overdue: int = 0
    due_soon: int = 0
    outside_benchmark: int = 0
    fine_fen: int = 0


def _count_rollups(
    user: AnyUser, organization_id: int | None
) -> QuerySet[CaseCountRollup]:
    rows = scope(CaseCountRollup.objects.all(), user, policy=BUSINESS)
    if organization_id is not None:
        rows = rows.filter(organization_id=organization_id)
    return rows.order_by()


def _due_rollups(
    user: AnyUser, today: dt.date, organization_id: int | None
) -> QuerySet[CaseDueRollup]:
    horizon = today + dt.timedelta(days=due_soon_days())
    rows = scope(CaseDueRollup.objects.all(), user, policy=BUSINESS).filter(
        due_on__lte=horizon
    )
    if organization_id is not None:
        rows = rows.filter(organization_id=organization_id)
    return rows.order_by()


def _due_sums(today: dt.date) -> dict[str, Sum]:
    horizon = today + dt.timedelta(days=due_soon_days())
    return {
        "overdue": Sum("cases", filter=Q(due_on__lt=today)),
        "due_soon": Sum("cases", filter=Q(due_on__gte=today, due_on__lte=horizon)),
    }


def summary(
    *, user: AnyUser, today: dt.date, organization_id: int | None = None
) -> Summary:
    """Totals for the province (or the user's part of it, or one organization)."""
    final = sorted(PENALTY.final)
    states = list(
        _count_rollups(user, organization_id)
        .values("state")
        .annotate(
            n=Sum("cases"),
            fine=Sum("fine_fen"),
            confiscation=Sum("confiscation_fen"),
            outside=Sum("outside_benchmark"),
            refreshed=Max("refreshed_at"),
        )
        .order_by("state")
    )
    dues = _due_rollups(user, today, organization_id).aggregate(**_due_sums(today))
    organizations = (
        _count_rollups(user, organization_id)
        .values("organization_id")
        .distinct()
        .count()
    )
    refreshed = [row["refreshed"] for row in states if row["refreshed"] is not None]
    return Summary(
        cases=sum(row["n"] for row in states),
        open_cases=sum(row["n"] for row in states if row["state"] not in final),
        by_state=[
            StateCount(row["state"], str(PENALTY.state_label(row["state"])), row["n"])
            for row in states
        ],
        overdue=dues["overdue"] or 0,
        due_soon=dues["due_soon"] or 0,
        due_soon_days=due_soon_days(),
        outside_benchmark=sum(row["outside"] for row in states),
        fine_fen=sum(row["fine"] for row in states),
        confiscation_fen=sum(row["confiscation"] for row in states),
        organizations=organizations,
        refreshed_at=max(refreshed) if refreshed else None,
    )


def by_organization(*, user: AnyUser, today: dt.date) -> list[OrganizationRow]:
    """One row per organization the user sees, the most overdue first.

    One statement: both rollups summed per organization (the organizations
    the caller reaches chosen by the same scoping as everywhere), the names
    joined to the sums, sorted in the database; plain integer tuples, no
    model instances, no Django converters. On PostgreSQL it runs as a
    prepared statement.
    """
    horizon = today + dt.timedelta(days=due_soon_days())
    reached = scope(Organization.objects.all(), user, policy=BUSINESS, field_name=SELF)
    try:
        reached_sql, reached_params = (
            reached.order_by().values("pk").query.sql_with_params()
        )
    except EmptyResultSet:
        return []
    connection = connections[router.db_for_read(CaseCountRollup)]
    quote = connection.ops.quote_name
    final = sorted(PENALTY.final)
    not_final = ", ".join(["%s"] * len(final))
    # names in code-point order, as Python sorts them, whatever the database's
    # collation (SQLite compares bytes already)
    by_code_point = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    # Table and column names come from the models; every value is a parameter.
    sql = f"""
        WITH counts AS (
            SELECT organization_id,
                   SUM(cases) AS cases,
                   SUM(CASE WHEN state IN ({not_final}) THEN 0 ELSE cases END)
                       AS open_cases,
                   SUM(outside_benchmark) AS outside,
                   SUM(fine_fen) AS fine
            FROM {quote(CaseCountRollup._meta.db_table)}
            WHERE organization_id IN ({reached_sql})
            GROUP BY organization_id
        ), dues AS (
            SELECT organization_id,
                   SUM(CASE WHEN due_on < %s THEN cases ELSE 0 END) AS overdue,
                   SUM(CASE WHEN due_on >= %s THEN cases ELSE 0 END) AS due_soon
            FROM {quote(CaseDueRollup._meta.db_table)}
            WHERE due_on <= %s AND organization_id IN ({reached_sql})
            GROUP BY organization_id
        )
        SELECT counts.organization_id, o.{quote("name")},
               CAST(counts.cases AS BIGINT), CAST(counts.open_cases AS BIGINT),
               CAST(COALESCE(dues.overdue, 0) AS BIGINT),
               CAST(COALESCE(dues.due_soon, 0) AS BIGINT),
               CAST(counts.outside AS BIGINT), CAST(COALESCE(counts.fine, 0) AS BIGINT)
        FROM counts
        JOIN {quote(Organization._meta.db_table)} o
          ON o.{quote("id")} = counts.organization_id
        LEFT JOIN dues ON dues.organization_id = counts.organization_id
        ORDER BY 5 DESC, 6 DESC, o.{quote("name")}{by_code_point},
                 counts.organization_id
    """  # noqa: S608
    params = [*final, *reached_params, today, today, horizon, *reached_params]
    if connection.vendor == "postgresql":
        found = fetch_prepared(connection, sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
    # the columns in the order of OrganizationRow's fields, sums as integers
    return [OrganizationRow(*row) for row in found]
