"""``fazhi deadline RULE_ID --start YYYY-MM-DD``: a statutory deadline, explained.

Uses the office's working-day calendar. Errors go to stderr in Chinese and
English with exit status 2; nothing is printed to stdout then.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.deadlines import compute_deadline, list_rules, parse_pauses, parse_start
from fazhi.core.errors import DomainError


class Command(BaseCommand):
    help = "计算法定期限 / compute a statutory deadline"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_id", nargs="?", help="规则编号 / rule id")
        parser.add_argument("--start", help="起算日（不计入）/ day 0, YYYY-MM-DD")
        parser.add_argument(
            "--extend", type=int, default=0, help="批准延长 / approved extension"
        )
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="FROM:TO",
            help="中止期间（含首尾）/ clock stopped, both days inclusive",
        )
        parser.add_argument("--variant", help="情形 / variant")
        parser.add_argument("--json", action="store_true", help="JSON output")
        parser.add_argument("--list", action="store_true", help="列出规则 / list rules")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list(as_json=options["json"])
            return
        if not options["rule_id"] or not options["start"]:
            raise CommandError(
                "请给出规则编号和 --start 起算日。"
                " / Give a rule id and --start (or --list).",
                returncode=2,
            )
        try:
            deadline = compute_deadline(
                options["rule_id"],
                parse_start(options["start"]),
                extend=options["extend"],
                pauses=parse_pauses(options["pause"]),
                variant=options["variant"],
            )
        except DomainError as exc:
            raise CommandError(
                f"{exc.zh} / {exc.en} [{exc.code}]", returncode=2
            ) from exc
        data = deadline.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        flag = (
            f"暂定 / provisional: {data['provisional_reason']}"
            if data["provisional"]
            else "确定 / final"
        )
        lines = [
            f"{data['rule']}  {data['title']}",
            f"届满日 / due: {data['due']}",
            f"计算单位 / unit: {data['unit']}",
            f"依据 / basis: {data['basis']}",
            f"说明: {data['explanation']}",
            f"Explanation: {data['explanation_en']}",
            flag,
        ]
        self.stdout.write("\n".join(lines))

    def _list(self, *, as_json: bool) -> None:
        rules = list_rules()
        if as_json:
            self.stdout.write(json.dumps([r.id for r in rules], ensure_ascii=False))
            return
        for rule in rules:
            self.stdout.write(f"{rule.id}\t{rule.title}")
