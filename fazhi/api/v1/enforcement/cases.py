"""Penalty cases, step by step through the statutory procedure.

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.api.v1.enforcement.common import _actor, _case, _today, router
from fazhi.api.v1.enforcement.schemas import (
    AssignIn,
    CaseListOut,
    CaseOut,
    CloseIn,
    ClueIn,
    ConcludeIn,
    DecisionIn,
    DiscussionIn,
    EvidenceIn,
    EvidenceOut,
    ExecutionIn,
    FileIn,
    HearingHeldIn,
    HearingRequestIn,
    HearingScheduleIn,
    NoticeIn,
    NoticeOut,
    OnTheSpotIn,
    PaymentIn,
    ReasonIn,
    ReleaseIn,
    RemedyEndIn,
    RemedyIn,
    ReportIn,
    ReviewDecisionIn,
    ReviewOut,
    ReviseIn,
    ServiceIn,
    StatementIn,
    SurchargeOut,
    TimelineOut,
    WithdrawIn,
)
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError
from fazhi.core.files.models import StoredFile
from fazhi.core.models import User
from fazhi.core.scope import BUSINESS, scope
from fazhi.enforcement import selectors, services
from fazhi.enforcement.models import Officer


@router.get(
    "/cases",
    response=list[CaseListOut],
    auth=staff_auth,
    operation_id="enforcement_cases_list",
    summary="行政处罚案件（按可见范围） / penalty cases",
)
@paginate(FazhiPagination)
def list_cases(request: HttpRequest, state: str = "", procedure: str = "") -> Any:
    return selectors.list_case_rows(user=request.user, state=state, procedure=procedure)


@router.get(
    "/cases/{case_id}",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_cases_get",
    summary="案件详情 / a case",
)
def get_case(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id)


@router.get(
    "/cases/{case_id}/timeline",
    response=list[TimelineOut],
    auth=staff_auth,
    operation_id="enforcement_case_timeline",
    summary="案件全过程记录 / the case's full-process record",
)
def case_timeline(request: HttpRequest, case_id: int) -> Any:
    return selectors.list_case_timeline(user=request.user, case=_case(request, case_id))


@router.post(
    "/cases",
    response={201: CaseOut},
    auth=staff_auth,
    operation_id="enforcement_cases_register_clue",
    summary="登记案件线索 / register a clue",
)
def register_clue(request: HttpRequest, payload: ClueIn) -> Any:
    actor = _actor(request)
    subject = selectors.get_subject(subject_id=payload.subject_id)
    matter = (
        selectors.get_matter(matter_id=payload.matter_id) if payload.matter_id else None
    )
    case = services.register_clue(
        actor=actor,
        subject=subject,
        summary=payload.summary,
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        received_on=payload.received_on,
        source=payload.source,
        clue=payload.clue,
        matter=matter,
        violation_on=payload.violation_on,
        violation_code=payload.violation_code,
        facts=payload.facts,
        sector=payload.sector,
        party_id_number=payload.party_id_number,
        party_address=payload.party_address,
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/file",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_file",
    summary="立案 / file the case",
)
def file_case(request: HttpRequest, case_id: int, payload: FileIn) -> Any:
    return services.file_case(
        actor=_actor(request),
        case=_case(request, case_id),
        filed_on=payload.filed_on,
        note=payload.note,
    )


@router.post(
    "/cases/{case_id}/decline",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_decline_filing",
    summary="不予立案 / decline to file",
)
def decline_filing(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.decline_filing(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


def _officer_for(request: HttpRequest, officer_id: int) -> Officer:
    return selectors.get_officer(user=request.user, officer_id=officer_id)


@router.post(
    "/cases/{case_id}/officers",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_assign_officer",
    summary="指派执法人员 / assign an officer",
)
def assign_officer(request: HttpRequest, case_id: int, payload: AssignIn) -> Any:
    case = _case(request, case_id)
    services.assign_officer(
        actor=_actor(request),
        case=case,
        officer=_officer_for(request, payload.officer_id),
        assigned_on=payload.assigned_on,
    )
    return case


@router.post(
    "/cases/{case_id}/officers/release",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_release_officer",
    summary="撤回指派 / release an officer",
)
def release_officer(request: HttpRequest, case_id: int, payload: ReleaseIn) -> Any:
    case = _case(request, case_id)
    services.release_officer(
        actor=_actor(request),
        case=case,
        officer=_officer_for(request, payload.officer_id),
        reason=payload.reason,
    )
    return case


@router.post(
    "/cases/{case_id}/evidence",
    response={201: EvidenceOut},
    auth=staff_auth,
    operation_id="enforcement_case_add_evidence",
    summary="登记证据 / record evidence",
)
def add_evidence(request: HttpRequest, case_id: int, payload: EvidenceIn) -> Any:
    actor = _actor(request)
    case = _case(request, case_id)
    file = None
    if payload.file_id is not None:
        file = (
            scope(StoredFile.objects.all(), actor, policy=BUSINESS)
            .filter(pk=payload.file_id)
            .first()
        )
        if file is None:
            raise NotFoundError(
                "没有此文件。", "No such file.", code="file_not_found", field="file_id"
            )
    officers = [_officer_for(request, pk) for pk in payload.officer_ids]
    evidence = services.add_evidence(
        actor=actor,
        case=case,
        kind=payload.kind,
        title=payload.title,
        collected_on=payload.collected_on,
        description=payload.description,
        officers=officers,
        file=file,
    )
    return Status(201, evidence)


@router.post(
    "/cases/{case_id}/conclude",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_conclude_investigation",
    summary="调查终结并提出拟处理意见 / close the investigation",
)
def conclude_investigation(
    request: HttpRequest, case_id: int, payload: ConcludeIn
) -> Any:
    return services.conclude_investigation(
        actor=_actor(request),
        case=_case(request, case_id),
        report=payload.report,
        outcome=payload.outcome,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
        non_penalty_reasoning=payload.non_penalty_reasoning,
    )


@router.post(
    "/cases/{case_id}/proposal",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_revise_proposal",
    summary="调整拟处理意见 / revise the proposal",
)
def revise_proposal(request: HttpRequest, case_id: int, payload: ReviseIn) -> Any:
    return services.revise_proposal(
        actor=_actor(request),
        case=_case(request, case_id),
        outcome=payload.outcome,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
        non_penalty_reasoning=payload.non_penalty_reasoning,
        reason=payload.reason,
    )


@router.post(
    "/cases/{case_id}/reopen",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_reopen",
    summary="补充调查 / reopen the investigation",
)
def reopen_investigation(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.reopen_investigation(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


@router.post(
    "/cases/{case_id}/reviews",
    response={201: ReviewOut},
    auth=staff_auth,
    operation_id="enforcement_case_submit_review",
    summary="送法制审核 / submit for legal review",
)
def submit_review(request: HttpRequest, case_id: int) -> Any:
    return Status(
        201,
        services.submit_for_review(actor=_actor(request), case=_case(request, case_id)),
    )


@router.post(
    "/reviews/{review_id}",
    response=ReviewOut,
    auth=staff_auth,
    operation_id="enforcement_review_decide",
    summary="法制审核意见 / decide a legal review",
)
def decide_review(
    request: HttpRequest, review_id: int, payload: ReviewDecisionIn
) -> Any:
    actor = _actor(request)
    return services.decide_review(
        actor=actor,
        review=selectors.get_review(user=actor, review_id=review_id),
        approve=payload.approve,
        opinion=payload.opinion,
        reviewed_on=payload.reviewed_on,
    )


@router.post(
    "/cases/{case_id}/collective-discussion",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_collective_discussion",
    summary="负责人集体讨论 / record the collective discussion",
)
def collective_discussion(
    request: HttpRequest, case_id: int, payload: DiscussionIn
) -> Any:
    return services.record_collective_discussion(
        actor=_actor(request),
        case=_case(request, case_id),
        held_on=payload.held_on,
        summary=payload.summary,
    )


@router.post(
    "/cases/{case_id}/notice",
    response={201: NoticeOut},
    auth=staff_auth,
    operation_id="enforcement_case_notify",
    summary="事先告知 / notify the party",
)
def notify_party(request: HttpRequest, case_id: int, payload: NoticeIn) -> Any:
    notice = services.notify_party(
        actor=_actor(request),
        case=_case(request, case_id),
        served_on=payload.served_on,
        facts=payload.facts,
        reasons=payload.reasons,
        basis=payload.basis,
        rights=payload.rights or services.DEFAULT_RIGHTS,
    )
    return Status(201, notice)


@router.post(
    "/cases/{case_id}/statements",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_case_statement",
    summary="陈述申辩或放弃 / record a statement",
)
def record_statement(request: HttpRequest, case_id: int, payload: StatementIn) -> Any:
    statement = services.record_statement(
        actor=_actor(request),
        case=_case(request, case_id),
        received_on=payload.received_on,
        content=payload.content,
        kind=payload.kind,
        adopted=payload.adopted,
        review_note=payload.review_note,
    )
    return Status(201, {"id": statement.pk, "kind": statement.kind})


@router.post(
    "/cases/{case_id}/hearing",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_request_hearing",
    summary="申请听证 / request a hearing",
)
def request_hearing(
    request: HttpRequest, case_id: int, payload: HearingRequestIn
) -> Any:
    case = _case(request, case_id)
    services.request_hearing(
        actor=_actor(request), case=case, requested_on=payload.requested_on
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/schedule",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_schedule_hearing",
    summary="安排听证 / schedule the hearing",
)
def schedule_hearing(
    request: HttpRequest, case_id: int, payload: HearingScheduleIn
) -> Any:
    case = _case(request, case_id)
    presiding = User.objects.filter(pk=payload.presiding_id, is_active=True).first()
    if presiding is None:
        raise NotFoundError(
            "没有此账户。",
            "No such account.",
            code="account_not_found",
            field="presiding_id",
        )
    services.schedule_hearing(
        actor=_actor(request),
        case=case,
        scheduled_for=payload.scheduled_for,
        place=payload.place,
        notice_served_on=payload.notice_served_on,
        presiding=presiding,
        is_public=payload.is_public,
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/held",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_hold_hearing",
    summary="举行听证 / record the hearing",
)
def hold_hearing(request: HttpRequest, case_id: int, payload: HearingHeldIn) -> Any:
    case = _case(request, case_id)
    services.hold_hearing(
        actor=_actor(request),
        case=case,
        held_on=payload.held_on,
        record=payload.record,
        party_absent=payload.party_absent,
    )
    return case


@router.post(
    "/cases/{case_id}/hearing/withdraw",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_withdraw_hearing",
    summary="撤回听证申请 / withdraw the request",
)
def withdraw_hearing(request: HttpRequest, case_id: int, payload: WithdrawIn) -> Any:
    return services.withdraw_hearing_request(
        actor=_actor(request),
        case=_case(request, case_id),
        withdrawn_on=payload.withdrawn_on,
    )


@router.post(
    "/cases/{case_id}/decision",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_decide",
    summary="作出决定 / decide",
)
def decide(request: HttpRequest, case_id: int, payload: DecisionIn) -> Any:
    return services.decide_case(
        actor=_actor(request),
        case=_case(request, case_id),
        decided_on=payload.decided_on,
        outcome=payload.outcome,
        decision_number=payload.decision_number,
        reasoning=payload.reasoning,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        confiscation_fen=payload.confiscation_fen,
        deviation_justification=payload.deviation_justification,
    )


@router.post(
    "/cases/{case_id}/service",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_serve",
    summary="送达决定书 / serve the decision",
)
def serve(request: HttpRequest, case_id: int, payload: ServiceIn) -> Any:
    return services.serve_decision(
        actor=_actor(request),
        case=_case(request, case_id),
        served_on=payload.served_on,
        method=payload.method,
        electronic_consent=payload.electronic_consent,
    )


@router.post(
    "/cases/{case_id}/remedies",
    response={201: dict},
    auth=staff_auth,
    operation_id="enforcement_case_remedy_start",
    summary="登记复议或诉讼 / record a remedy",
)
def start_remedy(request: HttpRequest, case_id: int, payload: RemedyIn) -> Any:
    remedy = services.record_remedy(
        actor=_actor(request),
        case=_case(request, case_id),
        kind=payload.kind,
        started_on=payload.started_on,
    )
    return Status(201, {"id": remedy.pk})


@router.post(
    "/cases/{case_id}/remedies/{remedy_id}/end",
    response=dict,
    auth=staff_auth,
    operation_id="enforcement_case_remedy_end",
    summary="复议或诉讼终结 / end a remedy",
)
def end_remedy(
    request: HttpRequest, case_id: int, remedy_id: int, payload: RemedyEndIn
) -> Any:
    case = _case(request, case_id)
    remedy = case.remedies.filter(pk=remedy_id).first()
    if remedy is None:
        raise NotFoundError(
            "没有此复议或诉讼。", "No such remedy.", code="remedy_not_found"
        )
    services.end_remedy(
        actor=_actor(request),
        remedy=remedy,
        ended_on=payload.ended_on,
        result=payload.result,
        decision_outcome=payload.decision_outcome,
    )
    return {"id": remedy.pk, "ended_on": str(remedy.ended_on)}


@router.get(
    "/cases/{case_id}/surcharge",
    response=SurchargeOut,
    auth=staff_auth,
    operation_id="enforcement_case_surcharge",
    summary="加处罚款 / the late surcharge on a day",
)
def surcharge(request: HttpRequest, case_id: int, on: dt.date | None = None) -> Any:
    case = _case(request, case_id)
    day = on or _today()
    found = services.surcharge_on(case, day)
    if found is None:
        raise NotFoundError(
            "本案没有应缴罚款。", "There is no fine to pay.", code="no_fine"
        )
    return {
        "on": day,
        "fine_fen": found.fine_fen,
        "surcharge_fen": found.amount_fen,
        "days_counted": found.days_counted,
        "frozen_days": found.frozen_days,
        "capped": found.capped,
        "basis": found.basis,
    }


@router.post(
    "/cases/{case_id}/payment",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_payment",
    summary="缴纳罚款 / record payment",
)
def payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> Any:
    return services.record_payment(
        actor=_actor(request),
        case=_case(request, case_id),
        paid_on=payload.paid_on,
        amount_fen=payload.amount_fen,
    )


@router.post(
    "/cases/{case_id}/execution",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_execution",
    summary="执行完毕 / record execution",
)
def execution(request: HttpRequest, case_id: int, payload: ExecutionIn) -> Any:
    return services.record_execution(
        actor=_actor(request),
        case=_case(request, case_id),
        executed_on=payload.executed_on,
        note=payload.note,
        compulsory_at=payload.compulsory_at,
        urgent_reason=payload.urgent_reason,
    )


@router.post(
    "/cases/{case_id}/close",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_close",
    summary="结案 / close the case",
)
def close(request: HttpRequest, case_id: int, payload: CloseIn) -> Any:
    return services.close_case(
        actor=_actor(request), case=_case(request, case_id), closed_on=payload.closed_on
    )


@router.post(
    "/cases/{case_id}/dismiss",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_case_dismiss",
    summary="撤销立案 / dismiss the case",
)
def dismiss(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    return services.dismiss_case(
        actor=_actor(request), case=_case(request, case_id), reason=payload.reason
    )


@router.post(
    "/on-the-spot",
    response={201: CaseOut},
    auth=staff_auth,
    operation_id="enforcement_on_the_spot_decide",
    summary="当场处罚（简易程序） / on-the-spot decision",
)
def on_the_spot(request: HttpRequest, payload: OnTheSpotIn) -> Any:
    case = services.decide_on_the_spot(
        actor=_actor(request),
        subject=selectors.get_subject(subject_id=payload.subject_id),
        officer=_officer_for(request, payload.officer_id),
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        decided_on=payload.decided_on,
        summary=payload.summary,
        basis=payload.basis,
        kinds=payload.kinds,
        fine_fen=payload.fine_fen,
        decision_number=payload.decision_number,
        place=payload.place,
        violation_code=payload.violation_code,
        facts=payload.facts,
        sector=payload.sector,
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/report",
    response=CaseOut,
    auth=staff_auth,
    operation_id="enforcement_on_the_spot_report",
    summary="当场处罚备案 / report to the organ",
)
def report(request: HttpRequest, case_id: int, payload: ReportIn) -> Any:
    return services.report_on_the_spot(
        actor=_actor(request),
        case=_case(request, case_id),
        reported_on=payload.reported_on,
    )
