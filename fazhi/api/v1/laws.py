"""The law and regulation library (法律法规库): search, catalogue, versions,
articles, comparison and a bulk export, mirroring the public pages.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.laws import selectors
from fazhi.laws.models import Instrument, Provision, Version
from fazhi.laws.search.base import SearchQuery
from fazhi.laws.validity import Dates, status_on

router = Router(tags=["法律法规库"])


class SearchParams(BaseModel):
    """A plain pydantic model, not a ninja ``Schema``: the latter wraps the
    values for reading Django objects, work this busiest address does not need
    (the OpenAPI and the validation problems are the same)."""

    q: str
    as_of: dt.date | None = None
    status: str = "in_force"
    kind: list[str] = []
    region: str = ""
    issuing_body: str = ""
    limit: int = 10
    offset: int = 0
    facets: bool = False


class SearchHitOut(Schema):
    title: str
    full_title: str
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    status: str
    article: str
    snippet: str
    url: str


class SearchOut(Schema):
    total: int
    as_of: dt.date | None
    relaxed: bool
    hits: list[SearchHitOut]
    facets: dict[str, dict[str, int]]
    suggestions: list[str]


class InstrumentOut(Schema):
    slug: str
    title: str
    short_title: str
    kind: str
    rank: int
    issuing_body: str
    region: str | None
    document_number: str
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj["url"] if isinstance(obj, dict) else str(obj.get_absolute_url())


class VersionOut(Schema):
    title: str
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    ends_on: dt.date | None
    status: str
    status_label: str
    article_count: int
    url: str


class InstrumentDetailOut(InstrumentOut):
    versions: list[VersionOut]


class ProvisionOut(Schema):
    eid: str
    kind: str
    label: str
    heading: str
    heading_path: str
    text: str
    url: str


class VersionDetailOut(VersionOut):
    instrument: InstrumentOut
    history: str
    provisions: list[ProvisionOut]


class ArticleOut(ProvisionOut):
    instrument: InstrumentOut
    version: VersionOut
    references: list[dict[str, Any]]


class ArticleChangeOut(Schema):
    label: str
    change: str
    old_text: str
    new_text: str
    diff_html: str


class CompareOut(Schema):
    instrument: InstrumentOut
    old: VersionOut
    new: VersionOut
    changed: int
    articles: list[ArticleChangeOut]


class CatalogueParams(Schema):
    kind: str = ""
    region: str = ""
    status: str = "any"
    title: str = ""
    as_of: dt.date | None = None


class ExportParams(Schema):
    kind: str = ""
    region: str = ""
    status: str = "in_force"
    instrument: str = ""
    as_of: dt.date | None = None


def _instrument_out(obj: Instrument) -> dict[str, Any]:
    return {
        "slug": obj.slug,
        "title": obj.title,
        "short_title": obj.short_title,
        "kind": obj.kind,
        "rank": obj.rank,
        "issuing_body": obj.issuing_body,
        "region": obj.region,
        "document_number": obj.document_number,
        "url": obj.get_absolute_url(),
    }


def _version_out(row: dict[str, Any]) -> dict[str, Any]:
    version: Version = row["version"]
    return {
        "title": version.title,
        "promulgated_on": version.promulgated_on,
        "effective_on": version.effective_on,
        "ends_on": row["ends_on"],
        "status": row["status"].value,
        "status_label": row["status_label"],
        "article_count": version.article_count,
        "url": version.get_absolute_url(),
    }


def _row(obj: Instrument, version: Version) -> dict[str, Any]:
    return next(
        r for r in selectors.list_timeline(instrument=obj) if r["version"] == version
    )


def _provision_out(p: Provision) -> dict[str, Any]:
    return {
        "eid": p.eid,
        "kind": p.kind,
        "label": p.label,
        "heading": p.heading,
        "heading_path": p.heading_path,
        "text": p.text,
        "url": p.get_absolute_url(),
    }


@router.get(
    "/search",
    response=SearchOut,
    summary="检索法律法规条文",
    operation_id="laws_search",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    # The body is written here as JSON in the order of ``SearchOut``: the hits are
    # built from the engine's own values, so validating them again through the
    # schema would only cost time on the busiest address of the library.
    day = params.as_of or selectors.today()
    query = SearchQuery(
        text=params.q,
        as_of=params.as_of if params.status == "any" else day,
        status=params.status,
        kinds=tuple(params.kind),
        region=params.region,
        issuing_body=params.issuing_body,
        limit=params.limit,
        offset=params.offset,
        facets=params.facets,
    )
    results = selectors.search_laws(query=query)
    body = {
        "total": results.total,
        "as_of": day.isoformat(),
        "relaxed": results.relaxed,
        "hits": [
            {
                "title": hit.short_title,
                "full_title": hit.title,
                "promulgated_on": _iso(hit.promulgated_on),
                "effective_on": _iso(hit.effective_on),
                "status": status_on(
                    Dates(
                        hit.promulgated_on,
                        hit.effective_on,
                        expired_on=hit.ends_on if hit.ends_on.year < 9999 else None,
                    ),
                    day,
                ).value,
                "article": hit.article,
                "snippet": hit.snippet,
                "url": hit.url,
            }
            for hit in results.hits
        ],
        "facets": results.facets,
        "suggestions": results.suggestions,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@router.get(
    "/instruments",
    response=list[InstrumentOut],
    summary="法规目录",
    operation_id="laws_list_instruments",
)
@paginate(FazhiPagination)
def list_instruments(request: HttpRequest, params: Query[CatalogueParams]) -> Any:
    return selectors.list_instruments(
        kind=params.kind,
        region=params.region,
        status=params.status,
        title=params.title,
        day=params.as_of,
    )


@router.get(
    "/instruments/{slug}",
    response=InstrumentDetailOut,
    summary="法律法规及其版本沿革",
    operation_id="laws_get_instrument",
)
def get_instrument(request: HttpRequest, slug: str) -> dict[str, Any]:
    obj = selectors.get_instrument(slug=slug)
    return {
        **_instrument_out(obj),
        "versions": [_version_out(r) for r in selectors.list_timeline(instrument=obj)],
    }


@router.get(
    "/instruments/{slug}/versions/{date}",
    response=VersionDetailOut,
    summary="某一版本的全文",
    operation_id="laws_get_version",
)
def get_version(request: HttpRequest, slug: str, date: str) -> dict[str, Any]:
    obj = selectors.get_instrument(slug=slug)
    version = selectors.get_version(instrument=obj, date=date)
    return {
        **_version_out(_row(obj, version)),
        "instrument": _instrument_out(obj),
        "history": version.history,
        "provisions": [
            _provision_out(p) for p in selectors.list_articles(version=version)
        ],
    }


@router.get(
    "/instruments/{slug}/versions/{date}/articles/{article}",
    response=ArticleOut,
    summary="条文（永久链接）",
    operation_id="laws_get_article",
)
def get_article(
    request: HttpRequest, slug: str, date: str, article: str
) -> dict[str, Any]:
    obj = selectors.get_instrument(slug=slug)
    version = selectors.get_version(instrument=obj, date=date)
    provision = selectors.get_article(version=version, article=article)
    return {
        **_provision_out(provision),
        "instrument": _instrument_out(obj),
        "version": _version_out(_row(obj, version)),
        "references": provision.references,
    }


@router.get(
    "/instruments/{slug}/compare/{old}/{new}",
    response=CompareOut,
    summary="新旧版本对照",
    operation_id="laws_compare_versions",
)
def compare_versions(
    request: HttpRequest, slug: str, old: str, new: str
) -> dict[str, Any]:
    obj = selectors.get_instrument(slug=slug)
    before = selectors.get_version(instrument=obj, date=old)
    after = selectors.get_version(instrument=obj, date=new)
    rows = selectors.compare_versions(old=before, new=after)
    return {
        "instrument": _instrument_out(obj),
        "old": _version_out(_row(obj, before)),
        "new": _version_out(_row(obj, after)),
        "changed": sum(r.change != "same" for r in rows),
        "articles": [r.__dict__ for r in rows],
    }


@router.get(
    "/export.jsonl",
    summary="批量导出条文（JSON Lines）",
    operation_id="laws_export",
    response={200: None},
)
def export(request: HttpRequest, params: Query[ExportParams]) -> StreamingHttpResponse:
    rows = selectors.iter_export(
        kind=params.kind,
        region=params.region,
        status=params.status,
        day=params.as_of,
        instrument=params.instrument,
    )
    first = next(rows, None)  # bad filters raise here, before the stream starts

    def lines() -> Iterator[str]:
        if first is None:
            return
        yield json.dumps(first, ensure_ascii=False) + "\n"
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(
        lines(), content_type="application/x-ndjson; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="laws.jsonl"'
    return response
