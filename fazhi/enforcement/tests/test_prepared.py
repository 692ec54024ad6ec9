"""Lists read through prepared statements give what the plain ORM gives."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from fazhi.core.scope import BUSINESS, scope
from fazhi.enforcement import dashboard, selectors
from fazhi.enforcement.models import PenaltyCase
from fazhi.enforcement.prepared import CachedRows, prepared

from .conftest import TODAY
from .test_dashboard import cases, numbers  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def plain_and_prepared(user):
    base = scope(PenaltyCase.objects.all(), user, policy=BUSINESS)
    return base, prepared(base)


@pytest.mark.parametrize("who", ["user1", "supervisor", "stranger", "nobody"])
def test_rows_and_counts_equal_the_plain_orm(world, cases, who):  # noqa: F811
    from fazhi.core.tests.factories import UserFactory

    user = UserFactory() if who == "nobody" else getattr(world, who)
    plain, fast = plain_and_prepared(user)
    fields = ("id", "number", "state", "received_on", "decision_due_on")

    def shapes(qs):
        ordered = qs.order_by("-received_on", "-id")
        return [
            list(ordered.values(*fields)),
            list(ordered.values(*fields)[1:3]),
            list(ordered.filter(state="filed").values(*fields)),
            list(ordered.values("number").annotate(n=F("id"))),
            ordered.count(),
            ordered[1:3].count(),
            ordered.filter(state="nothing").values(*fields).count(),
        ]

    assert shapes(fast) == shapes(plain)


def test_the_selectors_answer_as_before(world, cases):  # noqa: F811
    rows = list(selectors.list_case_rows(user=world.user1))
    cases_ = list(selectors.list_cases(user=world.user1))

    assert [r["number"] for r in rows] == [c.number for c in cases_]
    assert rows[0] == {f: getattr(cases_[0], f) for f in selectors.CASE_LIST_FIELDS}
    assert sorted(
        r["number"] for r in dashboard.list_overdue(user=world.supervisor, today=TODAY)
    ) == ["T-1", "T-3"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_repeated_read_reuses_its_prepared_statement(world, cases):  # noqa: F811
    def page():
        return list(selectors.list_case_rows(user=world.user1)[:2])

    first = page()
    with CaptureQueriesContext(connection) as ctx:
        again = page()
    prepared_names = connection.connection._prepared._names  # psycopg's own cache
    assert again == first
    assert len(ctx.captured_queries) == 1
    assert any(
        key[0].decode() == ctx.captured_queries[0]["sql"] for key in prepared_names
    )


@pytest.mark.parametrize("who", ["user1", "supervisor", "stranger", "nobody"])
def test_cached_rows_equal_the_plain_queryset(world, cases, who):  # noqa: F811
    from fazhi.core.tests.factories import UserFactory

    user = UserFactory() if who == "nobody" else getattr(world, who)
    fields = ("id", "number", "state", "received_on")
    key = ("test.cached", who)

    def build():
        return scope(PenaltyCase.objects.all(), user, policy=BUSINESS).order_by(
            "-received_on", "-id"
        )

    def shapes(rows):
        return [list(rows), rows[1:3], rows[0:2], rows[5:], rows.all().count()]

    built = []

    def counted(_):
        built.append(1)
        return prepared(build()).values(*fields)

    plain = build().values(*fields)
    first = shapes(CachedRows(PenaltyCase, key, counted))
    built_first = len(built)
    again = shapes(CachedRows(PenaltyCase, key, counted))

    expected = [list(plain), list(plain[1:3]), list(plain[0:2]), list(plain[5:])]
    assert first == again == [*expected, plain.count()]
    if connection.vendor == "postgresql":  # compiled once, then only read
        assert len(built) == built_first  # nothing built the second time


def test_cached_rows_take_only_plain_slices(world):
    rows = CachedRows(PenaltyCase, ("test.slices",), lambda: pytest.fail("built"))

    with pytest.raises(TypeError):
        rows[3]
    with pytest.raises(ValueError, match="Negative"):
        rows[-2:]


def test_the_cached_lists_follow_the_callers_coverage(world, cases):  # noqa: F811
    """Two users of different coverage never share a compiled list."""
    officer = [r["number"] for r in selectors.list_case_rows(user=world.user1)]
    stranger = [r["number"] for r in selectors.list_case_rows(user=world.stranger)]
    officer_again = [r["number"] for r in selectors.list_case_rows(user=world.user1)]

    assert stranger == ["X-1"]
    assert officer == officer_again
    assert "X-1" not in officer


def test_one_compiled_list_serves_every_organization_exactly(world, cases):  # noqa: F811
    from fazhi.enforcement import prepared as module

    module._compiled.clear()
    asked = [world.tree["A"].pk, world.tree["K2"].pk, world.tree["K"].pk, None]

    def plain(organization_id):
        rows = scope(PenaltyCase.objects.all(), world.supervisor, policy=BUSINESS)
        if organization_id is not None:
            rows = rows.filter(organization_id=organization_id)
        return sorted(
            rows.filter(dashboard.running_clocks(before=TODAY)).values_list(
                "number", flat=True
            )
        )

    got = [
        numbers(
            dashboard.list_overdue(
                user=world.supervisor, today=TODAY, organization_id=organization_id
            )
        )
        for organization_id in asked
    ]
    counts = [
        dashboard.list_overdue(
            user=world.supervisor, today=TODAY, organization_id=organization_id
        ).count()
        for organization_id in asked
    ]

    assert got == [plain(o) for o in asked]
    assert got[0] == ["T-1", "T-3"]
    assert got[1] == []  # K2 is not below them
    assert counts == [len(g) for g in got]
    if connection.vendor == "postgresql":  # one list, one count: by organization or all
        assert len(module._compiled) == 4
