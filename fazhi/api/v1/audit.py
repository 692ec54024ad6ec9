"""The full-process record, read-only: list, count and one entry."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.audit import selectors
from fazhi.core.audit.models import AuditEntry

router = Router(tags=["全过程记录"], auth=staff_auth)


class EntryOut(Schema):
    seq: int
    occurred_at: dt.datetime
    actor_id: int | None
    actor_label: str
    organization_id: int | None
    object_type: str
    object_id: str
    object_label: str
    action: str
    basis: str
    before: Any
    after: Any
    reason: str
    prev_hash: str
    hash: str


class EntryFilter(Schema):
    object_type: str | None = Field(None, description="app_label.model")
    object_id: str | None = None
    action: str | None = Field(None, description="e.g. reconsideration.accept")
    since: dt.datetime | None = Field(None, description="from (inclusive)")
    until: dt.datetime | None = Field(None, description="to (exclusive)")


class CountOut(Schema):
    count: int


@router.get(
    "/entries",
    response=list[EntryOut],
    operation_id="audit_entries_list",
    summary="全过程记录列表 / list entries",
)
@paginate(FazhiPagination)
def list_entries(
    request: HttpRequest, filters: Query[EntryFilter]
) -> QuerySet[AuditEntry]:
    return selectors.list_entries(
        user=request.auth,  # type: ignore[attr-defined]
        **filters.dict(),
    )


@router.get(
    "/entries/count",
    response=CountOut,
    operation_id="audit_entries_count",
    summary="全过程记录条数 / count entries",
)
def count_entries(request: HttpRequest, filters: Query[EntryFilter]) -> CountOut:
    return CountOut(
        count=selectors.count_entries(
            user=request.auth,  # type: ignore[attr-defined]
            **filters.dict(),
        )
    )


@router.get(
    "/entries/{seq}",
    response=EntryOut,
    operation_id="audit_entries_get",
    summary="一条记录 / one entry",
)
def get_entry(request: HttpRequest, seq: int) -> AuditEntry:
    return selectors.get_entry(
        user=request.auth,  # type: ignore[attr-defined]
        seq=seq,
    )
