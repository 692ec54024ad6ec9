"""Public pages (``/normdocs/``): read through the public selectors; the two things the
public sends — a comment on a draft, a review request — go through the services.

Nothing personal is shown: comments are quoted in the published statement only,
masked (fazhi.core.masking); a requester follows the answer with a receipt code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.normdocs import selectors, services
from fazhi.normdocs.forms import CommentForm, ReceiptForm, ReviewRequestForm
from fazhi.normdocs.models import Document, State
from fazhi.normdocs.views.common import ShownError, error_status, page_of

CATALOGUES = ("in_force", "expired", "abolished")
DEFAULT_SUBMISSIONS_PER_HOUR = 20


def _found(read: Any, **kwargs: Any) -> Any:
    try:
        return read(**kwargs)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc


def _over_limit(request: HttpRequest, what: str) -> bool:
    """The per-address hourly limit of anonymous submissions (docs/adr/0073); the same
    counter as the API's, so pages and API share one limit."""
    limit = int(
        getattr(
            settings,
            "NORMDOCS_PUBLIC_SUBMISSIONS_PER_HOUR",
            DEFAULT_SUBMISSIONS_PER_HOUR,
        )
    )
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    key = f"normdocs:{what}:{digest}:{dt.datetime.now(dt.UTC):%Y%m%d%H}"
    count = int(cache.get_or_set(key, 0, timeout=3600) or 0)
    if count >= limit:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
    return False


THROTTLED = ShownError(
    "提交过于频繁，请一小时后再试。",
    "Too many submissions from your address; try again in an hour.",
    code="throttled",
)


def index(request: HttpRequest) -> HttpResponse:
    """The module's front page: drafts open for comment and the latest documents."""
    return render(
        request,
        "normdocs/index.html",
        {
            "consultations": selectors.list_open_consultations()[:5],
            "documents": selectors.list_published_documents()[:5],
            "catalogues": CATALOGUES,
            "today": timezone.localdate(),
        },
    )


def consultations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "normdocs/consultations.html",
        {"page": page_of(request, selectors.list_open_consultations())},
    )


@require_http_methods(["GET", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft, its explanation and the comment form while the period runs."""
    obj = _found(selectors.get_public_consultation, pk=pk)
    form = CommentForm(request.POST or None)
    error: ShownError | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        if _over_limit(request, "comment"):
            error, status = THROTTLED, 429
        elif form.is_bot():
            return _received_comment(request, obj.pk)
        else:
            try:
                services.submit_comment(
                    consultation=obj,
                    text=form.cleaned_data["text"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as exc:
                error, status = ShownError.of(exc), error_status(exc)
            else:
                return _received_comment(request, obj.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "normdocs/consultation.html",
        {
            "consultation": obj,
            "is_open": obj.is_open_on(timezone.localdate()),
            "form": form,
            "error": error,
        },
        status=status,
    )


def _received_comment(request: HttpRequest, pk: int) -> HttpResponse:
    messages.success(
        request, _("您的意见已收到，谢谢。起草机关将在意见采纳情况说明中统一反馈。")
    )
    return redirect(reverse("normdocs:consultation", args=[pk]) + "#comment-form")


def statements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "normdocs/statements.html",
        {"page": page_of(request, selectors.list_adoption_statements())},
    )


def statement(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _found(selectors.get_adoption_statement, pk=pk)
    return render(
        request,
        "normdocs/statement.html",
        {"consultation": obj, "text": selectors.public_statement_text(obj)},
    )


def documents(request: HttpRequest) -> HttpResponse:
    """The register of published documents (文号, title, organ, dates, status)."""
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "any")
    if status not in ("any", "in_force"):
        status = "any"
    organizations = selectors.public_organizations()
    organization = None
    raw_org = request.GET.get("organization", "")
    if raw_org.isdigit() and len(raw_org) <= 12:
        organization = organizations.filter(pk=int(raw_org)).first()
    rows = selectors.list_published_documents(
        q=q,
        organization=organization,
        in_force_on=timezone.localdate() if status == "in_force" else None,
    )
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "normdocs/documents.html",
        {
            "page": page_of(request, rows),
            "q": q,
            "status": status,
            "organizations": organizations,
            "organization": organization,
            "query": urlencode(params),
            "today": timezone.localdate(),
        },
    )


def document(request: HttpRequest, pk: int) -> HttpResponse:
    obj: Document = _found(selectors.get_published_document, pk=pk)
    return render(
        request,
        "normdocs/document.html",
        {
            "document": obj,
            "legal_bases": selectors.legal_bases_of(obj),
            "end_reason": selectors.public_end_reason(obj),
            "in_force": obj.in_force_on(timezone.localdate()),
            "may_request_review": obj.state == State.PUBLISHED,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def review_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A citizen's 审查建议 on a published document; the answer is followed by receipt."""
    obj: Document = _found(selectors.get_published_document, pk=pk)
    form = ReviewRequestForm(request.POST or None)
    error: ShownError | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        if _over_limit(request, "review_request"):
            error, status = THROTTLED, 429
        elif form.is_bot():
            messages.success(request, _("您的审查建议已收到。"))
            return redirect("normdocs:document", pk=obj.pk)
        else:
            try:
                received = services.submit_review_request(
                    document=obj,
                    text=form.cleaned_data["text"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as exc:
                error, status = ShownError.of(exc), error_status(exc)
            else:
                messages.success(
                    request,
                    _("您的审查建议已收到。请保存本页的回执码，凭它查询答复。"),
                )
                return redirect(
                    "normdocs:receipt", code=selectors.receipt_code(received)
                )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "normdocs/review_request.html",
        {"document": obj, "form": form, "error": error},
        status=status,
    )


def receipt_lookup(request: HttpRequest) -> HttpResponse:
    """Enter a receipt code to follow a review request."""
    form = ReceiptForm(request.GET or None)
    error: ShownError | None = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            selectors.get_review_request_by_receipt(code=code)
        except NotFoundError as exc:
            error = ShownError.of(exc)
        else:
            return redirect("normdocs:receipt", code=code.strip().upper())
    return render(
        request,
        "normdocs/receipt_lookup.html",
        {"form": form, "error": error},
        status=404 if error else 200,
    )


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    obj = _found(selectors.get_review_request_by_receipt, code=code)
    return render(
        request,
        "normdocs/receipt.html",
        {
            "request_obj": obj,
            "code": selectors.receipt_code(obj),
            "answer": selectors.public_answer_text(obj),
        },
    )


def catalogue(request: HttpRequest, kind: str) -> HttpResponse:
    """现行有效 / 已失效 / 已废止 catalogues."""
    if kind not in CATALOGUES:
        raise Http404("no such catalogue")
    rows = selectors.catalogue(kind=kind)
    return render(
        request,
        "normdocs/catalogue.html",
        {
            "kind": kind,
            "page": page_of(request, rows),
            "today": timezone.localdate(),
        },
    )


def campaigns(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "normdocs/campaigns.html",
        {
            "page": page_of(
                request,
                selectors.list_published_campaigns().select_related("organization"),
            )
        },
    )


def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """The three catalogues of a published clean-up."""
    obj = _found(selectors.get_published_campaign, pk=pk)
    return render(
        request,
        "normdocs/campaign.html",
        {
            "campaign": obj,
            "catalogues": selectors.campaign_catalogues(campaign=obj, public=True),
        },
    )
