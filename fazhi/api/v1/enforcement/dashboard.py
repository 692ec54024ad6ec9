"""The supervision dashboard and the bulk import of cases.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from fazhi.api.v1.enforcement.common import _actor, _today, router
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.enforcement import dashboard, services

#: An organization id within the database's integers (else a validation error).
OrganizationId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class StateCountOut(Schema):
    state: str
    label: str
    cases: int


class DashboardSummaryOut(Schema):
    cases: int
    open_cases: int
    by_state: list[StateCountOut]
    overdue: int
    due_soon: int
    due_soon_days: int
    outside_benchmark: int
    fine_fen: int
    confiscation_fen: int
    organizations: int
    refreshed_at: dt.datetime | None


class DashboardOrganizationOut(Schema):
    organization_id: int
    name: str
    cases: int
    open_cases: int
    overdue: int
    due_soon: int
    outside_benchmark: int
    fine_fen: int


# A plain pydantic model for dict rows, as CaseListOut.
class ClockCaseOut(BaseModel):
    id: int
    number: str
    state: str
    summary: str
    organization_id: int
    due_on: dt.date | None


class ImportIn(Schema):
    records: list[dict[str, Any]] = Field(max_length=5000)


class RejectedOut(Schema):
    line: int
    number: str
    code: str
    zh: str
    en: str
    field: str | None


class ImportOut(Schema):
    read: int
    created: int
    already_present: int
    batches: int
    rejected: list[RejectedOut]


@router.get(
    "/dashboard/summary",
    response=DashboardSummaryOut,
    auth=staff_auth,
    operation_id="enforcement_dashboard_summary",
    summary="执法监督总览（按可见范围） / supervision summary",
)
def dashboard_summary(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.summary(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.get(
    "/dashboard/organizations",
    response=list[DashboardOrganizationOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_organizations",
    summary="各机关案件统计 / cases by organization",
)
@paginate(FazhiPagination)
def dashboard_organizations(request: HttpRequest) -> Any:
    return dashboard.by_organization(user=request.user, today=_today())


@router.get(
    "/dashboard/overdue",
    response=list[ClockCaseOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_overdue",
    summary="超期案件（可按机关） / overdue cases of an organization",
)
@paginate(FazhiPagination)
def dashboard_overdue(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.list_overdue(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.get(
    "/dashboard/due-soon",
    response=list[ClockCaseOut],
    auth=staff_auth,
    operation_id="enforcement_dashboard_due_soon",
    summary="即将到期的案件（可按机关） / cases due soon",
)
@paginate(FazhiPagination)
def dashboard_due_soon(
    request: HttpRequest, organization_id: OrganizationId | None = None
) -> Any:
    return dashboard.list_due_soon(
        user=request.user, today=_today(), organization_id=organization_id
    )


@router.post(
    "/imports/cases",
    response=ImportOut,
    auth=staff_auth,
    operation_id="enforcement_cases_import",
    summary="批量导入案件（至多 5000 条） / import cases in bulk",
)
def import_cases(request: HttpRequest, payload: ImportIn) -> Any:
    return services.import_cases(
        actor=_actor(request), records=payload.records
    ).as_dict()
