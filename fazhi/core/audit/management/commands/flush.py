"""``fazhi flush`` empties the whole database, the full-process record included.

Django's ``flush`` (used in development and between transactional tests) would
be refused by the append-only triggers; this lifts them for the one
transaction that empties every table, and puts them back in it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from fazhi.core.audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        with triggers.suspended(connection):
            super().handle(**options)
