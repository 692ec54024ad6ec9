"""Import the lawrefbook corpus: walk, read the catalogue, parse in a pool, write in batches.

Parsing (CPU) runs in worker processes; writing runs in this process through
:func:`fazhi.laws.services.import_documents`, one transaction per batch, so a
killed import keeps every batch committed before the kill and no partial version.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi.laws.models import Kind
from fazhi.laws.parsing import ParsedDocument, parse_text, short_title_from_path

SKIP_NAMES = {"_index.md", "法律法规模版.md"}
LEVEL_KINDS = {
    "宪法": Kind.CONSTITUTION,
    "法律": Kind.LAW,
    "行政法规": Kind.ADMINISTRATIVE_REGULATION,
    "监察法规": Kind.SUPERVISORY_REGULATION,
    "司法解释": Kind.JUDICIAL_INTERPRETATION,
    "部门规章": Kind.DEPARTMENTAL_RULE,
    "地方性法规": Kind.LOCAL_REGULATION,
    "地方政府规章": Kind.LOCAL_GOVERNMENT_RULE,
    "其他": Kind.OTHER,
}
FOLDER_KINDS = {
    "宪法": Kind.CONSTITUTION,
    "行政法规": Kind.ADMINISTRATIVE_REGULATION,
    "司法解释": Kind.JUDICIAL_INTERPRETATION,
    "部门规章": Kind.DEPARTMENTAL_RULE,
    "DLC": Kind.LOCAL_REGULATION,
    "其他": Kind.OTHER,
}
#: GB/T 2260 codes of the provinces whose local regulations the corpus carries.
REGIONS = {
    "北京": "110000",
    "上海": "310000",
    "浙江": "330000",
    "山东": "370000",
    "河南": "410000",
    "广东": "440000",
    "重庆": "500000",
}


@dataclass
class CatalogueEntry:
    level: str
    name: str
    publish: dt.date | None
    valid_from: dt.date | None
    expired: bool


@dataclass
class RunReport:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    instruments: int = 0
    versions: int = 0
    articles: int = 0
    seconds: float = 0.0
    problems: dict[str, list[str]] = field(default_factory=dict)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_catalogue(root: Path) -> dict[str, CatalogueEntry]:
    """Catalogue rows by the file path they describe (relative to ``root``)."""
    entries: dict[str, CatalogueEntry] = {}
    for db in [root / "db.sqlite3", *sorted(root.glob("DLC/*/db.sqlite3"))]:
        if not db.exists():
            continue
        prefix = "" if db.parent == root else f"{db.parent.relative_to(root)}/"
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT law.level, law.name, law.filename, law.publish, "
                "law.valid_from, law.expired, category.folder "
                "FROM law JOIN category ON law.category_id = category.id"
            ).fetchall()
        finally:
            con.close()
        for level, name, filename, publish, valid_from, expired, folder in rows:
            stem = filename or name.split(" ")[-1]
            if publish and not filename:
                stem = f"{stem}({publish})"
            entry = CatalogueEntry(
                level, name, _date(publish), _date(valid_from), bool(expired)
            )
            entries[f"{prefix}{folder}/{stem}.md"] = entry
    return entries


def discover(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.md") if p.name not in SKIP_NAMES and p.is_file()
    )


def _kind_for(relative: str, entry: CatalogueEntry | None, title: str) -> str:
    kind: str = Kind.LAW
    if entry is not None and entry.level in LEVEL_KINDS:
        kind = LEVEL_KINDS[entry.level]
    else:
        kind = FOLDER_KINDS.get(relative.split("/", 1)[0], Kind.LAW)
    if kind == Kind.LOCAL_REGULATION:
        if "自治条例" in title or "单行条例" in title:
            kind = Kind.AUTONOMOUS_REGULATION
        elif "经济特区" in title:
            kind = Kind.SEZ_REGULATION
    return kind


def _region_for(relative: str) -> str | None:
    if not relative.startswith("DLC/"):
        return None
    for name, code in REGIONS.items():
        if relative.startswith(f"DLC/{name}"):
            return code
    return None


@dataclass
class Prepared:
    """A parsed document and its provision rows, built in a worker process."""

    document: ParsedDocument
    rows: list[tuple[Any, ...]]
    articles: int


def _parse_task(task: tuple[str, str]) -> Prepared | str:
    from fazhi.laws.services import provision_rows

    relative, absolute = task
    try:
        doc = parse_text(relative, Path(absolute).read_bytes())
    except Exception as exc:  # reported, never fatal
        return f"{relative}: {type(exc).__name__}: {exc}"
    rows = provision_rows(doc)
    articles = doc.article_count
    doc.provisions = []  # the rows carry them; half the bytes to send back
    return Prepared(doc, rows, articles)


def _item_for(prepared: Prepared, entry: CatalogueEntry | None) -> Any:
    from fazhi.laws.services import ImportItem

    doc = prepared.document
    short_title = doc.short_title
    if entry is not None and " " in entry.name:
        short_title = entry.name  # 民法典 合同编: the code's parts keep the code's name
    return ImportItem(
        document=doc,
        kind=_kind_for(doc.source_path, entry, doc.title),
        region=_region_for(doc.source_path),
        short_title=short_title or short_title_from_path(doc.source_path),
        promulgated_on=entry.publish if entry else None,
        effective_on=entry.valid_from if entry else None,
        expired=entry.expired if entry else False,
        rows=prepared.rows,
        articles=prepared.articles,
    )


def parsed_documents(
    tasks: list[tuple[str, str]], processes: int
) -> Iterator[Prepared | str]:
    if processes <= 1:
        yield from map(_parse_task, tasks)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(processes) as pool:
        yield from pool.imap(_parse_task, tasks, chunksize=8)


def import_corpus(
    root: Path,
    *,
    actor: Any = None,
    batch_size: int = 200,
    processes: int | None = None,
    limit: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> RunReport:
    """Import every instrument under ``root``; returns the figures of the run."""
    from fazhi.laws.models import Instrument, Provision, Version
    from fazhi.laws.services import ImportItem, ImportOutcome, import_documents

    started = time.perf_counter()
    _bulk_session()
    catalogue = read_catalogue(root)
    files = discover(root)[:limit] if limit else discover(root)
    tasks = [(p.relative_to(root).as_posix(), str(p)) for p in files]
    report = RunReport(files=len(tasks))
    total = ImportOutcome()
    batch: list[ImportItem] = []

    def flush() -> None:
        if batch:
            total.add(import_documents(items=batch, actor=actor, reindex=False))
            batch.clear()

    for result in parsed_documents(tasks, processes or os.cpu_count() or 1):
        if progress:
            progress(1)
        if isinstance(result, str):
            report.failed += 1
            report.problems[result.split(":", 1)[0]] = [result]
            continue
        doc = result.document
        if doc.problems:
            report.problems[doc.source_path] = doc.problems[:5]
        batch.append(_item_for(result, catalogue.get(doc.source_path)))
        if len(batch) >= batch_size:
            flush()
    flush()
    report.created = total.created
    report.updated = total.updated
    report.unchanged = total.unchanged
    report.instruments = Instrument.objects.count()
    report.versions = Version.objects.count()
    report.articles = Provision.objects.filter(kind=Provision.Kind.ARTICLE).count()
    report.seconds = time.perf_counter() - started
    return report


def _bulk_session() -> None:
    """SQLite in WAL mode: a commit reaches the log without waiting for the disk
    (synchronous=NORMAL). A killed process keeps every committed batch; only a
    power cut may lose the last ones, which a re-run imports again."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-65536")


def import_file(path: Path, *, actor: Any = None, kind: str = Kind.OTHER) -> Any:
    """Import one .md, .txt or .docx document (its name gives the short title)."""
    from fazhi.laws.services import ImportItem, import_documents

    data = read_document_bytes(path)
    doc = parse_text(path.name, data)
    return import_documents(
        items=[ImportItem(document=doc, kind=kind, short_title=doc.short_title)],
        actor=actor,
    )


def read_document_bytes(path: Path) -> bytes:
    """UTF-8 text of a .md/.txt file, or the paragraphs of a .docx (stdlib only)."""
    if path.suffix.lower() != ".docx":
        return path.read_bytes()
    import zipfile
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314
    paragraphs = [
        "".join(node.text or "" for node in p.iter(f"{ns}t"))
        for p in root.iter(f"{ns}p")
    ]
    return "\n".join(paragraphs).encode("utf-8")
