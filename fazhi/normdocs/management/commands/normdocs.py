"""``fazhi normdocs expire [--today YYYY-MM-DD]``: the daily validity clock.

Every published normative document whose validity ended before ``today``
becomes expired (有效期届满自动失效) and leaves the "in force" search. Idempotent:
run it as often as you like (cron, once a day); a second run finds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from fazhi.normdocs import services


class Command(BaseCommand):
    help = (
        "行政规范性文件：有效期届满自动失效 / Normative documents: expire on schedule"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        expire = sub.add_parser(
            "expire", help="将有效期已届满的文件标记为已失效（幂等，每日运行）"
        )
        expire.add_argument("--today", help="YYYY-MM-DD（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_expire(self, options: dict[str, Any]) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        due = services.documents_due_to_expire(today)
        with tqdm(total=len(due), unit="doc", disable=None) as bar:
            run = services.expire_documents(today=today, progress=bar.update)
        self.stdout.write(
            f"{today.isoformat()}: {len(run.expired)} 件文件有效期届满，已失效 / "
            f"{len(run.expired)} documents expired"
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期“{text}”不是 YYYY-MM-DD 格式 / not a YYYY-MM-DD date: {text}"
        ) from None
