"""Writes to the reference corpus: every change to instruments and versions goes here.

Bulk paths (the corpus import) use ``bulk_create`` inside :func:`import_documents`;
each call is one transaction, so a batch is either wholly in or wholly out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from fazhi.laws.models import RANK, Instrument, Kind, Provision, Version
from fazhi.laws.parsing import ParsedDocument

log = logging.getLogger(__name__)


@dataclass
class ImportItem:
    """One parsed document with what the catalogue says about it."""

    document: ParsedDocument
    kind: str = Kind.OTHER
    region: str | None = None
    short_title: str = ""
    promulgated_on: dt.date | None = None
    effective_on: dt.date | None = None
    expired: bool = False
    #: Provision rows prepared by the parsing process (see :func:`provision_rows`);
    #: when given, ``document.provisions`` may be empty.
    rows: list[tuple[Any, ...]] | None = None
    articles: int | None = None

    @property
    def article_count(self) -> int:
        return self.document.article_count if self.articles is None else self.articles


PROVISION_COLUMNS = (
    "eid",
    "kind",
    "label",
    "number",
    "suffix",
    "heading",
    "heading_path",
    "text",
    "order",
    "references",
)


def provision_rows(doc: ParsedDocument) -> list[tuple[Any, ...]]:
    """The provision rows of a parsed document, without the version id (pure:
    the import builds them in its worker processes)."""
    return [
        (
            p.eid[:160],
            p.kind,
            p.label[:64],
            p.number,
            p.suffix,
            p.heading[:255],
            p.heading_path[:512],
            p.text,
            order,
            json.dumps(p.references, ensure_ascii=False),
        )
        for order, p in enumerate(doc.provisions)
    ]


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    articles: int = 0
    instruments_created: int = 0
    version_ids: list[int] = field(default_factory=list)
    instrument_ids: set[int] = field(default_factory=set)

    def add(self, other: ImportOutcome) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.articles += other.articles
        self.instruments_created += other.instruments_created
        self.version_ids += other.version_ids
        self.instrument_ids |= other.instrument_ids


def _slug_for(short_title: str, kind: str, region: str | None, taken: set[str]) -> str:
    base = "-".join(short_title.split())[:200] or "untitled"
    candidate = base
    n = 1
    while candidate in taken:
        candidate = f"{base}-{region or kind}" + (f"-{n}" if n > 1 else "")
        n += 1
    taken.add(candidate)
    return candidate


def _instruments_for(
    items: Sequence[ImportItem], outcome: ImportOutcome
) -> dict[tuple[str, str, str | None], Instrument]:
    """The instrument of every item: one query for the known, one insert for the new."""

    def identity(item: ImportItem) -> tuple[str, str, str | None]:
        return (item.kind, item.short_title or item.document.short_title, item.region)

    wanted = {identity(i) for i in items}
    found = {
        (i.kind, i.short_title, i.region): i
        for i in Instrument.objects.filter(short_title__in={w[1] for w in wanted})
    }
    missing = [i for i in items if identity(i) not in found]
    if missing:
        taken = set(Instrument.objects.values_list("slug", flat=True))
        new: dict[tuple[str, str, str | None], Instrument] = {}
        for item in missing:
            key = identity(item)
            if key in new:
                continue
            doc = item.document
            new[key] = Instrument(
                title=doc.title[:255] or key[1],
                short_title=key[1],
                slug=_slug_for(key[1], item.kind, item.region, taken),
                kind=item.kind,
                rank=RANK.get(Kind(item.kind), 1),
                issuing_body=doc.issuing_body[:128],
                region=item.region,
                document_number=doc.document_number[:64],
            )
        Instrument.objects.bulk_create(list(new.values()))
        outcome.instruments_created += len(new)
        found.update(new)
    return {identity(i): found[identity(i)] for i in items}


def _insert_provisions(rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs: the bulk path writes ~480,000 rows."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("version_id", *PROVISION_COLUMNS))
    per_row = "(" + ", ".join(["%s"] * (len(PROVISION_COLUMNS) + 1)) + ")"
    chunk = 500
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            values = ", ".join([per_row] * len(part))
            table = quote(Provision._meta.db_table)
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in part for value in row])


def _version_fields(item: ImportItem) -> dict[str, Any]:
    doc = item.document
    return {
        "title": doc.title[:255],
        "subtitle": doc.subtitle[:128],
        "history": "\n".join(doc.history),
        "promulgated_on": item.promulgated_on or doc.promulgated_on,
        "effective_on": item.effective_on or doc.effective_on,
        "ended_undated": item.expired,
        "content_hash": doc.content_hash,
        "article_count": item.article_count,
        "problems": doc.problems[:50],
    }


def import_documents(
    *, items: Sequence[ImportItem], actor: Any = None, reindex: bool = True
) -> ImportOutcome:
    """Create or update the versions of ``items`` in one transaction.

    A source already imported with the same content hash is left alone; one
    whose content changed has its version updated and its provisions replaced.
    """
    outcome = ImportOutcome()
    with transaction.atomic():
        existing = {
            v.source_path: v
            for v in Version.objects.filter(
                source_path__in=[i.document.source_path for i in items]
            ).select_related("instrument")
        }
        changed: list[tuple[ImportItem, Version]] = []
        fresh: list[ImportItem] = []
        for item in items:
            version = existing.get(item.document.source_path)
            if version is None:
                fresh.append(item)
            elif version.content_hash == item.document.content_hash:
                outcome.unchanged += 1
            else:
                for name, value in _version_fields(item).items():
                    setattr(version, name, value)
                version.save()
                version.provisions.all().delete()
                outcome.updated += 1
                changed.append((item, version))
        if fresh:
            instruments = _instruments_for(fresh, outcome)
            versions = [
                Version(
                    instrument=instruments[
                        (
                            i.kind,
                            i.short_title or i.document.short_title,
                            i.region,
                        )
                    ],
                    source_path=i.document.source_path,
                    **_version_fields(i),
                )
                for i in fresh
            ]
            Version.objects.bulk_create(versions)
            changed += list(zip(fresh, versions, strict=True))
            outcome.created += len(fresh)
        rows: list[tuple[Any, ...]] = []
        for item, version in changed:
            outcome.version_ids.append(version.pk)
            outcome.instrument_ids.add(version.instrument_id)
            outcome.articles += item.article_count
            item_rows = (
                item.rows if item.rows is not None else provision_rows(item.document)
            )
            rows += [(version.pk, *row) for row in item_rows]
        _insert_provisions(rows)
        if outcome.instrument_ids:
            refresh_version_chain(instrument_ids=outcome.instrument_ids)
            _record(actor, outcome)
            if reindex:
                ids = set(outcome.instrument_ids)
                transaction.on_commit(lambda: _reindex_instruments(ids))
    return outcome


def refresh_version_chain(*, instrument_ids: Iterable[int]) -> None:
    """Each version is superseded on the day its successor takes effect."""
    versions = list(
        Version.objects.filter(instrument_id__in=list(instrument_ids)).order_by(
            "instrument_id", "promulgated_on", "id"
        )
    )
    changed: list[Version] = []
    for current, following in itertools.pairwise(versions):
        if current.instrument_id != following.instrument_id:
            continue
        successor_start = following.effective_on or following.promulgated_on
        if current.superseded_on != successor_start:
            current.superseded_on = successor_start
            changed.append(current)
    last_of: dict[int, Version] = {v.instrument_id: v for v in versions}
    for version in last_of.values():
        if version.superseded_on is not None:
            version.superseded_on = None
            changed.append(version)
    Version.objects.bulk_update(changed, ["superseded_on"], batch_size=500)


def repeal_version(
    *, version: Version, repealed_on: dt.date, actor: Any = None, basis: str = ""
) -> Version:
    """Record that a version was repealed (废止) on ``repealed_on``."""
    from fazhi.core.errors import DomainError

    start = version.effective_on or version.promulgated_on
    if start is not None and repealed_on < start:
        raise DomainError(
            "废止日期不得早于施行日期。",
            "The repeal date cannot be before the effective date.",
            code="laws_repeal_before_effective",
            field="repealed_on",
        )
    with transaction.atomic():
        before = {"repealed_on": str(version.repealed_on or "")}
        version.repealed_on = repealed_on
        version.save(update_fields=["repealed_on", "imported_at"])
        _audit(
            actor,
            "laws.version.repeal",
            obj=version,
            basis=basis,
            before=before,
            after={"repealed_on": repealed_on.isoformat()},
        )
        instrument_id = version.instrument_id
        transaction.on_commit(lambda: _reindex_instruments({instrument_id}))
    return version


def _record(actor: Any, outcome: ImportOutcome) -> None:
    _audit(
        actor,
        "laws.import.batch",
        after={
            "created": outcome.created,
            "updated": outcome.updated,
            "articles": outcome.articles,
            "versions": outcome.version_ids[:200],
        },
    )


def _audit(actor: Any, action: str, **kwargs: Any) -> None:
    """One entry in the full-process record (全过程记录), in the caller's transaction."""
    from fazhi.core.audit.services import record

    record(actor=actor, action=action, **kwargs)


def _reindex_instruments(instrument_ids: set[int]) -> None:
    from fazhi.laws.search.indexing import reindex_instruments

    try:
        reindex_instruments(instrument_ids=instrument_ids)
    except Exception:  # the index is derived data: reconcile repairs it
        log.exception("search index update failed; run `fazhi laws reindex`")


# -- staff edits: one instrument or version at a time, audited ---------------------


def _unique_identity(
    *, kind: str, short_title: str, region: str | None, exclude: int | None = None
) -> None:
    """The database cannot enforce uniqueness when region is NULL: check here."""
    qs = Instrument.objects.filter(kind=kind, short_title=short_title, region=region)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        from fazhi.core.errors import DomainError

        raise DomainError(
            "同一类别、同一地区已有同名的法律法规。",
            "An instrument of this kind with this title already exists here.",
            code="laws_instrument_exists",
            field="short_title",
        )


def create_instrument(
    *,
    actor: Any,
    title: str,
    short_title: str,
    kind: str,
    region: str | None = None,
    issuing_body: str = "",
    document_number: str = "",
    basis: str = "",
) -> Instrument:
    """Register a new instrument (登记法律法规); its text comes with :func:`add_version`."""
    from fazhi.core.errors import DomainError

    short_title = short_title.strip()
    if not short_title or not title.strip():
        raise DomainError(
            "请填写标题和简称。",
            "Enter the title and the short title.",
            code="laws_title_required",
            field="short_title",
        )
    if kind not in Kind.values:
        raise DomainError(
            "未知的法律法规类别。",
            "Unknown kind of instrument.",
            code="laws_bad_kind",
            field="kind",
        )
    region = region or None
    _unique_identity(kind=kind, short_title=short_title, region=region)
    with transaction.atomic():
        instrument = Instrument.objects.create(
            title=title.strip()[:255],
            short_title=short_title[:255],
            slug=_slug_for(
                short_title,
                kind,
                region,
                set(Instrument.objects.values_list("slug", flat=True)),
            ),
            kind=kind,
            rank=RANK.get(Kind(kind), 1),
            issuing_body=issuing_body[:128],
            region=region,
            document_number=document_number[:64],
        )
        _audit(
            actor,
            "laws.instrument.create",
            obj=instrument,
            basis=basis,
            after={"short_title": short_title, "kind": kind, "region": region},
        )
    return instrument


def _parse_staff_text(
    *, instrument: Instrument, text: str, promulgated_on: dt.date, tag: str
) -> ParsedDocument:
    from fazhi.core.errors import DomainError
    from fazhi.laws.parsing import parse_text

    source = f"staff/{instrument.pk}/{promulgated_on.isoformat()}{tag}.md"
    doc = parse_text(source, text.encode("utf-8"))
    if not doc.article_count:
        raise DomainError(
            "文本中没有找到“第X条”形式的条文。",
            "The text has no articles (第X条).",
            code="laws_text_without_articles",
            field="text",
        )
    return doc


def add_version(
    *,
    actor: Any,
    instrument: Instrument,
    text: str,
    promulgated_on: dt.date,
    effective_on: dt.date | None = None,
    basis: str = "",
) -> Version:
    """Add the text of an amendment or a new instrument (修改、修订): a new version.

    The previous version ends the day this one takes effect; the search index
    follows after the commit.
    """
    from fazhi.core.errors import DomainError

    if effective_on is not None and effective_on < promulgated_on:
        raise DomainError(
            "施行日期不得早于公布日期。",
            "The effective date cannot be before the promulgation date.",
            code="laws_effective_before_promulgation",
            field="effective_on",
        )
    if instrument.versions.filter(promulgated_on=promulgated_on).exists():
        raise DomainError(
            "该法律法规已有同一公布日期的版本。",
            "This instrument already has a version promulgated on that day.",
            code="laws_version_exists",
            field="promulgated_on",
        )
    doc = _parse_staff_text(
        instrument=instrument, text=text, promulgated_on=promulgated_on, tag=""
    )
    item = ImportItem(
        document=doc,
        kind=instrument.kind,
        region=instrument.region,
        short_title=instrument.short_title,
        promulgated_on=promulgated_on,
        effective_on=effective_on or promulgated_on,
    )
    with transaction.atomic():
        version = Version.objects.create(
            instrument=instrument, source_path=doc.source_path, **_version_fields(item)
        )
        if not version.title:
            version.title = instrument.title
            version.save(update_fields=["title"])
        _insert_provisions([(version.pk, *row) for row in provision_rows(doc)])
        refresh_version_chain(instrument_ids=[instrument.pk])
        _audit(
            actor,
            "laws.version.add",
            obj=version,
            basis=basis,
            after={
                "promulgated_on": promulgated_on.isoformat(),
                "effective_on": (effective_on or promulgated_on).isoformat(),
                "articles": doc.article_count,
            },
        )
        _reindex_on_commit({instrument.pk})
    return version


def correct_version_text(
    *, actor: Any, version: Version, text: str, reason: str
) -> Version:
    """Correct the text of an existing version (勘误): its provisions are replaced."""
    from fazhi.core.errors import DomainError

    if not reason.strip():
        raise DomainError(
            "更正文本须说明理由。",
            "Give the reason for the correction.",
            code="laws_reason_required",
            field="reason",
        )
    day = version.promulgated_on or dt.date.min
    doc = _parse_staff_text(
        instrument=version.instrument, text=text, promulgated_on=day, tag="-corrected"
    )
    with transaction.atomic():
        before = {"content_hash": version.content_hash}
        version.content_hash = doc.content_hash
        version.article_count = doc.article_count
        version.problems = doc.problems[:50]
        version.save(
            update_fields=["content_hash", "article_count", "problems", "imported_at"]
        )
        version.provisions.all().delete()
        _insert_provisions([(version.pk, *row) for row in provision_rows(doc)])
        _audit(
            actor,
            "laws.version.correct",
            obj=version,
            reason=reason,
            before=before,
            after={"content_hash": doc.content_hash},
        )
        _reindex_on_commit({version.instrument_id})
    return version


def repeal_instrument(
    *, actor: Any, instrument: Instrument, repealed_on: dt.date, basis: str = ""
) -> Instrument:
    """Repeal an instrument (废止): its version in force on that day ends then."""
    from fazhi.core.errors import DomainError

    versions = [
        v
        for v in instrument.versions.order_by("promulgated_on", "id")
        if v.status_on(repealed_on) == "in_force"
    ]
    if not versions:
        raise DomainError(
            "该法律法规在该日没有有效的版本可以废止。",
            "No version of this instrument is in force on that day.",
            code="laws_nothing_to_repeal",
            field="repealed_on",
        )
    with transaction.atomic():
        repeal_version(
            version=versions[-1], repealed_on=repealed_on, actor=actor, basis=basis
        )
    return instrument


def _reindex_on_commit(instrument_ids: set[int]) -> None:
    transaction.on_commit(lambda: _reindex_instruments(instrument_ids))
