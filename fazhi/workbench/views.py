"""Staff pages: the worklist (my tasks, due soon, overdue)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core import worklist
from fazhi.core.scope import is_staff
from fazhi.workbench.sections import areas

REFRESH_SECONDS = 60


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; a member of the public gets a 403 page, not a redirect loop."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            return render(request, "workbench/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "worklist": worklist.collect(request.user, today),  # type: ignore[arg-type]
        "today": today,
        "refresh_seconds": REFRESH_SECONDS,
    }


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workbench/home.html", {**_context(request), "areas": areas()}
    )


@require_GET
@staff_required
def lists(request: HttpRequest) -> HttpResponse:
    """The three lists alone, for htmx to swap in on refresh."""
    return render(request, "workbench/_lists.html", _context(request))
