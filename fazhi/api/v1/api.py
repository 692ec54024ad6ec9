"""The NinjaAPI instance, its routers and the mapping of errors to problem details."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError, connection
from django.http import Http404, HttpRequest
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from fazhi.api.v1 import errors
from fazhi.core.errors import DomainError


class FazhiAPI(NinjaAPI):
    """NinjaAPI whose every answer under ``/api/v1/``, errors included, is JSON."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = errors.problem_view(pattern.callback)
        patterns.append(re_path(r"^.*$", errors.api_not_found, name="not-found"))
        return patterns

    def set_default_exception_handlers(self) -> None:
        handlers: list[tuple[type[Exception], Any]] = [
            (Exception, errors.handle_unexpected),
            (DataError, errors.handle_data_error),
            (DomainError, errors.handle_domain_error),
            (ValidationError, errors.handle_validation_error),
            (AuthenticationError, errors.handle_authentication_error),
            (HttpError, errors.handle_http_error),
            (Http404, errors.handle_http404),
            (PermissionDenied, errors.handle_permission_denied),
        ]
        for exc_class, handler in handlers:
            self.add_exception_handler(exc_class, handler)


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese text stays readable instead of ``\\uXXXX`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = FazhiAPI(
    renderer=ReadableJSONRenderer(),
    title="Fazhi 法治 API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    description=(
        "法治政府建设平台 REST API。Errors are RFC 9457 problem details "
        "(`application/problem+json`) with a stable `code`; see `docs/api.md`. "
        "Lists are paginated with `?page=` and `?page_size=` (at most 200)."
    ),
)


class HealthOut(Schema):
    status: str


@api.get(
    "/health",
    response={200: HealthOut, 503: errors.Problem},
    auth=None,
    tags=["系统"],
    url_name="health",
    operation_id="health",
    summary="运行状态 / Health",
)
def health(request: HttpRequest) -> Any:
    """200 when the database answers; 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        errors.logger.exception("Health check: the database does not answer")
        return errors.problem_response(
            status=503,
            code="database_unavailable",
            zh="数据库无法访问。",
            en="The database cannot be reached.",
        )
    return {"status": "ok"}


from fazhi.api.v1 import accounts, audit, deadlines, enforcement, files, laws, normdocs  # noqa: E402

api.add_router("/deadlines/", deadlines.router)
api.add_router("/audit/", audit.router)
api.add_router("/files/", files.router)
api.add_router("/laws/", laws.router)
api.add_router("/normdocs/", normdocs.router)
api.add_router("/enforcement/", enforcement.router)
api.add_router("/", accounts.router)
