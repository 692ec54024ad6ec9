"""What the public and the staff pages share: the bilingual error and the staff gate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.errors import DomainError
from fazhi.core.scope import is_staff

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class ShownError:
    """A refusal as a page shows it: both languages, the article, the field."""

    zh: str
    en: str
    basis: str = ""
    code: str = ""
    field: str | None = None

    @classmethod
    def of(cls, exc: DomainError) -> ShownError:
        return cls(exc.zh, exc.en, exc.basis, exc.code, exc.field)


def error_status(exc: DomainError) -> int:
    """The status of a page that shows a refusal (a form page, never a 500)."""
    return exc.status if 400 <= exc.status < 500 else 400


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; a member of the public gets the workbench's 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            return render(request, "workbench/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    return Paginator(rows, PAGE_SIZE).get_page(number)
