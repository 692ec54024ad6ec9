"""Published decisions (第48条): masked, withdrawn, exported.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from fazhi.api.v1.enforcement.common import _actor, _case, _today, router
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.enforcement import public_selectors, services


class PublishedDecisionOut(Schema):
    """A published decision: every text field is the one masked at publication."""

    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    party_kind: str
    party: str
    summary: str
    facts: str
    legal_basis: str
    penalty: str
    decided_on: dt.date
    published_on: dt.date
    publication_ends_on: dt.date


class PublishedListOut(Schema):
    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    party: str
    summary: str
    decided_on: dt.date
    published_on: dt.date
    snippet: str = ""
    highlights: list[tuple[int, int]] = []

    @staticmethod
    def resolve_snippet(obj: Any, context: Any) -> str:
        q = context["request"].GET.get("q", "")
        return public_selectors.snippet(obj, q).text if q.strip() else ""

    @staticmethod
    def resolve_highlights(obj: Any, context: Any) -> list[tuple[int, int]]:
        q = context["request"].GET.get("q", "")
        return public_selectors.snippet(obj, q).highlights() if q.strip() else []


class WithdrawnDecisionOut(Schema):
    id: int
    decision_number: str
    organization: str = Field(validation_alias="organization_name")
    withdrawn: bool = True
    withdrawn_on: dt.date
    withdrawal_reason: str
    withdrawal_reason_label: str
    withdrawal_explanation: str

    @staticmethod
    def resolve_withdrawal_reason_label(obj: Any) -> str:
        return str(obj.get_withdrawal_reason_display())


class PublishIn(Schema):
    facts: str = ""
    legal_basis: str = ""
    published_on: dt.date | None = None


class PublicationOut(PublishedDecisionOut):
    case_id: int
    withdrawal_reason: str
    withdrawal_occurred_on: dt.date | None
    withdrawal_due_on: dt.date | None
    withdrawn_on: dt.date | None
    withdrawn_in_time: bool | None
    withdrawal_explanation: str
    ended_on: dt.date | None


class WithdrawalClockIn(Schema):
    reason: str
    occurred_on: dt.date


class WithdrawalIn(Schema):
    explanation: str
    reason: str = ""
    occurred_on: dt.date | None = None
    withdrawn_on: dt.date | None = None


@router.get(
    "/decisions",
    response=list[PublishedListOut],
    auth=None,
    operation_id="enforcement_decisions_list",
    summary="公开的行政处罚决定（已脱敏，可检索） / published decisions, masked, searchable",
    url_name="enforcement-decisions",
)
@paginate(FazhiPagination)
def list_published_decisions(request: HttpRequest, q: str = "") -> Any:
    return public_selectors.list_published(today=_today(), q=q)


def _export_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


@router.get(
    "/decisions/export.jsonl",
    response={200: None},
    auth=None,
    operation_id="enforcement_decisions_export",
    summary="导出公开的行政处罚决定（JSON Lines，已脱敏） / export published decisions",
    url_name="enforcement-decisions-jsonl",
)
def export_published_decisions(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _export_lines(public_selectors.export_rows(today=_today())),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.jsonl"'
    return response


@router.get(
    "/decisions/export.csv",
    response={200: None},
    auth=None,
    operation_id="enforcement_decisions_export_csv",
    summary="导出公开的行政处罚决定（CSV，UTF-8 带 BOM，已脱敏） / export as CSV",
    url_name="enforcement-decisions-csv",
)
def export_published_decisions_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The same masked rows as the JSON Lines export, for a spreadsheet: UTF-8 with
    a byte-order mark so Excel reads the Chinese text."""
    response = StreamingHttpResponse(
        public_selectors.export_csv_lines(today=_today()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@router.get(
    "/decisions/{publication_id}",
    response={200: PublishedDecisionOut, 410: WithdrawnDecisionOut},
    auth=None,
    operation_id="enforcement_decisions_get",
    summary="公开的行政处罚决定；已撤回的返回 410 和撤回理由 / a published decision",
)
def get_published_decision(request: HttpRequest, publication_id: int) -> Any:
    found = public_selectors.get_published(
        publication_id=publication_id, today=_today()
    )
    if found.is_withdrawn:
        return Status(410, found)
    return found


@router.post(
    "/cases/{case_id}/publication",
    response={201: PublicationOut},
    auth=staff_auth,
    operation_id="enforcement_case_publish",
    summary="公开处罚决定（脱敏） / publish the decision, masked",
)
def publish_decision(request: HttpRequest, case_id: int, payload: PublishIn) -> Any:
    publication = services.publish_decision(
        actor=_actor(request),
        case=_case(request, case_id),
        facts=payload.facts,
        legal_basis=payload.legal_basis,
        published_on=payload.published_on,
    )
    return Status(201, publication)


@router.get(
    "/publications",
    response=list[PublicationOut],
    auth=staff_auth,
    operation_id="enforcement_publications_list",
    summary="本机关公开的处罚决定（含已撤回） / our published decisions",
)
@paginate(FazhiPagination)
def list_publications(request: HttpRequest) -> Any:
    return public_selectors.list_publications(user=request.user)


def _publication(request: HttpRequest, publication_id: int) -> Any:
    return public_selectors.get_publication(
        user=request.user, publication_id=publication_id
    )


@router.post(
    "/publications/{publication_id}/withdrawal-clock",
    response=PublicationOut,
    auth=staff_auth,
    operation_id="enforcement_publication_withdrawal_clock",
    summary="决定被变更、撤销或确认违法、无效：开始撤回期限 / start the withdrawal clock",
)
def start_withdrawal_clock(
    request: HttpRequest, publication_id: int, payload: WithdrawalClockIn
) -> Any:
    return services.start_withdrawal_clock(
        actor=_actor(request),
        publication=_publication(request, publication_id),
        reason=payload.reason,
        occurred_on=payload.occurred_on,
    )


@router.post(
    "/publications/{publication_id}/withdrawal",
    response=PublicationOut,
    auth=staff_auth,
    operation_id="enforcement_publication_withdraw",
    summary="撤回公开的处罚决定并说明理由 / withdraw a published decision",
)
def withdraw_publication(
    request: HttpRequest, publication_id: int, payload: WithdrawalIn
) -> Any:
    return services.withdraw_publication(
        actor=_actor(request),
        publication=_publication(request, publication_id),
        explanation=payload.explanation,
        reason=payload.reason,
        occurred_on=payload.occurred_on,
        withdrawn_on=payload.withdrawn_on,
    )
