"""The case table carries the indexes its model declares and no others: each one
is kept up on every case an import writes (migration 0004 drops the rest)."""

import pytest
from django.db import connection

from fazhi.enforcement.models import PenaltyCase

pytestmark = pytest.mark.django_db

TABLE = PenaltyCase._meta.db_table


def _indexes():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return {
        name: spec
        for name, spec in found.items()
        if spec["index"] and not spec["unique"] and not spec["primary_key"]
    }


def test_the_database_has_the_declared_indexes_and_no_others():
    declared = {index.name for index in PenaltyCase._meta.indexes}
    editor = connection.schema_editor()  # for its names only
    # db_index=True: the subject, whose protected delete needs it
    declared |= {
        editor._create_index_name(TABLE, [f.column], suffix="")
        for f in PenaltyCase._meta.concrete_fields
        if f.db_index and not f.unique
    }
    assert set(_indexes()) == declared
    assert len(declared) == 12 - 2  # besides the primary key and the unique number
    assert "enforcement_case_state" in declared
    # the organization's look-ups use the first column of the unique number
    unique = [
        c
        for c in PenaltyCase._meta.constraints
        if c.name == "enforcement_case_unique_number"
    ]
    assert unique[0].fields[0] == "organization"


def test_a_protected_delete_finds_the_cases_naming_a_user_through_the_partial_index():
    """``decided_by`` is indexed where it is set: an equality (as Django's
    protected-delete look-up asks) implies that, so the planner may use it."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for column, index in (
            ("decided_by_id", "enforcement_case_decided_by"),
            ("matter_id", "enforcement_case_matter"),
            ("on_spot_officer_id", "enforcement_case_on_spot"),
        ):
            cursor.execute(
                f"EXPLAIN SELECT id FROM {TABLE} WHERE {column} IN (%s, %s)",  # noqa: S608
                [1, 2],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan
