"""``fazhi publicity end [--today YYYY-MM-DD]``: the daily end of publication.

Every published penalty decision whose publication period (parameter
``penalty.publicity_period``) expired before ``today`` stops being published and
the end is written to the full-process record. Idempotent: run it as often as you
like (cron, once a day); a second run finds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.enforcement import services


class Command(BaseCommand):
    help = "行政处罚决定公开：公开期限届满停止公开 / End publication on schedule"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        end = sub.add_parser(
            "end", help="停止公开期限已届满的处罚决定（幂等，每日运行）"
        )
        end.add_argument("--today", help="YYYY-MM-DD（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        ended = services.end_expired_publications(day=today)
        self.stdout.write(
            f"{today.isoformat()}: {len(ended)} 件处罚决定公开期限届满，已停止公开 / "
            f"{len(ended)} publications ended"
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期“{text}”不是 YYYY-MM-DD 格式 / not a YYYY-MM-DD date: {text}"
        ) from None
