"""Problem details (RFC 9457) for every error the API returns.

Each error carries a stable ``code`` (documented in ``docs/api.md``), the message in
Chinese and English, and ``detail`` in the language of the request. A server
error is logged with its traceback and answered without one.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from fazhi.core.errors import DomainError

logger = logging.getLogger("fazhi.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "/api/v1/problems/"

# Titles are short and fixed per HTTP status (RFC 9457 §3.1.4); ``detail`` says what
# went wrong with this request.
TITLES: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class FieldProblem(Schema):
    """One invalid input field in a ``validation_error`` problem."""

    field: str
    loc: list[str | int]
    type: str
    detail_zh: str
    detail_en: str


class Problem(Schema):
    """The body of every error response (``application/problem+json``)."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    detail_zh: str
    detail_en: str
    field: str | None = None
    basis: str | None = None  # the article that requires the refusal, when one does
    errors: list[FieldProblem] | None = None


def wants_english() -> bool:
    return (get_language() or "").lower().startswith("en")


def problem_response(
    *,
    status: int,
    code: str,
    zh: str,
    en: str,
    field: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    basis: str = "",
) -> HttpResponse:
    """Build an ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": en if wants_english() else zh,
        "detail_zh": zh,
        "detail_en": en,
    }
    if field is not None:
        body["field"] = field
    if basis:
        body["basis"] = basis
    if errors is not None:
        body["errors"] = list(errors)
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Chinese wording for the pydantic error types a client meets most; other types
# fall back to a general sentence plus pydantic's English message.
_VALIDATION_ZH: Mapping[str, str] = {
    "missing": "缺少必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为布尔值（true 或 false）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间（ISO 8601）",
    "datetime_from_date_parsing": "应为日期时间（ISO 8601）",
    "string_type": "应为字符串",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "greater_than_equal": "数值过小",
    "greater_than": "数值过小",
    "less_than_equal": "数值过大",
    "less_than": "数值过大",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "json_invalid": "请求正文不是有效的 JSON",
    "model_attributes_type": "格式不正确",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "uuid_parsing": "应为 UUID",
    "value_error": "取值不正确",
}


def field_problems(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Turn ninja's validation errors into per-field entries in both languages."""
    result = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, str | int)]
        # ninja prefixes the source (body, query, path…) and, for a body, the
        # parameter name (``payload``); the field is what follows.
        skip = 2 if len(loc) > 2 and loc[0] == "body" else 1
        names = [str(part) for part in loc[skip:]] or [str(part) for part in loc]
        field = ".".join(names)
        kind = str(error.get("type", "value_error"))
        en = str(error.get("msg", "Invalid value"))
        zh = _VALIDATION_ZH.get(kind, "取值不正确")
        ctx = error.get("ctx") or {}
        for bound in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if bound in ctx:
                zh = f"{zh}（限值：{ctx[bound]}）"
                break
        result.append(
            {
                "field": field,
                "loc": loc,
                "type": kind,
                "detail_zh": f"{field}：{zh}" if field else zh,
                "detail_en": f"{field}: {en}" if field else en,
            }
        )
    return result


def handle_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(
        status=exc.status,
        code=exc.code,
        zh=exc.zh,
        en=exc.en,
        field=exc.field,
        basis=exc.basis,
    )


def handle_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = field_problems(exc.errors)
    first = problems[0] if problems else None
    return problem_response(
        status=422,
        code="validation_error",
        zh="请求内容有误："
        + "；".join(p["detail_zh"] for p in problems)
        + ("。" if problems else ""),
        en="The request is invalid: "
        + "; ".join(p["detail_en"] for p in problems)
        + ("." if problems else ""),
        field=first["field"] if first and len(problems) == 1 else None,
        errors=problems,
    )


def handle_authentication_error(
    request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    return problem_response(
        status=401,
        code="not_authenticated",
        zh="需要登录或有效的 API 令牌。",
        en="Log in or send a valid API token (Authorization: Bearer …).",
        headers={"WWW-Authenticate": 'Bearer realm="fazhi"'},
    )


def handle_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "csrf" in exc.message.lower():
        return problem_response(
            status=403,
            code="csrf_failed",
            zh="CSRF 校验失败：会话请求须带 X-CSRFToken 请求头。",
            en="CSRF check failed: session requests must send the X-CSRFToken header.",
        )
    if exc.status_code == 403:
        return forbidden_problem()
    if exc.status_code == 429:
        return problem_response(
            status=429,
            code="throttled",
            zh="请求过于频繁，请稍后再试。",
            en="Too many requests; try again later.",
        )
    if exc.status_code == 404:
        return not_found_problem()
    return problem_response(
        status=exc.status_code,
        code="http_error",
        zh=f"请求无法处理（HTTP {exc.status_code}）。",
        en=f"The request cannot be processed (HTTP {exc.status_code}): {exc.message}",
    )


def forbidden_problem() -> HttpResponse:
    return problem_response(
        status=403,
        code="forbidden",
        zh="无权进行此操作。",
        en="You are not allowed to do this.",
    )


def not_found_problem() -> HttpResponse:
    return problem_response(
        status=404,
        code="not_found",
        zh="未找到所请求的资源。",
        en="The requested resource was not found.",
    )


def method_not_allowed_problem(allowed: str) -> HttpResponse:
    return problem_response(
        status=405,
        code="method_not_allowed",
        zh=f"此地址不支持该请求方法；允许：{allowed}。",
        en=f"This method is not allowed here; allowed: {allowed}.",
        headers={"Allow": allowed},
    )


def handle_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found_problem()


def handle_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return forbidden_problem()


def handle_data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A value the database cannot hold (a text longer than its column, a number
    beyond its precision) that no check caught: the write was rolled back with its
    transaction, so the caller gets a 400, and the missing check is logged."""
    logger.warning(
        "Value refused by the database in %s %s: %s", request.method, request.path, exc
    )
    return problem_response(
        status=400,
        code="value_out_of_range",
        zh="提交的某个值超出了允许的长度或范围，未作任何更改。",
        en="A value is longer or larger than its field allows; nothing was changed.",
    )


def handle_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A server error is a bug: log it with its traceback, show none of it."""
    logger.error(
        "Unhandled error in %s %s",
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return problem_response(
        status=500,
        code="server_error",
        zh="服务器内部错误，已记录，请稍后再试。",
        en="Internal server error; it has been logged. Please try again later.",
    )


def problem_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API view so Django's own 405 answers become problem details."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get(
            "Content-Type", ""
        ).startswith(PROBLEM_CONTENT_TYPE):
            return method_not_allowed_problem(response.get("Allow", ""))
        return response

    return wrapper


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Every unknown address under ``/api/v1/`` answers a problem, not an HTML page."""
    return not_found_problem()
