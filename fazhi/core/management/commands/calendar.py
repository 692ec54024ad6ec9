"""``fazhi calendar load|list|amend``: the office's copy of the working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core.calendar import selectors, services
from fazhi.core.errors import DomainError
from fazhi.rules.calendar import CalendarDataError, load_year_file


class Command(BaseCommand):
    help = "工作日历 / working-day calendar: load, list, amend"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="载入一年的放假安排 / load a year file")
        load.add_argument("path", help="<year>.yaml")
        sub.add_parser("list", help="列出已覆盖年份 / list covered years")
        amend = sub.add_parser("amend", help="调整一天 / amend one day")
        amend.add_argument("day", help="YYYY-MM-DD")
        kind = amend.add_mutually_exclusive_group(required=True)
        kind.add_argument("--workday", dest="is_workday", action="store_true")
        kind.add_argument("--rest-day", dest="is_workday", action="store_false")
        amend.add_argument("--reason", required=True, help="理由 / reason")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(**options)
        except (DomainError, CalendarDataError) as exc:
            raise CommandError(f"{exc.zh} / {exc.en}", returncode=2) from exc

    def _load(self, *, path: str, **options: Any) -> None:
        data = load_year_file(path)
        before = selectors.get_year(data.year)
        row = services.load_calendar_year(actor=None, data=data)
        changed = before is None or before.updated_at != row.updated_at
        if changed:
            self.stdout.write(
                f"已载入 {row.year} 年工作日历：{row.source}"
                f" / Loaded the {row.year} calendar: {len(row.rest_days)} rest days, "
                f"{len(row.working_days)} working weekends."
            )
        else:
            self.stdout.write(
                f"{row.year} 年工作日历未变化 / The {row.year} calendar is unchanged."
            )

    def _list(self, **options: Any) -> None:
        for item in selectors.list_years():
            loaded = (
                f"{timezone.localtime(item.loaded_at):%Y-%m-%d %H:%M}"
                if item.loaded_at
                else "-"
            )
            self.stdout.write(f"{item.year}\t{item.origin}\t{loaded}\t{item.source}")

    def _amend(
        self, *, day: str, is_workday: bool, reason: str, **options: Any
    ) -> None:
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise DomainError(
                f"“{day}”不是 YYYY-MM-DD 格式的日期。",
                f"'{day}' is not a YYYY-MM-DD date.",
                code="invalid_date",
            ) from None
        services.amend_calendar_day(
            actor=None, day=date, is_workday=is_workday, reason=reason
        )
        state = "工作日 / working day" if is_workday else "休息日 / rest day"
        self.stdout.write(f"{date.isoformat()} → {state}")
