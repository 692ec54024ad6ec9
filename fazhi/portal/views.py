"""Public pages: read-only, built from selectors (never services)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from fazhi.core import deadlines, selectors
from fazhi.core.errors import DomainError
from fazhi.portal.forms import DeadlineForm
from fazhi.portal.sections import sections


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"sections": sections()})


@require_GET
def organizations(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.list_organizations(user=request.user))
    depth_of = {o.pk: o.path.count("/") - 2 for o in rows}
    return render(
        request,
        "portal/organizations.html",
        {"organizations": [(o, depth_of[o.pk]) for o in rows]},
    )


@require_GET
def deadline(request: HttpRequest) -> HttpResponse:
    """Work out a statutory deadline: the form is read-only, so it is a GET."""
    english = (get_language() or "").startswith("en")
    rules = deadlines.list_rules()
    bound = "rule" in request.GET
    form = DeadlineForm(request.GET if bound else None, rules=rules)
    result = None
    error = None
    status = 200
    if bound and form.is_valid():
        rule_id, _, variant = form.cleaned_data["rule"].partition(":")
        try:
            result = deadlines.compute_deadline(
                rule_id,
                form.cleaned_data["start"],
                extend=form.cleaned_data["extend"] or 0,
                pauses=deadlines.parse_pauses(form.pause_lines()),
                variant=variant or None,
            )
        except DomainError as exc:
            error = exc.en if english else exc.zh
            status = 400
    elif bound:
        status = 400
    explanation = ""
    if result is not None:
        explanation = result.explanation_en if english else result.explanation
    return render(
        request,
        "portal/deadline.html",
        {
            "form": form,
            "result": result,
            "explanation": explanation,
            "error": error,
        },
        status=status,
    )
