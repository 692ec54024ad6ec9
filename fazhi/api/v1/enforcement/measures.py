"""Compulsory measures and transfers of suspected crimes (两法衔接)."""

from typing import Any

from django.http import HttpRequest
from ninja.responses import Status

from fazhi.api.v1.enforcement.common import _actor, _case, router
from fazhi.api.v1.enforcement.schemas import (
    ApproveTransferIn,
    DisposeIn,
    ExtendIn,
    MeasureIn,
    MeasureOut,
    PauseIn,
    PoliceDecisionIn,
    ReasonIn,
    ReceiptIn,
    SendTransferIn,
    TransferIn,
    TransferOut,
)
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError
from fazhi.core.models import User
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import CompulsoryMeasure, CrimeTransfer


def _user(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFoundError(
            "没有此账户。", "No such account.", code="account_not_found", field=field
        )
    return user


@router.post(
    "/cases/{case_id}/measures",
    response={201: MeasureOut},
    auth=staff_auth,
    operation_id="enforcement_measure_impose",
    summary="查封、扣押、冻结 / impose a measure",
)
def impose_measure(request: HttpRequest, case_id: int, payload: MeasureIn) -> Any:
    measure = services.impose_measure(
        actor=_actor(request),
        case=_case(request, case_id),
        kind=payload.kind,
        items=payload.items,
        reason=payload.reason,
        started_on=payload.started_on,
        approved_by=_user(payload.approved_by_id, "approved_by_id"),
        emergency_at=payload.emergency_at,
        amount_fen=payload.amount_fen,
    )
    return Status(201, measure)


def _measure(request: HttpRequest, measure_id: int) -> CompulsoryMeasure:
    return selectors.get_measure(user=request.user, measure_id=measure_id)


@router.post(
    "/measures/{measure_id}/extend",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_extend",
    summary="延长期限 / extend the term",
)
def extend_measure(request: HttpRequest, measure_id: int, payload: ExtendIn) -> Any:
    return services.extend_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        days=payload.days,
        reason=payload.reason,
        approved_by=_user(payload.approved_by_id, "approved_by_id"),  # type: ignore[arg-type]
        extended_on=payload.extended_on,
    )


@router.post(
    "/measures/{measure_id}/pauses",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_pause",
    summary="检测等不计入期限 / exclude testing time",
)
def pause_measure(request: HttpRequest, measure_id: int, payload: PauseIn) -> Any:
    return services.pause_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        start=payload.start,
        end=payload.end,
        reason=payload.reason,
    )


@router.post(
    "/measures/{measure_id}/dispose",
    response=MeasureOut,
    auth=staff_auth,
    operation_id="enforcement_measure_dispose",
    summary="处理决定 / dispose of the measure",
)
def dispose_measure(request: HttpRequest, measure_id: int, payload: DisposeIn) -> Any:
    return services.dispose_measure(
        actor=_actor(request),
        measure=_measure(request, measure_id),
        disposition=payload.disposition,
        disposed_on=payload.disposed_on,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/transfers",
    response={201: TransferOut},
    auth=staff_auth,
    operation_id="enforcement_transfer_report",
    summary="报请移送涉嫌犯罪案件 / report a transfer",
)
def report_transfer(request: HttpRequest, case_id: int, payload: TransferIn) -> Any:
    return Status(
        201,
        services.report_transfer(
            actor=_actor(request),
            case=_case(request, case_id),
            report=payload.report,
            reported_on=payload.reported_on,
        ),
    )


def _transfer(request: HttpRequest, transfer_id: int) -> CrimeTransfer:
    return selectors.get_transfer(user=request.user, transfer_id=transfer_id)


@router.post(
    "/transfers/{transfer_id}/approve",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_approve",
    summary="批准移送 / approve",
)
def approve_transfer(
    request: HttpRequest, transfer_id: int, payload: ApproveTransferIn
) -> Any:
    return services.approve_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        approved_at=payload.approved_at,
    )


@router.post(
    "/transfers/{transfer_id}/refuse",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_refuse",
    summary="不批准移送 / refuse",
)
def refuse_transfer(request: HttpRequest, transfer_id: int, payload: ReasonIn) -> Any:
    return services.refuse_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        reason=payload.reason,
    )


@router.post(
    "/transfers/{transfer_id}/send",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_send",
    summary="移送公安机关 / transfer",
)
def send_transfer(
    request: HttpRequest, transfer_id: int, payload: SendTransferIn
) -> Any:
    return services.send_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        police_organ=payload.police_organ,
        transferred_at=payload.transferred_at,
    )


@router.post(
    "/transfers/{transfer_id}/receipt",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_receipt",
    summary="公安机关签收 / police receipt",
)
def transfer_receipt(request: HttpRequest, transfer_id: int, payload: ReceiptIn) -> Any:
    return services.acknowledge_transfer(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        receipt_on=payload.receipt_on,
    )


@router.post(
    "/transfers/{transfer_id}/police-decision",
    response=TransferOut,
    auth=staff_auth,
    operation_id="enforcement_transfer_police_decision",
    summary="公安机关决定 / police decision",
)
def police_decision(
    request: HttpRequest, transfer_id: int, payload: PoliceDecisionIn
) -> Any:
    return services.record_police_decision(
        actor=_actor(request),
        transfer=_transfer(request, transfer_id),
        filed=payload.filed,
        decided_on=payload.decided_on,
    )
