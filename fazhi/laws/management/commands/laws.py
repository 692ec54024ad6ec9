"""``fazhi laws …``: import the corpus or one document, rebuild the index, figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from fazhi.laws import importer
from fazhi.laws.models import Instrument, Kind, Provision, Version
from fazhi.laws.search import indexing


class Command(BaseCommand):
    help = "法律法规库：导入、重建索引、统计 / Laws library: import, reindex, stats"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        corpus = sub.add_parser("import-lawrefbook", help="导入 lawrefbook 语料")
        corpus.add_argument("path", type=Path)
        corpus.add_argument("--limit", type=int, default=None)
        corpus.add_argument("--batch-size", type=int, default=200)
        corpus.add_argument("--processes", type=int, default=None)
        corpus.add_argument("--no-index", action="store_true")
        corpus.add_argument(
            "--once",
            action="store_true",
            help="库中已有法律法规时跳过（供 make run 使用） / "
            "skip when the library already holds laws (for make run)",
        )
        one = sub.add_parser("import", help="导入单个 .md/.txt/.docx 文件")
        one.add_argument("file", type=Path)
        one.add_argument("--kind", choices=[k.value for k in Kind], default="other")
        sub.add_parser("reindex", help="重建检索索引")
        sub.add_parser("reconcile", help="核对索引与数据库，不一致时重建")
        sub.add_parser("stats", help="统计")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_import_lawrefbook(self, options: dict[str, Any]) -> None:
        root: Path = options["path"]
        if not root.is_dir():
            raise CommandError(f"目录不存在 / no such folder: {root}")
        if options["once"] and _holds_laws():
            self.stdout.write(
                "法律法规库已导入，跳过 / the laws library is already imported, skipped"
            )
            return
        total = len(importer.discover(root))
        if options["limit"]:
            total = min(total, options["limit"])
        with tqdm(total=total, unit="file", disable=None) as bar:
            report = importer.import_corpus(
                root,
                batch_size=options["batch_size"],
                processes=options["processes"],
                limit=options["limit"],
                progress=bar.update,
            )
        indexed = 0
        if not options["no_index"]:
            indexed = indexing.rebuild_index()
        for path, problems in sorted(report.problems.items())[:40]:
            self.stdout.write(f"  ! {path}: {'; '.join(problems)}")
        if len(report.problems) > 40:
            self.stdout.write(
                f"  … {len(report.problems) - 40} more files with problems"
            )
        self.stdout.write(
            f"files {report.files}: created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, failed {report.failed}, "
            f"with problems {len(report.problems)}\n"
            f"instruments {report.instruments}, versions {report.versions}, "
            f"articles {report.articles}; indexed {indexed} documents; "
            f"{report.seconds:.1f} s import"
        )

    def do_import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        outcome = importer.import_file(path, kind=options["kind"])
        self.stdout.write(
            f"created {outcome.created}, updated {outcome.updated}, "
            f"unchanged {outcome.unchanged}, articles {outcome.articles}"
        )

    def do_reindex(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"indexed {indexing.rebuild_index()} documents")

    def do_reconcile(self, options: dict[str, Any]) -> None:
        expected = indexing.expected_count()
        actual = indexing.get_backend().count()
        if expected == actual:
            self.stdout.write(f"index consistent: {actual} documents")
            return
        self.stdout.write(f"index has {actual}, database {expected}: rebuilding")
        self.do_reindex(options)

    def do_stats(self, options: dict[str, Any]) -> None:
        self.stdout.write(
            f"instruments {Instrument.objects.count()}, versions "
            f"{Version.objects.count()}, articles "
            f"{Provision.objects.filter(kind=Provision.Kind.ARTICLE).count()}, "
            f"indexed {indexing.get_backend().count()}"
        )


def _holds_laws() -> bool:
    """Whether anything but normative documents (which the demo publishes) is in the library."""
    return Instrument.objects.exclude(kind=Kind.NORMATIVE_DOCUMENT).exists()
