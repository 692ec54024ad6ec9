"""``fazhi flush`` empties the whole database, the full-process record included.

Django's ``flush`` (used in development and between transactional tests) would
be refused by the append-only triggers; this lifts them for the one
transaction that empties every table, and puts them back in it. Production
refuses it outright: nothing committed is ever lost.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections

from fazhi.core.audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "FAZHI_FLUSH_ALLOWED", False):
            raise CommandError(
                "此环境不允许清空数据库（生产环境中全过程记录不得删除）。"
                " / Emptying the database is not allowed here: in production the"
                " full-process record is never deleted."
            )
        connection = connections[options["database"]]
        with triggers.suspended(connection):
            super().handle(**options)
