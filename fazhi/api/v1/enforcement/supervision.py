"""Supervision lists, scoped by role.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

from typing import Any

from django.http import HttpRequest
from ninja.pagination import paginate

from fazhi.api.v1.enforcement.common import _today, router
from fazhi.api.v1.enforcement.schemas import (
    CaseListOut,
    IneligibleOut,
    MissingOut,
    OverdueOut,
)
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.enforcement import selectors


@router.get(
    "/supervision/overdue",
    response=list[OverdueOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_overdue",
    summary="超期案件 / overdue cases",
)
@paginate(FazhiPagination)
def overdue(request: HttpRequest) -> Any:
    return selectors.list_overdue_cases(user=request.user, today=_today())


@router.get(
    "/supervision/missing-steps",
    response=list[MissingOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_missing_steps",
    summary="缺少法定步骤的案件 / missing steps",
)
def missing_steps(request: HttpRequest) -> Any:
    return [
        {
            "case_id": c.pk,
            "number": c.number,
            "organization_id": c.organization_id,
            "missing": m,
        }
        for c, m in selectors.list_cases_missing_steps(user=request.user)
    ]


@router.get(
    "/supervision/ineligible-officers",
    response=list[IneligibleOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_ineligible_officers",
    summary="不具备执法资格的人员 / officers who may not act",
)
def ineligible_officers(request: HttpRequest) -> Any:
    return [
        {
            "officer_id": o.pk,
            "name": o.name,
            "certificate_number": o.certificate_number,
            "subject_id": o.subject_id,
            "reason": code,
        }
        for o, code in selectors.list_ineligible_officers(
            user=request.user, today=_today()
        )
    ]


@router.get(
    "/supervision/outside-benchmark",
    response=list[CaseListOut],
    auth=staff_auth,
    operation_id="enforcement_supervision_outside_benchmark",
    summary="超出裁量基准的决定 / decisions outside the benchmark",
)
@paginate(FazhiPagination)
def outside_benchmark(request: HttpRequest) -> Any:
    return selectors.list_decisions_outside_benchmark(user=request.user)
