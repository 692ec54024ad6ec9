"""Public pages of the laws library (法律法规库): thin views over the selectors."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.laws import selectors
from fazhi.laws.models import Instrument, Kind, Version, permalink
from fazhi.laws.search.base import SearchQuery

PAGE_SIZE = 20
SEARCH_STATUSES = ("in_force", "not_yet_in_force", "ended", "any")


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def search(request: HttpRequest) -> HttpResponse:
    """全文检索: filters (kind, region, status, as of a day), facets, pages."""
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    status = request.GET.get("status", "in_force")
    if status not in SEARCH_STATUSES:
        status = "in_force"
    as_of = _date(request.GET.get("as_of", ""))
    page = _page_number(request)
    context: dict[str, Any] = {
        "q": text,
        "kind": kind,
        "region": region,
        "status": status,
        "as_of": as_of,
        "kinds": Kind.choices,
        "statuses": SEARCH_STATUSES,
        "results": None,
        "error": "",
    }
    if text:
        try:
            results = selectors.search_laws(
                query=SearchQuery(
                    text=text,
                    as_of=as_of,
                    status=status,
                    kinds=(kind,) if kind else (),
                    region=region,
                    limit=PAGE_SIZE,
                    offset=(page - 1) * PAGE_SIZE,
                    facets=True,
                )
            )
        except DomainError as exc:
            context["error"] = (
                exc.zh if request.LANGUAGE_CODE.startswith("zh") else exc.en
            )
        else:
            context["results"] = results
            context["kind_labels"] = dict(Kind.choices)
            pages = max(1, -(-results.total // PAGE_SIZE))
            params = {k: v for k, v in request.GET.items() if k != "page"}
            context["page"] = page
            context["pages"] = pages
            if page > 1:
                context["previous_url"] = "?" + urlencode({**params, "page": page - 1})
            if page < pages:
                context["next_url"] = "?" + urlencode({**params, "page": page + 1})
    return render(request, "laws/search.html", context)


def catalogue(request: HttpRequest) -> HttpResponse:
    """法规目录: browse by kind, region and status."""
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    status = request.GET.get("status", "any")
    title = request.GET.get("title", "").strip()
    try:
        instruments = selectors.list_instruments(
            kind=kind, region=region, status=status, title=title
        )
    except DomainError:
        status = "any"
        instruments = selectors.list_instruments(kind=kind, region=region, title=title)
    paginator = Paginator(instruments, PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "laws/catalogue.html",
        {
            "page": page,
            "kind": kind,
            "region": region,
            "status": status,
            "title": title,
            "kinds": Kind.choices,
            "counts": selectors.count_catalogue(),
            "query": urlencode(params),
        },
    )


def _instrument(slug: str) -> Instrument:
    try:
        return selectors.get_instrument(slug=slug)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc


def _version(instrument: Instrument, date: str) -> Version:
    try:
        return selectors.get_version(instrument=instrument, date=date)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc


def instrument(request: HttpRequest, slug: str) -> HttpResponse:
    """The instrument with its version timeline (沿革) and status badges."""
    obj = _instrument(slug)
    timeline = selectors.list_timeline(instrument=obj)
    return render(
        request,
        "laws/instrument.html",
        {
            "instrument": obj,
            "timeline": timeline,
            "comparisons": [
                (
                    a["version"].date_key,  # type: ignore[attr-defined]
                    b["version"].date_key,  # type: ignore[attr-defined]
                    permalink(
                        "compare",
                        slug=obj.slug,
                        old=a["version"].date_key,  # type: ignore[attr-defined]
                        new=b["version"].date_key,  # type: ignore[attr-defined]
                    ),
                )
                for a, b in itertools.pairwise(timeline)
            ],
            "current": selectors.current_version(instrument=obj),
        },
    )


def version(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    obj = _instrument(slug)
    ver = _version(obj, date)
    status = ver.status_on(selectors.today())
    return render(
        request,
        "laws/version.html",
        {
            "instrument": obj,
            "version": ver,
            "status": status,
            "status_label": selectors.status_label(status),
            "provisions": selectors.list_articles(version=ver),
            "others": [
                row
                for row in selectors.list_timeline(instrument=obj)
                if row["version"] != ver
            ],
        },
    )


def printable(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    """The whole version for printing (打印版)."""
    obj = _instrument(slug)
    ver = _version(obj, date)
    today = selectors.today()
    status = ver.status_on(today)
    return render(
        request,
        "laws/print.html",
        {
            "instrument": obj,
            "version": ver,
            "status_label": selectors.status_label(status),
            "provisions": selectors.list_articles(version=ver),
            "today": today,
        },
    )


def article(request: HttpRequest, slug: str, date: str, article: str) -> HttpResponse:
    obj = _instrument(slug)
    ver = _version(obj, date)
    try:
        provision = selectors.get_article(version=ver, article=article)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    status = ver.status_on(selectors.today())
    return render(
        request,
        "laws/article.html",
        {
            "instrument": obj,
            "version": ver,
            "provision": provision,
            "status": status,
            "status_label": selectors.status_label(status),
            "current": selectors.current_version(instrument=obj),
        },
    )


def compare(request: HttpRequest, slug: str, old: str, new: str) -> HttpResponse:
    """Two versions article by article (新旧对照)."""
    obj = _instrument(slug)
    before = _version(obj, old)
    after = _version(obj, new)
    rows = selectors.compare_versions(old=before, new=after)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "laws/compare.html",
        {
            "instrument": obj,
            "old": before,
            "new": after,
            "rows": rows if show_all else [r for r in rows if r.change != "same"],
            "show_all": show_all,
            "changed": sum(r.change != "same" for r in rows),
        },
    )
