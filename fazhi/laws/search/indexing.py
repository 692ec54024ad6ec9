"""From the database to the search index: which documents, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import connection
from django.db.models import Field

from fazhi.laws import validity
from fazhi.laws.models import Provision, Version
from fazhi.laws.numerals import article_slug
from fazhi.laws.search.base import IndexDocument, SearchBackend

INDEXED_KINDS = (Provision.Kind.ARTICLE, Provision.Kind.PREAMBLE)


def index_path() -> Path:
    return Path(_folder(getattr(settings, "LAWS_SEARCH_DIR", None), settings.DATA_DIR))


@cache
def _folder(custom: object, data_dir: Path) -> str:
    """The index folder for these settings (computed once, not on every search)."""
    return str(Path(str(custom)) if custom is not None else Path(data_dir) / "search")


@cache
def _backend_for(path: str) -> SearchBackend:
    from fazhi.laws.search.tantivy_backend import TantivyBackend

    return TantivyBackend(Path(path), texts=texts)


def texts(keys: list[str]) -> dict[str, str]:
    """The texts of these index documents from the database, for the snippets
    (the index does not keep them: they are here already). One plain SQL
    query: through the ORM it took ten times as long, on every search."""
    selects: list[str] = []
    params: list[int] = []
    for prefix, model, column in (
        ("a:", Provision, "text"),
        ("t:", Version, "history"),
    ):
        ids = [int(k[2:]) for k in keys if k.startswith(prefix)]
        if ids:
            meta = model._meta
            text = cast("Field[Any, Any]", meta.get_field(column)).column
            selects.append(
                f"SELECT '{prefix}', {meta.pk.column}, {text} "  # noqa: S608
                f"FROM {meta.db_table} WHERE {meta.pk.column} IN "
                f"({', '.join(['%s'] * len(ids))})"
            )
            params += ids
    if not selects:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return {f"{prefix}{pk}": text for prefix, pk, text in cursor.fetchall()}


def get_backend() -> SearchBackend:
    """The process-wide engine for the configured index folder."""
    return _backend_for(
        _folder(getattr(settings, "LAWS_SEARCH_DIR", None), settings.DATA_DIR)
    )


def documents_for(versions: Iterable[Version]) -> Iterator[IndexDocument]:
    """Title documents and article documents of ``versions``."""
    versions = list(versions)
    by_id = {v.pk: v for v in versions}
    for version in versions:
        yield _document(
            version,
            "title",
            f"t:{version.pk}",
            version.history,
            "",
            "",
            version.get_absolute_url(),
        )
    provisions = (
        Provision.objects.filter(version_id__in=list(by_id), kind__in=INDEXED_KINDS)
        .only(
            "id",
            "version_id",
            "kind",
            "label",
            "number",
            "suffix",
            "text",
            "heading_path",
            "eid",
        )
        .order_by()
        .iterator(chunk_size=5000)
    )
    for p in provisions:
        version = by_id[p.version_id]
        if p.kind == Provision.Kind.ARTICLE:
            base = version.get_absolute_url()
            url = f"{base}art/{article_slug(p.number, p.suffix)}/"
        else:
            url = f"{version.get_absolute_url()}#{p.eid}"
        yield _document(
            version, "article", f"a:{p.pk}", p.text, p.heading_path, p.label, url
        )


def _document(
    version: Version,
    doc_type: str,
    key: str,
    body: str,
    heading: str,
    article: str,
    url: str,
) -> IndexDocument:
    instrument = version.instrument
    return IndexDocument(
        key=key,
        doc_type=doc_type,
        version_id=version.pk,
        instrument_id=instrument.pk,
        title=version.title,
        short_title=instrument.short_title,
        body=body,
        heading=heading,
        article=article,
        kind=instrument.kind,
        rank=instrument.rank,
        issuing_body=instrument.issuing_body,
        region=instrument.region or "",
        promulgated_on=version.promulgated_on,
        effective_on=version.effective_on,
        ends_on=validity.end(version.dates),
        url=url,
    )


def _versions(instrument_ids: Iterable[int] | None = None) -> list[Version]:
    qs = Version.objects.select_related("instrument").order_by("id")
    if instrument_ids is not None:
        qs = qs.filter(instrument_id__in=list(instrument_ids))
    return list(qs)


def rebuild_index(*, backend: SearchBackend | None = None) -> int:
    """Rebuild the whole index from the database; returns the documents indexed."""
    backend = backend or get_backend()
    return backend.rebuild(list(documents_for(_versions())))


def reindex_instruments(
    *, instrument_ids: set[int], backend: SearchBackend | None = None
) -> None:
    """Replace the documents of these instruments (after a commit that changed them)."""
    backend = backend or get_backend()
    backend.replace_instruments(
        instrument_ids, list(documents_for(_versions(instrument_ids)))
    )


def expected_count() -> int:
    """How many documents the index should hold: reconcile compares with this."""
    return (
        Version.objects.count()
        + Provision.objects.filter(kind__in=INDEXED_KINDS).count()
    )


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
