"""``fazhi enforcement …``: bulk import of penalty cases, dashboard rollups.

``import-cases FILE --as USERNAME`` reads a JSON Lines file (one case a line,
fields in docs/enforcement.md) through the validating import service, with a
progress bar; rejected lines are listed with the reason in both languages.
``refresh-rollups`` rebuilds the dashboard rollups from the cases (e.g. once a
night; an import refreshes those of the organizations it touched).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from fazhi.core.models import User
from fazhi.enforcement import services

SHOWN_REJECTIONS = 50


class Command(BaseCommand):
    help = (
        "行政执法：批量导入案件、刷新统计 / Enforcement: import cases, refresh rollups"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        cases = sub.add_parser("import-cases", help="导入案件（JSON Lines）")
        cases.add_argument("file", type=Path)
        cases.add_argument(
            "--as", dest="username", required=True, help="以此账户的权限导入"
        )
        cases.add_argument("--batch-size", type=int, default=1000)
        cases.add_argument("--report", type=Path, help="将完整结果写入此 JSON 文件")
        sub.add_parser("refresh-rollups", help="重建执法监督统计")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_import_cases(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        actor = User.objects.filter(
            username=options["username"], is_active=True
        ).first()
        if actor is None:
            raise CommandError(f"没有此账户 / no such account: {options['username']}")
        with path.open(encoding="utf-8") as lines:
            total = sum(1 for _ in lines)
        with (
            path.open(encoding="utf-8") as lines,
            tqdm(total=total, unit="case", disable=None) as bar,
        ):

            def progress(read: int) -> None:
                bar.update(read - bar.n)

            report = services.import_cases(
                actor=actor,
                records=lines,
                batch_size=options["batch_size"],
                progress=progress,
            )
        for rejected in report.rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(
                f"  ! 第 {rejected.line} 行 / line {rejected.line} "
                f"[{rejected.code}] {rejected.zh} / {rejected.en}"
            )
        if len(report.rejected) > SHOWN_REJECTIONS:
            self.stdout.write(f"  … {len(report.rejected) - SHOWN_REJECTIONS} more")
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
            )
        self.stdout.write(
            f"读取 {report.read}，新增 {report.created}，已有 {report.already_present}，"
            f"拒绝 {len(report.rejected)} / read {report.read}, created "
            f"{report.created}, already present {report.already_present}, "
            f"rejected {len(report.rejected)}"
        )

    def do_refresh_rollups(self, options: dict[str, Any]) -> None:
        rows = services.refresh_rollups()
        self.stdout.write(f"统计已刷新 / rollups refreshed: {rows} rows")
