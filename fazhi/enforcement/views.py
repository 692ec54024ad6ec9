"""Public pages of enforcement publicity (执法公示): thin views over the public reads.

Before: subjects, matters, procedures, benchmarks (《行政处罚法》第34条、第39条).
During: the officer look-up by certificate number (第55条). After: the published
decisions, masked once at publication (第48条), with a search over the masked text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.errors import NotFoundError
from fazhi.enforcement import public_selectors, selectors
from fazhi.enforcement.models import EnforcementMatter

PAGE_SIZE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def index(request: HttpRequest) -> HttpResponse:
    """执法公示: the three parts (before, during, after)."""
    today = timezone.localdate()
    return render(
        request,
        "enforcement/public/index.html",
        {
            "subjects": selectors.list_subjects().count(),
            "matters": selectors.list_matters().count(),
            "decisions": public_selectors.list_published(today=today).count(),
        },
    )


def subjects(request: HttpRequest) -> HttpResponse:
    """执法主体: who may enforce, with the matters of each."""
    return render(
        request,
        "enforcement/public/subjects.html",
        {"subjects": selectors.list_subjects()},
    )


def subject(request: HttpRequest, subject_id: int) -> HttpResponse:
    """One subject, its matters and their legal basis (第39条)."""
    try:
        found = selectors.get_subject(subject_id=subject_id)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    matters = selectors.list_matters(subject_id=found.pk).prefetch_related("provisions")
    return render(
        request,
        "enforcement/public/subject.html",
        {"subject": found, "matters": matters, "kinds": EnforcementMatter.Kind},
    )


def procedures(request: HttpRequest) -> HttpResponse:
    """执法程序: every declared step with the article that governs it."""
    return render(
        request,
        "enforcement/public/procedures.html",
        {"procedures": public_selectors.public_procedures()},
    )


def benchmarks(request: HttpRequest) -> HttpResponse:
    """行政处罚裁量基准 (第34条: 应当向社会公布)."""
    today = timezone.localdate()
    return render(
        request,
        "enforcement/public/benchmarks.html",
        {"benchmarks": public_selectors.public_benchmarks(today=today)},
    )


def officer(request: HttpRequest) -> HttpResponse:
    """执法人员查询: officers identify themselves (亮证执法, 第55条)."""
    number = request.GET.get("certificate_number", "").strip()[:64]
    context: dict[str, Any] = {"number": number, "officer": None, "error": ""}
    if number:
        try:
            context["officer"] = selectors.get_public_officer(
                certificate_number=number, today=timezone.localdate()
            )
        except NotFoundError as exc:
            context["error"] = (
                exc.zh if request.LANGUAGE_CODE.startswith("zh") else exc.en
            )
    return render(
        request,
        "enforcement/public/officer.html",
        context,
        status=404 if context["error"] else 200,
    )


def decisions(request: HttpRequest) -> HttpResponse:
    """行政处罚决定公开: the list, with a search over the masked text and snippets."""
    q = request.GET.get("q", "").strip()[: public_selectors.MAX_QUERY]
    today = timezone.localdate()
    paginator = Paginator(public_selectors.list_published(today=today, q=q), PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    rows = [
        (p, public_selectors.snippet(p, q) if q else None) for p in page.object_list
    ]
    params = {"q": q} if q else {}
    return render(
        request,
        "enforcement/public/decisions.html",
        {
            "q": q,
            "page": page,
            "rows": rows,
            "previous_url": "?" + urlencode({**params, "page": page.number - 1})
            if page.has_previous()
            else "",
            "next_url": "?" + urlencode({**params, "page": page.number + 1})
            if page.has_next()
            else "",
        },
    )


def decision(request: HttpRequest, publication_id: int) -> HttpResponse:
    """One published decision; a withdrawn one says when and why, nothing more."""
    try:
        found = public_selectors.get_published(
            publication_id=publication_id, today=timezone.localdate()
        )
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    return render(request, "enforcement/public/decision.html", {"decision": found})
