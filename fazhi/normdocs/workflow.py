"""The declared procedure of a normative document and of its filing.

States are :class:`fazhi.normdocs.models.State`; each step names the article
that requires it and the guards that must hold. Services call
``DOCUMENT.check(document, "step")`` before changing anything, so a step cannot
be skipped and the refusal names the article (see :mod:`fazhi.core.workflow`).

Guards read what is already stored (the latest consultation, review,
fair-competition checklist and meeting) and the day the service works on,
which the service puts on the document as ``document.today`` (today by
default).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.workflow import Refusal, Step, Workflow
from fazhi.normdocs.models import (
    DeliberationDecision,
    FairCompetitionOutcome,
    FilingState,
    FindingDisposition,
    ReviewOutcome,
    State,
)

# -- the articles the procedure rests on ------------------------------------------

#: Public consultation of drafts touching rights and obligations, and its period.
CONSULTATION = "《优化营商环境条例》(2019-10-22) 第62条第2款"
#: Legality review by the legal institution before release.
LEGALITY_REVIEW = (
    "《优化营商环境条例》(2019-10-22) 第63条第2款；"
    "国办发〔2018〕115号（语料未收录）：未经合法性审核或者经审核不合法的，不得提交集体审议"
)
#: Fair-competition review before issue: the gate.
FAIR_COMPETITION = "《公平竞争审查条例》(2024-06-06) 第18条"
#: Collective discussion (集体审议决定), by reference to the rule-making procedure.
COLLECTIVE_DISCUSSION = "《规章制定程序条例》(2017-12-22) 第27条、第36条"
#: Unified registration, numbering and release (三统一); validity; renewal.
HEBEI_OPINIONS = (
    "《河北省人民政府关于推进依法行政加强法治政府建设的意见》"
    "第二部分第（二）（三）项（语料未收录，见 seeds/003）"
)
#: Publication: an unpublished document cannot be a basis for administration.
PUBLICATION = "《优化营商环境条例》(2019-10-22) 第64条第2款"
#: Filing with the next-higher government (provincial filing systems).
FILING = "《法规规章备案审查条例》(2024-08-30) 第25条；参照第4条"
#: Filing review outcomes (by reference to the review of rules).
FILING_REVIEW = "《法规规章备案审查条例》(2024-08-30) 第25条；参照第13条、第18条"
#: Revocation of an improper decision of a department or lower government.
REVOCATION = "《地方各级人民代表大会和地方各级人民政府组织法》(2022-03-11) 第73条第3项"
#: The enactor reports its handling of the review opinion.
ENACTOR_RESPONSE = "《法规规章备案审查条例》(2024-08-30) 第21条"
#: Clean-up, amendment and abolition.
CLEANUP = "《规章制定程序条例》(2017-12-22) 第36条、第39条"
#: Citizens' review requests.
REVIEW_REQUEST = "《法规规章备案审查条例》(2024-08-30) 第12条；《优化营商环境条例》(2019-10-22) 第63条第3款"


def today_of(obj: Any) -> dt.date:
    """The day a service works on (set as ``obj.today``), else today."""
    day = getattr(obj, "today", None)
    return day if isinstance(day, dt.date) else timezone.localdate()


# -- guards -----------------------------------------------------------------------


def comment_period_over(document: Any) -> Refusal | None:
    """The consultation may be closed only after its announced last day."""
    consultation = document.consultations.filter(closed_on__isnull=True).first()
    if consultation is None or today_of(document) > consultation.closes_on:
        return None
    return Refusal(
        zh=(
            f"征求意见期至 {consultation.closes_on.isoformat()} 届满，届满前不能结束征求意见"
            f"（{CONSULTATION}）。"
        ),
        en=(
            f"The comment period runs until {consultation.closes_on.isoformat()}; "
            f"it cannot be closed before then ({CONSULTATION})."
        ),
        basis=CONSULTATION,
        code="comment_period_running",
    )


def consultation_done(document: Any) -> Refusal | None:
    """A draft touching rights and obligations must have been consulted on, with the
    statement of how comments were adopted published, before legality review."""
    if not document.affects_rights:
        return None
    done = document.consultations.filter(
        closed_on__isnull=False, statement_published_on__isnull=False
    ).exists()
    if done:
        return None
    return Refusal(
        zh=(
            "涉及公民、法人和其他组织权利义务的文件，须先向社会公开征求意见并公布意见采纳情况，"
            f"才能送交合法性审核（{CONSULTATION}）。"
        ),
        en=(
            "A document affecting the rights and obligations of citizens, legal persons or "
            "other organizations must first be published for comment, with the statement "
            f"of how comments were adopted, before the legality review ({CONSULTATION})."
        ),
        basis=CONSULTATION,
        code="consultation_required",
    )


def _latest_review(document: Any) -> Any:
    return document.reviews.order_by("-submitted_on", "-id").first()


def findings_disposed(document: Any) -> Refusal | None:
    """The reviewer must dispose of every pre-review finding before concluding."""
    review = _latest_review(document)
    if (
        review is None
        or not review.findings.filter(disposition=FindingDisposition.PENDING).exists()
    ):
        return None
    return Refusal(
        zh=f"请先逐条处理自动预审发现的问题，再作出审核结论（{LEGALITY_REVIEW}）。",
        en=(
            "Dispose of every finding of the automated pre-review before concluding "
            f"the review ({LEGALITY_REVIEW})."
        ),
        basis=LEGALITY_REVIEW,
        code="findings_undisposed",
    )


def review_passed(document: Any) -> Refusal | None:
    """No release without a passed legality review of this very text."""
    review = _latest_review(document)
    if (
        review is not None
        and review.outcome == ReviewOutcome.PASSED
        and review.text_reviewed == document.text
    ):
        return None
    return Refusal(
        zh=(
            "文件未经合法性审核或者审核未通过（或审核后文本又有改动），不得提交审议、登记或者发布"
            f"（{LEGALITY_REVIEW}）。"
        ),
        en=(
            "The document has no passed legality review of its current text; it cannot be "
            f"deliberated, registered or released ({LEGALITY_REVIEW})."
        ),
        basis=LEGALITY_REVIEW,
        code="legality_review_required",
    )


#: The pre-review detectors of 《公平竞争审查条例》第8至11条 (fazhi.normdocs.prereview).
FAIR_COMPETITION_DETECTORS = "fc_"


def needs_fair_competition_review(document: Any) -> bool:
    """Declared as touching economic activity, or the legal reviewer confirmed a
    pre-review finding of prohibited fair-competition content: the drafter's box
    alone cannot take the document past the 第18条 gate."""
    if document.touches_economic_activity:
        return True
    review = _latest_review(document)
    return review is not None and (
        review.findings.filter(
            detector__startswith=FAIR_COMPETITION_DETECTORS,
            disposition=FindingDisposition.CONFIRMED,
        ).exists()
    )


def fair_competition_passed(document: Any) -> Refusal | None:
    """A document touching economic activity needs a fair-competition review that
    found nothing prohibited, or an exception under 第12条."""
    if not needs_fair_competition_review(document):
        return None
    latest = document.fcr_reviews.order_by("-reviewed_on", "-id").first()
    if latest is not None and latest.outcome in (
        FairCompetitionOutcome.PASSED,
        FairCompetitionOutcome.EXCEPTION,
    ):
        return None
    return Refusal(
        zh=(
            "涉及经营者经济活动的文件未经公平竞争审查，或者审查认为违反第8至11条且不符合第12条，"
            f"不得出台（{FAIR_COMPETITION}）。"
        ),
        en=(
            "A document touching economic activity may not be issued without a fair-"
            "competition review, or when the review found content prohibited by "
            f"Articles 8-11 that Article 12 does not save ({FAIR_COMPETITION})."
        ),
        basis=FAIR_COMPETITION,
        code="fair_competition_review_required",
    )


def deliberation_approved(document: Any) -> Refusal | None:
    """Registration follows an approving collective discussion."""
    latest = document.deliberations.order_by("-held_on", "-id").first()
    if latest is not None and latest.decision == DeliberationDecision.APPROVED:
        return None
    return Refusal(
        zh=f"文件须经集体审议通过后才能统一登记编号（{COLLECTIVE_DISCUSSION}）。",
        en=(
            "The document must be approved by collective discussion before it is "
            f"registered and numbered ({COLLECTIVE_DISCUSSION})."
        ),
        basis=COLLECTIVE_DISCUSSION,
        code="collective_discussion_required",
    )


PRE_RELEASE: set[str] = {
    State.DRAFTING,
    State.REVIEWING,
    State.REVIEWED,
    State.APPROVED,
}

DOCUMENT = Workflow(
    "normdocs.document",
    states={state.value: state.label for state in State},
    initial=State.DRAFTING,
    final=frozenset(
        {
            State.EXPIRED,
            State.ABOLISHED,
            State.INVALID,
            State.REVOKED,
            State.SUPERSEDED,
            State.WITHDRAWN,
        }
    ),
    steps=[
        Step(
            "open_consultation",
            _("公开征求意见"),
            sources={State.DRAFTING},
            target=State.CONSULTING,
            basis=CONSULTATION,
        ),
        Step(
            "close_consultation",
            _("结束征求意见"),
            sources={State.CONSULTING},
            target=State.DRAFTING,
            basis=CONSULTATION,
            guards=[comment_period_over],
        ),
        Step(
            "submit_for_review",
            _("送交合法性审核"),
            sources={State.DRAFTING},
            target=State.REVIEWING,
            basis=LEGALITY_REVIEW,
            guards=[consultation_done],
        ),
        Step(
            "pass_review",
            _("合法性审核通过"),
            sources={State.REVIEWING},
            target=State.REVIEWED,
            basis=LEGALITY_REVIEW,
            guards=[findings_disposed],
        ),
        Step(
            "return_review",
            _("退回修改"),
            sources={State.REVIEWING},
            target=State.DRAFTING,
            basis=LEGALITY_REVIEW,
            guards=[findings_disposed],
        ),
        Step(
            "approve",
            _("集体审议通过"),
            sources={State.REVIEWED},
            target=State.APPROVED,
            basis=COLLECTIVE_DISCUSSION,
            guards=[review_passed, fair_competition_passed],
        ),
        Step(
            "send_back",
            _("集体审议退回"),
            sources={State.REVIEWED},
            target=State.DRAFTING,
            basis=COLLECTIVE_DISCUSSION,
        ),
        Step(
            "register",
            _("统一登记编号"),
            sources={State.APPROVED},
            target=State.REGISTERED,
            basis=HEBEI_OPINIONS,
            guards=[review_passed, fair_competition_passed, deliberation_approved],
        ),
        Step(
            "publish",
            # in context: the laws catalogue's "公布" is the date heading "Promulgated"
            pgettext_lazy("normdocs step", "公布"),
            sources={State.REGISTERED},
            target=State.PUBLISHED,
            basis=PUBLICATION,
            guards=[review_passed, fair_competition_passed],
        ),
        Step(
            "expire",
            _("有效期届满失效"),
            sources={State.PUBLISHED},
            target=State.EXPIRED,
            basis=HEBEI_OPINIONS,
        ),
        Step(
            "abolish",
            _("废止"),
            sources={State.PUBLISHED},
            target=State.ABOLISHED,
            basis=CLEANUP,
        ),
        Step(
            "declare_invalid",
            _("宣布失效"),
            sources={State.PUBLISHED},
            target=State.INVALID,
            basis=CLEANUP,
        ),
        Step(
            "revoke",
            _("撤销"),
            sources={State.PUBLISHED},
            target=State.REVOKED,
            basis=REVOCATION,
        ),
        Step(
            "supersede",
            _("重新公布后原文件终止"),
            sources={State.PUBLISHED},
            target=State.SUPERSEDED,
            basis=HEBEI_OPINIONS,
        ),
        Step(
            "withdraw",
            _("撤回"),
            sources=PRE_RELEASE,
            target=State.WITHDRAWN,
        ),
    ],
)


FILING_STATES = {state.value: state.label for state in FilingState}

FILING_WORKFLOW = Workflow(
    "normdocs.filing",
    states=FILING_STATES,
    initial=FilingState.SUBMITTED,
    final=frozenset(
        {FilingState.NO_PROBLEM, FilingState.REVOKED, FilingState.RESPONDED}
    ),
    steps=[
        Step(
            "find_no_problem",
            _("审查未发现问题"),
            sources={FilingState.SUBMITTED},
            target=FilingState.NO_PROBLEM,
            basis=FILING_REVIEW,
        ),
        Step(
            "suggest_amendment",
            _("建议修改"),
            sources={FilingState.SUBMITTED},
            target=FilingState.SUGGEST_AMEND,
            basis=FILING_REVIEW,
        ),
        Step(
            "order_correction",
            _("责令纠正"),
            sources={FilingState.SUBMITTED},
            target=FilingState.ORDER_CORRECT,
            basis=FILING_REVIEW,
        ),
        Step(
            "revoke",
            _("予以撤销"),
            sources={FilingState.SUBMITTED},
            target=FilingState.REVOKED,
            basis=REVOCATION,
        ),
        Step(
            "respond",
            _("报告处理情况"),
            sources={FilingState.SUGGEST_AMEND, FilingState.ORDER_CORRECT},
            target=FilingState.RESPONDED,
            basis=ENACTOR_RESPONSE,
        ),
    ],
)

#: The filing-review outcome chosen by the reviewer → the step it takes.
FILING_OUTCOME_STEPS: dict[str, str] = {
    FilingState.NO_PROBLEM: "find_no_problem",
    FilingState.SUGGEST_AMEND: "suggest_amendment",
    FilingState.ORDER_CORRECT: "order_correction",
    FilingState.REVOKED: "revoke",
}
