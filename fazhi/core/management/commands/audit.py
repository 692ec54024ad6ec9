"""``fazhi audit verify``: prove the full-process record's SM3 chain.

Exit status 0 when every entry checks out, 1 when a link is broken (the first
broken entry is reported: its ``seq`` and what is wrong with it).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.verify import verify_database


class Command(BaseCommand):
    help = "全过程记录 / the full-process record: verify (校验摘要链)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="重新计算摘要链并报告第一处断裂 / recompute the chain"
        )
        verify.add_argument("--json", action="store_true", help="JSON output")
        verify.add_argument(
            "--no-progress", action="store_true", help="no progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        total = AuditEntry.objects.count()
        show = not as_json and not options["no_progress"] and total > 50_000
        with tqdm(
            total=total, unit="entries", disable=not show, file=sys.stderr
        ) as bar:

            def progress(done: int) -> None:
                bar.update(done)

            report = verify_database(progress=progress)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        elif report.broken is None:
            self.stdout.write(
                f"摘要链完整：已校验 {report.checked} 条，末条 #{report.last_seq}。\n"
                f"The chain is intact: {report.checked} entries checked, "
                f"last #{report.last_seq} {report.last_hash}."
            )
        else:
            b = report.broken.as_dict()
            self.stdout.write(
                f"摘要链断裂于第 {b['seq']} 条：{b['zh']}。\n"
                f"The chain is broken at entry #{b['seq']}: {b['en']} "
                f"({b['problem']}{', ' + b['detail'] if b['detail'] else ''})."
            )
        if not report.ok:
            sys.exit(1)
