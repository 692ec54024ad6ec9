import pytest
from django.db import connection

from fazhi.core.audit import triggers


@pytest.fixture
def tamper():
    """Run raw SQL on the record with the append-only triggers lifted."""

    def run(sql, params=()):
        with triggers.suspended(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run
