"""The enforcement procedures, declared as state machines (:mod:`fazhi.core.workflow`).

``PENALTY`` is the penalty case, general procedure (《行政处罚法》第54-65条) and
simplified procedure (第51-52条) alike: a simplified case goes from the clue
straight to "served" in one step. ``REVIEW`` is one legal review (第58条);
``MEASURE`` a sealing, seizure or freezing (《行政强制法》第22-33条);
``TRANSFER`` a transfer of a suspected crime (《行政执法机关移送涉嫌犯罪案件的规定》);
``COMPLAINT`` a complaint or report.

Guards read the case as the service is about to save it: the service sets the
intended values on the instance, asks :meth:`Workflow.check`, and saves only if
no guard refused (see :func:`fazhi.enforcement.services.common.attempt`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Refusal, Step, Workflow
from fazhi.enforcement import rulebook
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import LegalReview, Officer, PenaltyCase
from fazhi.rules.parameters import load_parameter

LAW = "《行政处罚法》(2021-01-22)"
COERCION_LAW = "《行政强制法》(2011-06-30)"
TRANSFER_RULES = "《行政执法机关移送涉嫌犯罪案件的规定》(2020-08-07)"

BASIS_FILE = f"{LAW} 第54条第2款"
BASIS_LIMITATION = f"{LAW} 第36条第1款"
BASIS_OFFICERS = f"{LAW} 第42条第1款"
BASIS_EVIDENCE = f"{LAW} 第40条；第46条"
BASIS_CONCLUDE = f"{LAW} 第57条第1款"
BASIS_NOTICE = f"{LAW} 第44条"
BASIS_STATEMENT = f"{LAW} 第45条"
BASIS_NO_AGGRAVATION = f"{LAW} 第44条；第45条第2款"
BASIS_HEARING_REQUEST = f"{LAW} 第63条第1款；第64条第1项"
BASIS_HEARING_NOTICE = f"{LAW} 第64条第2项"
BASIS_HEARING_PRESIDING = f"{LAW} 第64条第4项"
BASIS_HEARING = f"{LAW} 第64条；第65条"
BASIS_HEARING_ABSENCE = f"{LAW} 第64条第6项"
BASIS_NO_DECISION_WITHOUT_NOTICE = f"{LAW} 第62条"
BASIS_REVIEW = f"{LAW} 第58条第1款"
BASIS_COLLECTIVE = f"{LAW} 第57条第2款"
BASIS_DECIDE = f"{LAW} 第57条；第59条"
BASIS_DEADLINE = f"{LAW} 第60条"
BASIS_BENCHMARK = f"{LAW} 第34条；《优化营商环境条例》(2019-10-22) 第60条"
BASIS_NON_PENALTY = f"{LAW} 第33条"
BASIS_SERVE = f"{LAW} 第61条"
BASIS_PAY = f"{LAW} 第67条第3款；第72条第1款第1项；第73条第3款"
BASIS_EXECUTE = f"{LAW} 第66条；第72条"
BASIS_CLOSE = f"{LAW} 第47条"
BASIS_DISMISS = (
    f"{LAW} 第54条；第57条第1款（撤销立案的具体情形由各领域程序规定规定，不在语料中）"
)
BASIS_TRANSFER_CASE = f"{LAW} 第27条第1款；第57条第1款第4项；{TRANSFER_RULES} 第3条"
BASIS_RESUME = f"{TRANSFER_RULES} 第10条"
BASIS_ON_SPOT = f"{LAW} 第51条；第52条"
BASIS_ON_SPOT_REPORT = f"{LAW} 第52条第3款"


def minimum_team(procedure: str, day: dt.date) -> tuple[int, str]:
    """The least number of officers for ``procedure`` on ``day``, with its reference."""
    dated = load_parameter("officers.minimum_team").at(day)
    return int(dated.value[procedure]), dated.reference


def today() -> dt.date:
    return timezone.localdate()


# --- guards of the penalty case ---------------------------------------------


def _general_only(case: PenaltyCase) -> Refusal | None:
    if case.procedure == PenaltyCase.Procedure.GENERAL:
        return None
    return Refusal(
        zh="简易程序案件当场作出决定，不经立案调查。",
        en="A simplified-procedure case is decided on the spot, without filing.",
        basis=BASIS_ON_SPOT,
        code="simplified_case",
    )


def _simplified_only(case: PenaltyCase) -> Refusal | None:
    if case.procedure == PenaltyCase.Procedure.SIMPLIFIED:
        return None
    return Refusal(
        zh="只有适用简易程序的案件才能当场作出处罚决定。",
        en="Only a simplified-procedure case is decided on the spot.",
        basis=BASIS_ON_SPOT,
        code="not_simplified",
    )


def _within_limitation(case: PenaltyCase) -> Refusal | None:
    """No penalty once the violation went undiscovered for the limitation period (第36条)."""
    if case.violation_on is None:
        return None
    from fazhi.enforcement.services.common import compute

    variant = "serious" if case.facts.get("endangers_life_or_finance") else "ordinary"
    deadline = compute("penalty.limitation", case.violation_on, variant=variant)
    if case.received_on <= deadline.due:
        return None
    return Refusal(
        zh=(
            f"违法行为发生于 {case.violation_on}，至 {deadline.due} 未被发现，"
            "不再给予行政处罚，不能立案。"
        ),
        en=(
            f"The violation of {case.violation_on} was not discovered by {deadline.due}; "
            "no penalty may be imposed, so the case cannot be filed."
        ),
        basis=BASIS_LIMITATION,
        code="limitation_expired",
        field="violation_on",
    )


def active_officers(case: PenaltyCase) -> list[Officer]:
    return [
        a.officer
        for a in case.assignments.select_related("officer").filter(
            released_on__isnull=True
        )
    ]


def _two_eligible_officers(case: PenaltyCase) -> Refusal | None:
    """At least the statutory number of assigned officers, each eligible today (第42条)."""
    day = today()
    needed, reference = minimum_team("penalty", day)
    officers = active_officers(case)
    for officer in officers:
        refusal = officer_refusal(officer, day=day, subject=case.subject)
        if refusal is not None:
            return refusal
    if len(officers) >= needed:
        return None
    return Refusal(
        zh=f"本案只指派了 {len(officers)} 名执法人员，执法人员不得少于 {needed} 人。",
        en=f"Only {len(officers)} officer(s) assigned; at least {needed} are required.",
        basis=reference,
        code="too_few_officers",
    )


def _has_evidence(case: PenaltyCase) -> Refusal | None:
    if case.evidence.exists():
        return None
    return Refusal(
        zh="尚未登记任何证据；违法事实不清、证据不足的，不得给予行政处罚。",
        en="No evidence has been recorded; without clear facts and sufficient "
        "evidence no penalty may be imposed.",
        basis=BASIS_EVIDENCE,
        code="evidence_missing",
    )


def _has_proposal(case: PenaltyCase) -> Refusal | None:
    if case.proposed_outcome:
        return None
    return Refusal(
        zh="调查终结须提出拟处理意见。",
        en="Closing the investigation needs a proposed outcome.",
        basis=BASIS_CONCLUDE,
        code="proposal_missing",
        field="proposed_outcome",
    )


def _proposes_penalty(case: PenaltyCase) -> Refusal | None:
    if case.proposed_outcome == PenaltyCase.Outcome.PENALTY:
        return None
    return Refusal(
        zh="拟不予行政处罚的，无需事先告知，可直接作出不予处罚决定。",
        en="No prior notice is needed when no penalty is proposed; decide directly.",
        basis=BASIS_NOTICE,
        code="notice_not_needed",
    )


def latest_notice(case: PenaltyCase) -> Any:
    return case.notices.order_by("-served_on", "-id").first()


def _hearing_offered_and_in_time(case: PenaltyCase) -> Refusal | None:
    notice = latest_notice(case)
    if notice is None or not notice.hearing_offered:
        return Refusal(
            zh="拟作出的处罚不属于应当告知听证权利的情形，当事人不能要求听证。",
            en="The proposed penalty does not carry a right to a hearing.",
            basis=BASIS_HEARING_REQUEST,
            code="hearing_not_available",
        )
    requested_on = getattr(case, "_hearing_requested_on", None) or today()
    if notice.hearing_request_due_on and requested_on > notice.hearing_request_due_on:
        return Refusal(
            zh=(
                f"要求听证的期限已于 {notice.hearing_request_due_on} 届满"
                f"（{requested_on} 提出）。"
            ),
            en=(
                f"The period to request a hearing ended on {notice.hearing_request_due_on} "
                f"(requested on {requested_on})."
            ),
            basis=BASIS_HEARING_REQUEST,
            code="hearing_request_late",
            field="requested_on",
        )
    return None


def _hearing_notice_in_time(case: PenaltyCase) -> Refusal | None:
    hearing = getattr(case, "hearing", None)
    if (
        hearing is None
        or hearing.scheduled_for is None
        or hearing.notice_served_on is None
    ):
        return Refusal(
            zh="听证尚未确定时间、地点并通知当事人。",
            en="The hearing has no date and place notified to the party yet.",
            basis=BASIS_HEARING_NOTICE,
            code="hearing_not_scheduled",
        )
    if hearing.notice_due_on and hearing.notice_served_on > hearing.notice_due_on:
        return Refusal(
            zh=(
                f"听证通知于 {hearing.notice_served_on} 送达，晚于最迟通知日 "
                f"{hearing.notice_due_on}；应当在举行听证的七日前通知。"
            ),
            en=(
                f"The hearing notice was served on {hearing.notice_served_on}, after the "
                f"latest day {hearing.notice_due_on}."
            ),
            basis=BASIS_HEARING_NOTICE,
            code="hearing_notice_late",
        )
    investigators = {o.user_id for o in active_officers(case) if o.user_id is not None}
    if hearing.presiding_id is None or hearing.presiding_id in investigators:
        return Refusal(
            zh="听证应由行政机关指定的非本案调查人员主持。",
            en="The hearing is presided by a person who did not investigate the case.",
            basis=BASIS_HEARING_PRESIDING,
            code="hearing_presiding_invalid",
        )
    return None


def _notified_before_penalty(case: PenaltyCase) -> Refusal | None:
    if case.outcome != PenaltyCase.Outcome.PENALTY:
        return None
    if latest_notice(case) is not None and case.state in {"notified", "heard"}:
        return None
    return Refusal(
        zh="未向当事人告知拟作出的处罚及其事实、理由、依据和权利，不得作出处罚决定。",
        en="No penalty may be decided before the party was notified of it, "
        "its facts, reasons, basis and rights.",
        basis=BASIS_NO_DECISION_WITHOUT_NOTICE,
        code="notice_required",
    )


def _statement_period_over(case: PenaltyCase) -> Refusal | None:
    """The party keeps the right to ask for a hearing until its period ends (第64条)."""
    if case.state != "notified":
        return None
    notice = latest_notice(case)
    if (
        notice is None
        or not notice.hearing_offered
        or notice.hearing_request_due_on is None
    ):
        return None
    if case.statements.filter(
        kind="waiver", received_on__gte=notice.served_on
    ).exists():
        return None
    decided_on = case.decided_on or today()
    if decided_on > notice.hearing_request_due_on:
        return None
    return Refusal(
        zh=(
            f"当事人要求听证的期限至 {notice.hearing_request_due_on} 届满，"
            "期限届满前（当事人明确放弃的除外）不得作出决定。"
        ),
        en=(
            f"The party may request a hearing until {notice.hearing_request_due_on}; "
            "no decision before then unless the party expressly waived."
        ),
        basis=f"{BASIS_HEARING_REQUEST}；{BASIS_NO_DECISION_WITHOUT_NOTICE}",
        code="statement_period_running",
    )


def _no_heavier_than_notified(case: PenaltyCase) -> Refusal | None:
    if case.outcome != PenaltyCase.Outcome.PENALTY:
        return None
    notice = latest_notice(case)
    if notice is None:
        return None
    added = set(case.kinds) - set(notice.proposed_kinds)
    if (
        not added
        and case.fine_fen <= notice.proposed_fine_fen
        and case.confiscation_fen <= notice.proposed_confiscation_fen
    ):
        return None
    return Refusal(
        zh="决定的处罚重于告知的拟处罚；不得因陈述、申辩加重处罚，加重须重新告知。",
        en="The decision is heavier than the penalty notified; it may not be increased "
        "because of statements, and a heavier one needs a new notice.",
        basis=BASIS_NO_AGGRAVATION,
        code="heavier_than_notified",
    )


def proposal_of(case: PenaltyCase) -> dict[str, Any]:
    """The proposal as the legal review sees it (and as the decision must match)."""
    return {
        "outcome": case.proposed_outcome,
        "kinds": sorted(case.proposed_kinds),
        "fine_fen": case.proposed_fine_fen,
        "confiscation_fen": case.proposed_confiscation_fen,
    }


def _reviewed_if_major(case: PenaltyCase) -> Refusal | None:
    if not case.is_major:
        return None
    review = (
        LegalReview.objects.filter(case=case).order_by("-submitted_on", "-id").first()
    )
    if review is None or review.state != LegalReview.State.APPROVED:
        return Refusal(
            zh="重大执法决定未经法制审核或者审核未通过的，不得作出决定。",
            en="A major enforcement decision may not be made without a passed legal review.",
            basis=BASIS_REVIEW,
            code="legal_review_required",
        )
    decided = {
        "outcome": case.outcome,
        "kinds": sorted(case.kinds),
        "fine_fen": case.fine_fen,
        "confiscation_fen": case.confiscation_fen,
    }
    if review.proposal != decided:
        return Refusal(
            zh="决定与法制审核通过的方案不一致，须重新送法制审核。",
            en="The decision differs from the proposal the legal review passed; "
            "submit it for review again.",
            basis=BASIS_REVIEW,
            code="legal_review_stale",
        )
    return None


def _collective_discussion_if_major(case: PenaltyCase) -> Refusal | None:
    if not case.is_major or case.outcome != PenaltyCase.Outcome.PENALTY:
        return None
    if case.collective_discussion_on is not None:
        return None
    return Refusal(
        zh="对情节复杂或者重大违法行为给予处罚，行政机关负责人应当集体讨论决定。",
        en="A penalty for a complex or major violation is decided by the heads collectively.",
        basis=BASIS_COLLECTIVE,
        code="collective_discussion_required",
    )


def _deviation_justified(case: PenaltyCase) -> Refusal | None:
    if not case.deviation or case.deviation_justification.strip():
        return None
    return Refusal(
        zh="处罚超出裁量基准的范围，须记录理由。",
        en="The penalty is outside the discretion benchmark; record the justification.",
        basis=BASIS_BENCHMARK,
        code="deviation_unjustified",
        field="deviation_justification",
    )


def _non_penalty_reasoned(case: PenaltyCase) -> Refusal | None:
    if case.outcome == PenaltyCase.Outcome.PENALTY:
        return None
    if case.non_penalty_reasoning.strip() or case.decision_reasoning.strip():
        return None
    return Refusal(
        zh="不予行政处罚的决定须说明理由。",
        en="A decision not to penalise needs its reasoning.",
        basis=BASIS_NON_PENALTY,
        code="non_penalty_reasoning_required",
        field="reasoning",
    )


def _on_spot_allowed(case: PenaltyCase) -> Refusal | None:
    officer = case.on_spot_officer
    if officer is None:
        return Refusal(
            zh="当场处罚须由出示执法证件的执法人员作出。",
            en="An on-the-spot penalty is made by an officer who shows the certificate.",
            basis=BASIS_ON_SPOT,
            code="on_spot_officer_missing",
        )
    refusal = officer_refusal(
        officer, day=case.decided_on or today(), subject=case.subject
    )
    if refusal is not None:
        return refusal
    reason = rulebook.on_the_spot_refusal(
        facts_of(case, decided=True), on=case.decided_on or today()
    )
    if reason is None:
        return None
    return Refusal(
        zh=reason.zh,
        en=reason.en,
        basis=reason.citation or BASIS_ON_SPOT,
        code="on_spot_not_allowed",
    )


def _nothing_left_to_execute(case: PenaltyCase) -> Refusal | None:
    if case.state == "served" and case.outcome == PenaltyCase.Outcome.PENALTY:
        return Refusal(
            zh="处罚决定尚未执行完毕，不能结案。",
            en="The penalty has not been executed; the case cannot be closed.",
            basis=BASIS_CLOSE,
            code="execution_pending",
        )
    if case.is_simplified and case.reported_on is None:
        return Refusal(
            zh="当场作出的处罚决定须报所属行政机关备案后结案。",
            en="An on-the-spot decision is reported to the officer's organ before closure.",
            basis=BASIS_ON_SPOT_REPORT,
            code="on_spot_not_reported",
        )
    return None


def _fine_due(case: PenaltyCase) -> Refusal | None:
    if case.fine_fen > 0:
        return None
    return Refusal(
        zh="本决定没有罚款，无需缴纳。",
        en="The decision imposes no fine to pay.",
        basis=BASIS_PAY,
        code="no_fine",
    )


def facts_of(case: PenaltyCase, *, decided: bool = False) -> rulebook.Facts:
    """The case as the penalty rules see it (the proposal, or the decision)."""
    return rulebook.Facts(
        party_kind=case.party_kind,
        region_code=case.organization.division.code,
        sector=case.sector,
        violation_code=case.violation_code,
        kinds=tuple(case.kinds if decided else case.proposed_kinds),
        fine_fen=case.fine_fen if decided else case.proposed_fine_fen,
        confiscation_fen=case.confiscation_fen
        if decided
        else case.proposed_confiscation_fen,
        circumstances=dict(case.facts),
        hearing_held=hasattr(case, "hearing") and bool(case.hearing.held_on),
        hearing_eligible=case.hearing_eligible,
    )


_OPEN = {"filed", "investigated", "notified", "hearing_requested", "heard"}

PENALTY = Workflow(
    "penalty",
    states={
        "clue": _("线索登记"),
        "filed": _("已立案（调查中）"),
        "investigated": _("调查终结"),
        "notified": _("已告知（陈述申辩期）"),
        "hearing_requested": _("已申请听证"),
        "heard": _("听证结束"),
        "decided": _("已作出决定"),
        "served": _("已送达"),
        "executed": _("已执行"),
        "closed": _("已结案"),
        "not_filed": _("不予立案"),
        "dismissed": _("已撤销立案"),
        "transferred": _("已移送司法机关"),
    },
    initial="clue",
    final=frozenset({"closed", "not_filed", "dismissed"}),
    steps=[
        Step(
            "decide_on_the_spot",
            _("当场作出处罚决定"),
            sources={"clue"},
            target="served",
            basis=BASIS_ON_SPOT,
            guards=[_simplified_only, _on_spot_allowed],
        ),
        Step(
            "file",
            _("立案"),
            sources={"clue"},
            target="filed",
            basis=BASIS_FILE,
            guards=[_general_only, _within_limitation],
        ),
        Step(
            "decline_filing",
            _("不予立案"),
            sources={"clue"},
            target="not_filed",
            basis=BASIS_FILE,
            guards=[_general_only],
        ),
        Step(
            "conclude_investigation",
            _("调查终结"),
            sources={"filed"},
            target="investigated",
            basis=BASIS_CONCLUDE,
            guards=[_two_eligible_officers, _has_evidence, _has_proposal],
        ),
        Step(
            "reopen_investigation",
            _("补充调查"),
            sources={"investigated", "notified", "heard"},
            target="filed",
            basis=BASIS_CONCLUDE,
        ),
        Step(
            "notify",
            _("事先告知"),
            sources={"investigated"},
            target="notified",
            basis=BASIS_NOTICE,
            guards=[_two_eligible_officers, _proposes_penalty],
        ),
        Step(
            "request_hearing",
            _("申请听证"),
            sources={"notified"},
            target="hearing_requested",
            basis=BASIS_HEARING_REQUEST,
            guards=[_hearing_offered_and_in_time],
        ),
        Step(
            "withdraw_hearing_request",
            _("撤回听证申请"),
            sources={"hearing_requested"},
            target="notified",
            basis=BASIS_HEARING,
        ),
        Step(
            "hold_hearing",
            _("举行听证"),
            sources={"hearing_requested"},
            target="heard",
            basis=BASIS_HEARING,
            guards=[_hearing_notice_in_time],
        ),
        Step(
            "decide",
            _("作出决定"),
            sources={"investigated", "notified", "heard"},
            target="decided",
            basis=BASIS_DECIDE,
            guards=[
                _two_eligible_officers,
                _notified_before_penalty,
                _statement_period_over,
                _no_heavier_than_notified,
                _non_penalty_reasoned,
                _deviation_justified,
                _reviewed_if_major,
                _collective_discussion_if_major,
            ],
        ),
        Step(
            "serve",
            _("送达决定书"),
            sources={"decided"},
            target="served",
            basis=BASIS_SERVE,
        ),
        Step(
            "record_payment",
            _("缴纳罚款"),
            sources={"served"},
            target="executed",
            basis=BASIS_PAY,
            guards=[_fine_due],
        ),
        Step(
            "record_execution",
            _("执行完毕"),
            sources={"served"},
            target="executed",
            basis=BASIS_EXECUTE,
        ),
        Step(
            "close",
            _("结案归档"),
            sources={"served", "executed"},
            target="closed",
            basis=BASIS_CLOSE,
            guards=[_nothing_left_to_execute],
        ),
        Step(
            "dismiss",
            _("撤销立案"),
            sources=_OPEN,
            target="dismissed",
            basis=BASIS_DISMISS,
        ),
        Step(
            "transfer",
            _("移送司法机关"),
            sources=_OPEN,
            target="transferred",
            basis=BASIS_TRANSFER_CASE,
        ),
        Step(
            "resume_after_transfer",
            _("公安机关不予立案后继续办理"),
            sources={"transferred"},
            target="filed",
            basis=BASIS_RESUME,
        ),
    ],
)

REVIEW = Workflow(
    "legal_review",
    states={
        "pending": _("待审核"),
        "approved": _("审核通过"),
        "returned": _("退回（审核未通过）"),
    },
    initial="pending",
    final=frozenset({"approved", "returned"}),
    steps=[
        Step(
            "approve",
            _("审核通过"),
            sources={"pending"},
            target="approved",
            basis=BASIS_REVIEW,
        ),
        Step(
            "return",
            _("退回"),
            sources={"pending"},
            target="returned",
            basis=BASIS_REVIEW,
        ),
    ],
)

BASIS_MEASURE = f"{COERCION_LAW} 第18条；第24条"
BASIS_FREEZE = f"{COERCION_LAW} 第29条；第30条"
BASIS_EXTEND_SEIZURE = f"{COERCION_LAW} 第25条第1款"
BASIS_EXTEND_FREEZE = f"{COERCION_LAW} 第32条第1款"
BASIS_DISPOSE = f"{COERCION_LAW} 第27条；第28条；第33条"
BASIS_NO_ENTRUSTMENT = f"{COERCION_LAW} 第17条第1款"
BASIS_EMERGENCY = f"{COERCION_LAW} 第19条"
BASIS_NIGHT = f"{COERCION_LAW} 第43条第1款"


def _extension_before_term_end(measure: Any) -> Refusal | None:
    day = getattr(measure, "_extended_on", None) or today()
    if day <= measure.term_due_on:
        return None
    return Refusal(
        zh=f"期限已于 {measure.term_due_on} 届满，不能再延长，应当解除。",
        en=f"The term ended on {measure.term_due_on}; it cannot be extended and must be lifted.",
        basis=BASIS_EXTEND_SEIZURE,
        code="measure_term_expired",
    )


MEASURE = Workflow(
    "compulsory_measure",
    states={
        "in_force": _("实施中"),
        "extended": _("已延长"),
        "disposed": _("已处理"),
    },
    initial="in_force",
    final=frozenset({"disposed"}),
    steps=[
        Step(
            "extend",
            _("延长期限"),
            sources={"in_force"},
            target="extended",
            basis=f"{BASIS_EXTEND_SEIZURE}；{BASIS_EXTEND_FREEZE}",
            guards=[_extension_before_term_end],
        ),
        Step(
            "dispose",
            _("作出处理决定"),
            sources={"in_force", "extended"},
            target="disposed",
            basis=BASIS_DISPOSE,
        ),
    ],
)

BASIS_TRANSFER_APPROVAL = f"{TRANSFER_RULES} 第5条第2款"
BASIS_TRANSFER_RECEIPT = f"{TRANSFER_RULES} 第7条"
BASIS_TRANSFER_REVIEW = f"{TRANSFER_RULES} 第8条"
BASIS_TRANSFER_HANDOVER = f"{TRANSFER_RULES} 第12条"

TRANSFER = Workflow(
    "crime_transfer",
    states={
        "reported": _("已报批"),
        "approved": _("已批准移送"),
        "refused": _("不批准移送"),
        "transferred": _("已移送"),
        "received": _("公安机关已签收"),
        "police_filed": _("公安机关已立案"),
        "police_declined": _("公安机关不予立案"),
    },
    initial="reported",
    final=frozenset({"refused", "police_filed", "police_declined"}),
    steps=[
        Step(
            "approve",
            _("批准移送"),
            sources={"reported"},
            target="approved",
            basis=BASIS_TRANSFER_APPROVAL,
        ),
        Step(
            "refuse",
            _("不批准移送"),
            sources={"reported"},
            target="refused",
            basis=BASIS_TRANSFER_APPROVAL,
        ),
        Step(
            "send",
            _("移送公安机关"),
            sources={"approved"},
            target="transferred",
            basis=BASIS_TRANSFER_APPROVAL,
        ),
        Step(
            "acknowledge",
            _("公安机关签收"),
            sources={"transferred"},
            target="received",
            basis=BASIS_TRANSFER_RECEIPT,
        ),
        Step(
            "police_file",
            _("公安机关立案"),
            sources={"received"},
            target="police_filed",
            basis=BASIS_TRANSFER_REVIEW,
        ),
        Step(
            "police_decline",
            _("公安机关不予立案"),
            sources={"received"},
            target="police_declined",
            basis=BASIS_TRANSFER_REVIEW,
        ),
    ],
)

BASIS_COMPLAINT = "《优化营商环境条例》(2019-10-22) 第54条第2款；《行政处罚法》(2021-01-22) 第54条第2款"

COMPLAINT = Workflow(
    "complaint",
    states={
        "received": _("已登记"),
        "assigned": _("办理中"),
        "answered": _("已反馈"),
    },
    initial="received",
    final=frozenset({"answered"}),
    steps=[
        Step(
            "assign",
            _("交办"),
            sources={"received", "assigned"},
            target="assigned",
            basis=BASIS_COMPLAINT,
        ),
        Step(
            "answer",
            _("办结反馈"),
            sources={"assigned"},
            target="answered",
            basis=BASIS_COMPLAINT,
        ),
    ],
)
