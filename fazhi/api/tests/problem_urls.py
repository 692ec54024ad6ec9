"""A test-only API that raises each kind of error, mounted beside the real one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import path
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.v1.api import FazhiAPI
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import optional_auth, staff_auth
from fazhi.core.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
)
from fazhi.core.models import Organization
from fazhi.urls import urlpatterns as project_urlpatterns

router = Router()


class EchoIn(Schema):
    name: str
    count: int
    on: dt.date


@router.get("/domain/{kind}")
def raise_domain(request: HttpRequest, kind: str) -> None:
    errors = {
        "invalid": DomainError(
            "期限不能为负数。", "The period cannot be negative.", field="days"
        ),
        "not_found": NotFoundError("没有这个案件。", "No such case."),
        "forbidden": PermissionDeniedError(
            "无权查看该案件。", "You may not see this case."
        ),
        "conflict": ConflictError("案件已受理。", "The case was already accepted."),
        "custom": DomainError(
            "已超过法定期限。",
            "The statutory period has passed.",
            code="period_expired",
            status=409,
        ),
    }
    raise errors[kind]


@router.post("/echo")
def echo(request: HttpRequest, payload: EchoIn) -> dict[str, str]:
    return {"name": payload.name}


@router.get("/http404")
def raise_http404(request: HttpRequest) -> None:
    raise Http404("secret internal detail")


@router.get("/permission-denied")
def raise_permission_denied(request: HttpRequest) -> None:
    raise PermissionDenied


@router.get("/boom")
def boom(request: HttpRequest) -> None:
    raise RuntimeError("secret internal detail")


@router.get("/staff", auth=staff_auth)
def staff_only(request: HttpRequest) -> dict[str, str]:
    return {"username": request.auth.username}


@router.post("/staff", auth=staff_auth)
def staff_write(request: HttpRequest) -> dict[str, str]:
    return {"username": request.auth.username}


@router.get("/optional", auth=optional_auth)
def optional(request: HttpRequest) -> dict[str, bool]:
    return {"authenticated": bool(request.auth.is_authenticated)}


@router.post("/optional", auth=optional_auth)
def optional_write(request: HttpRequest) -> dict[str, bool]:
    return {"authenticated": bool(request.auth.is_authenticated)}


class OrganizationOut(Schema):
    id: int
    name: str


@router.get("/organizations", response=list[OrganizationOut])
@paginate(FazhiPagination)
def organizations(request: HttpRequest):
    return Organization.objects.order_by("pk")


test_api = FazhiAPI(title="test", version="test", urls_namespace="api-test")
test_api.add_router("/", router)

urlpatterns = [path("api/test/", test_api.urls), *project_urlpatterns]
