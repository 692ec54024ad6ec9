"""Staff pages of the enforcement module (执法办案、法制审核、执法监督), under /workbench/enforcement/.

Views stay thin: reads go through :mod:`fazhi.enforcement.selectors` (scoped, so
another organization's case is "not found"); every act goes through one generic
pattern, :func:`_act` — a form from :mod:`fazhi.enforcement.forms`, its
``submit`` calling the service, then a redirect; or, when the law refuses, the
bilingual ``DomainError`` with the article, and nothing changed.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.core.models import User
from fazhi.core.scope import BUSINESS, can, is_staff
from fazhi.core.workflow import Refusal
from fazhi.core.worklist import due_soon_days
from fazhi.enforcement import forms, selectors, services
from fazhi.enforcement.eligibility import officer_refusal
from fazhi.enforcement.models import (
    LegalReview,
    Officer,
    PenaltyCase,
    PublishedDecision,
)
from fazhi.enforcement.workflows import COMPLAINT, MEASURE, PENALTY, REVIEW, TRANSFER

T = "enforcement/staff/"
CASES_PER_PAGE = 50
View = Callable[..., HttpResponse]


def staff_page(view: View) -> View:
    """Log-in required; staff roles only; an object out of scope is a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            return render(request, "workbench/forbidden.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.zh) from exc

    return wrapper


def _today() -> dt.date:
    return timezone.localdate()


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - staff_page ran first
        raise Http404
    return user


# --- the generic act: form → service → redirect, or the refusal with nothing changed ----------


def _act(
    request: HttpRequest,
    *,
    form_class: type[forms.StepForm],
    target: Any,
    title: Any,
    back_url: str,
    done_url: Callable[[Any], str] | None = None,
    context: dict[str, Any] | None = None,
    foreseen: Refusal | None = None,
) -> HttpResponse:
    user = _user(request)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if data is not None else None
    form = form_class(data, files=files, target=target, user=user)
    error: DomainError | None = None
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                result = form.submit(user)
            except DomainError as exc:
                error, status = exc, exc.status
            else:
                messages.success(request, _g("已完成：%(act)s") % {"act": title})
                return redirect(done_url(result) if done_url else back_url)
        else:
            status = 400
    return render(
        request,
        T + "act.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "error": error,
            "foreseen": foreseen if error is None else None,
            "target": target,
            **(context or {}),
        },
        status=status,
    )


# --- the case acts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseAct:
    """One act on a case: its page (slug), form, and the procedural step it takes
    (``step``), or — for an act that is not a step — the states it belongs to."""

    slug: str
    label: Promise | str
    form: type[forms.StepForm]
    step: str = ""
    states: frozenset[str] = field(default_factory=frozenset)
    basis: str = ""
    applies: Callable[[PenaltyCase], bool] = lambda case: True


OPEN = frozenset({"filed", "investigated", "notified", "hearing_requested", "heard"})
PUBLISHABLE = frozenset(services.publicity.PUBLISHABLE_STATES)
PUBLICITY_ACTS = frozenset({"publish", "withdrawal-clock", "withdraw-publication"})


def _clock_may_start(publication: PublishedDecision | None) -> bool:
    return publication is not None and publication.withdrawal_due_on is None


PROPOSED = frozenset({"investigated", "notified", "heard"})
LAW = "《行政处罚法》(2021-01-22)"

CASE_ACTS: tuple[CaseAct, ...] = (
    CaseAct("file", _("立案"), forms.FileForm, step="file"),
    CaseAct(
        "decline-filing",
        _("不予立案"),
        forms.DeclineFilingForm,
        step="decline_filing",
    ),
    CaseAct(
        "assign-officer",
        _("指派执法人员"),
        forms.AssignOfficerForm,
        states=OPEN | {"clue"},
        basis=f"{LAW} 第42条第1款",
        applies=lambda case: not case.is_simplified,
    ),
    CaseAct(
        "release-officer",
        _("撤回指派"),
        forms.ReleaseOfficerForm,
        states=OPEN | {"clue"},
        basis=f"{LAW} 第43条",
        applies=lambda case: case.assignments.filter(released_on__isnull=True).exists(),
    ),
    CaseAct(
        "add-evidence",
        _("登记证据"),
        forms.EvidenceForm,
        states=OPEN,
        basis=f"{LAW} 第46条；第47条",
    ),
    CaseAct(
        "conclude-investigation",
        _("调查终结"),
        forms.ConcludeForm,
        step="conclude_investigation",
    ),
    CaseAct(
        "revise-proposal",
        _("调整拟处理意见"),
        forms.ReviseForm,
        states=PROPOSED,
        basis=f"{LAW} 第45条",
    ),
    CaseAct(
        "submit-for-review",
        _("送法制审核"),
        forms.SubmitReviewForm,
        states=PROPOSED,
        basis=f"{LAW} 第58条第1款",
        applies=lambda case: (
            not case.reviews.filter(state=LegalReview.State.PENDING).exists()
        ),
    ),
    CaseAct(
        "collective-discussion",
        _("记录负责人集体讨论"),
        forms.CollectiveDiscussionForm,
        states=PROPOSED,
        basis=f"{LAW} 第57条第2款",
    ),
    CaseAct(
        "reopen-investigation",
        _("补充调查"),
        forms.ReopenForm,
        step="reopen_investigation",
    ),
    CaseAct("notify", _("事先告知"), forms.NoticeForm, step="notify"),
    CaseAct(
        "statement",
        _("记录陈述申辩"),
        forms.StatementForm,
        states=frozenset({"notified", "hearing_requested", "heard"}),
        basis=f"{LAW} 第45条；第62条",
    ),
    CaseAct(
        "request-hearing",
        _("申请听证"),
        forms.RequestHearingForm,
        step="request_hearing",
    ),
    CaseAct(
        "schedule-hearing",
        _("安排听证"),
        forms.ScheduleHearingForm,
        states=frozenset({"hearing_requested"}),
        basis=f"{LAW} 第64条第2项",
    ),
    CaseAct("hold-hearing", _("举行听证"), forms.HoldHearingForm, step="hold_hearing"),
    CaseAct(
        "withdraw-hearing",
        _("撤回听证申请"),
        forms.WithdrawHearingForm,
        step="withdraw_hearing_request",
    ),
    CaseAct("decide", _("作出决定"), forms.DecideForm, step="decide"),
    CaseAct("serve", _("送达决定书"), forms.ServeForm, step="serve"),
    CaseAct(
        "remedy",
        _("记录复议诉讼"),
        forms.RemedyForm,
        states=frozenset({"decided", "served", "executed"}),
        basis=f"{LAW} 第73条第3款",
        applies=lambda case: not case.remedies.filter(ended_on__isnull=True).exists(),
    ),
    CaseAct(
        "end-remedy",
        _("复议诉讼终结"),
        forms.EndRemedyForm,
        states=frozenset({"decided", "served", "executed"}),
        basis=f"{LAW} 第73条第3款",
        applies=lambda case: case.remedies.filter(ended_on__isnull=True).exists(),
    ),
    CaseAct("payment", _("缴纳罚款"), forms.PaymentForm, step="record_payment"),
    CaseAct("execution", _("执行完毕"), forms.ExecutionForm, step="record_execution"),
    CaseAct(
        "report-on-the-spot",
        _("当场处罚备案"),
        forms.ReportOnTheSpotForm,
        states=frozenset({"served", "executed"}),
        basis=f"{LAW} 第52条第3款",
        applies=lambda case: case.is_simplified and case.reported_on is None,
    ),
    CaseAct("close", _("结案归档"), forms.CloseForm, step="close"),
    CaseAct("dismiss", _("撤销立案"), forms.DismissForm, step="dismiss"),
    CaseAct(
        "impose-measure",
        _("实施行政强制措施"),
        forms.ImposeMeasureForm,
        states=OPEN,
        basis="《行政强制法》(2011-06-30) 第18条；第24条",
    ),
    CaseAct(
        "report-transfer",
        _("报请移送涉嫌犯罪案件"),
        forms.ReportTransferForm,
        step="transfer",
    ),
    # Publicity (第48条): also after the case is closed, so listed on the case
    # page's publicity panel rather than among the next steps.
    CaseAct(
        "publish",
        _("公开处罚决定"),
        forms.PublishDecisionForm,
        states=PUBLISHABLE,
        basis=f"{LAW} 第48条第1款",
        applies=lambda case: (
            case.outcome == PenaltyCase.Outcome.PENALTY
            and services.publicity.active_publication(case) is None
        ),
    ),
    CaseAct(
        "withdrawal-clock",
        _("开始撤回期限"),
        forms.WithdrawalClockForm,
        states=PUBLISHABLE,
        basis=f"{LAW} 第48条第2款",
        applies=lambda case: _clock_may_start(
            services.publicity.active_publication(case)
        ),
    ),
    CaseAct(
        "withdraw-publication",
        _("撤回公开的决定"),
        forms.WithdrawPublicationForm,
        states=PUBLISHABLE,
        basis=f"{LAW} 第48条第2款",
        applies=lambda case: services.publicity.active_publication(case) is not None,
    ),
)
CASE_ACT = {a.slug: a for a in CASE_ACTS}
WEIGHED = frozenset({"conclude-investigation", "revise-proposal", "decide"})
ACT_OF_STEP = {a.step: a for a in CASE_ACTS if a.step}


def _as_proposed(case: PenaltyCase) -> PenaltyCase:
    """A copy of the case as if decided as proposed: the decision's guards answer
    whether that decision may be made now (the case itself is not touched)."""
    proposed = copy.copy(case)
    proposed.outcome = case.proposed_outcome
    proposed.kinds = list(case.proposed_kinds)
    proposed.fine_fen = case.proposed_fine_fen
    proposed.confiscation_fen = case.proposed_confiscation_fen
    proposed.decision_reasoning = case.non_penalty_reasoning
    return proposed


def _foresee(case: PenaltyCase, step: str) -> Refusal | None:
    target = _as_proposed(case) if step == "decide" else case
    return PENALTY.refusal(target, step)


@dataclass(frozen=True)
class NextStep:
    label: Any
    url: str
    basis: str
    refusal: Refusal | None


def _next_steps(case: PenaltyCase) -> list[NextStep]:
    """The steps the procedure allows from the case's state — each permitted, or
    refused with the reason and the article that requires it — and the other acts
    of that state (officers, evidence, statements…)."""
    rows: list[NextStep] = []
    for step in PENALTY.steps_from(case.state):
        act = ACT_OF_STEP.get(step.name)
        if act is None:  # on the spot, resume after transfer: taken elsewhere
            continue
        rows.append(
            NextStep(
                step.label,
                reverse("enforcement-staff:case-act", args=[case.pk, act.slug]),
                step.basis,
                _foresee(case, step.name),
            )
        )
    for act in CASE_ACTS:
        if act.slug in PUBLICITY_ACTS:
            continue
        if not act.step and case.state in act.states and act.applies(case):
            rows.append(
                NextStep(
                    act.label,
                    reverse("enforcement-staff:case-act", args=[case.pk, act.slug]),
                    act.basis,
                    None,
                )
            )
    return rows


# --- presentation helpers ---------------------------------------------------------------------

CLOCK_LABELS = {
    "decision": _("作出处罚决定"),
    "hearing_request": _("要求听证"),
    "hearing_notice": _("听证通知最迟送达"),
    "service": _("送达决定书"),
    "payment": _("缴纳罚款"),
}

ACTION_LABELS: dict[str, Any] = {
    "register_clue": _("线索登记"),
    "file_case": _("立案"),
    "decline_filing": _("不予立案"),
    "assign_officer": _("指派执法人员"),
    "release_officer": _("撤回指派"),
    "add_evidence": _("登记证据"),
    "conclude_investigation": _("调查终结"),
    "revise_proposal": _("调整拟处理意见"),
    "reopen_investigation": _("补充调查"),
    "submit_for_review": _("送法制审核"),
    "approve_review": _("法制审核通过"),
    "return_review": _("法制审核退回"),
    "record_collective_discussion": _("记录负责人集体讨论"),
    "notify_party": _("事先告知"),
    "record_statement": _("记录陈述申辩"),
    "request_hearing": _("申请听证"),
    "schedule_hearing": _("安排听证"),
    "hold_hearing": _("举行听证"),
    "withdraw_hearing_request": _("撤回听证申请"),
    "decide_case": _("作出决定"),
    "serve_decision": _("送达决定书"),
    "record_remedy": _("记录复议诉讼"),
    "end_remedy": _("复议诉讼终结"),
    "record_payment": _("缴纳罚款"),
    "record_execution": _("执行完毕"),
    "close_case": _("结案归档"),
    "dismiss_case": _("撤销立案"),
    "decide_on_the_spot": _("当场作出处罚决定"),
    "report_on_the_spot": _("当场处罚备案"),
    "impose_measure": _("实施行政强制措施"),
    "extend_measure": _("延长期限"),
    "pause_measure": _("登记不计入期限的期间"),
    "dispose_measure": _("作出处理决定"),
    "report_transfer": _("报请移送涉嫌犯罪案件"),
    "approve_transfer": _("批准移送"),
    "refuse_transfer": _("不批准移送"),
    "send_transfer": _("移送公安机关"),
    "acknowledge_transfer": _("公安机关签收"),
    "record_police_decision": _("公安机关决定"),
    "import_cases": _("批量导入"),
}


@dataclass(frozen=True)
class ClockRow:
    label: Any
    due_on: dt.date
    basis: str
    done: bool
    days_left: int
    due_soon: bool

    @property
    def overdue(self) -> bool:
        return not self.done and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def _clocks(case: PenaltyCase, today: dt.date) -> list[ClockRow]:
    window = due_soon_days()
    rows = []
    for clock in selectors.case_clocks(case):
        days_left = (clock.due_on - today).days
        rows.append(
            ClockRow(
                CLOCK_LABELS.get(clock.name, clock.label),
                clock.due_on,
                clock.basis,
                clock.done,
                days_left,
                not clock.done and 0 <= days_left <= window,
            )
        )
    return rows


@dataclass(frozen=True)
class PublicationRow:
    """A publication of the case for its page: the withdrawal deadline is the one
    the time engine computed (rule ``penalty.publicity.withdrawal``)."""

    publication: PublishedDecision
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -(self.days_left or 0)


def _publicity(case: PenaltyCase, today: dt.date) -> dict[str, Any]:
    rows = [
        PublicationRow(
            p,
            (p.withdrawal_due_on - today).days
            if p.withdrawal_due_on is not None and p.withdrawn_on is None
            else None,
        )
        for p in case.publications.order_by("-published_on", "-id")
    ]
    acts = [
        NextStep(
            a.label,
            reverse("enforcement-staff:case-act", args=[case.pk, a.slug]),
            a.basis,
            None,
        )
        for a in CASE_ACTS
        if a.slug in PUBLICITY_ACTS and case.state in a.states and a.applies(case)
    ]
    return {"publications": rows, "publicity_acts": acts}


def _kind_names(codes: Any) -> str:
    names = dict(forms.kind_choices())
    return "、".join(names.get(str(c), str(c)) for c in codes or ()) or "—"


def _benchmark(case: PenaltyCase, today: dt.date) -> dict[str, Any]:
    """The discretion assessment for the page: the computed range and why, and a
    non-penalty proposal when the first-violation or minor-violation list matches
    (第33条第1款)."""
    try:
        assessment = selectors.benchmark_of(case, today=today)
    except DomainError as exc:
        return {"error": exc}
    if not assessment:
        return {}
    steps = assessment.get("steps") or assessment.get("reasons") or []
    grounds = [
        s
        for s in steps
        if str(s.get("code", "")).startswith("non_penalty.") and s.get("met") is True
    ]
    return {
        "assessment": assessment,
        "stored": bool(case.assessment),
        "steps": steps,
        "required_kinds": _kind_names(assessment.get("required_kinds")),
        "allowed_kinds": _kind_names(assessment.get("allowed_kinds")),
        "non_penalty": assessment.get("outcome") in ("no_penalty", "may_waive"),
        "must_not_penalise": assessment.get("outcome") == "no_penalty",
        "non_penalty_grounds": grounds,
    }


def _outcome_label(code: Any) -> Any:
    if code in PenaltyCase.Outcome.values:
        return PenaltyCase.Outcome(code).label
    return code or "—"


def _timeline(request: HttpRequest, case: PenaltyCase) -> list[dict[str, Any]]:
    return [
        {
            "at": item.at,
            "label": ACTION_LABELS.get(
                item.action.removeprefix("enforcement."), item.action
            ),
            "action": item.action,
            "actor": item.actor,
            "basis": item.basis,
            "reason": item.reason,
            "after": item.after,
        }
        for item in selectors.list_case_timeline(user=request.user, case=case)
    ]


# --- officers' pages: my cases, the case, its acts ------------------------------------------------


@staff_page
def cases(request: HttpRequest) -> HttpResponse:
    """My cases: those the user's role reaches; "mine" narrows to the cases the
    user is assigned to as an officer."""
    user = _user(request)
    state = request.GET.get("state", "")
    procedure = request.GET.get("procedure", "")
    found = selectors.list_cases(
        user=user,
        state=state if state in PENALTY.states else "",
        procedure=procedure if procedure in PenaltyCase.Procedure.values else "",
    )
    mine = request.GET.get("mine") == "1"
    if mine:
        found = found.filter(
            assignments__officer__user=user, assignments__released_on__isnull=True
        ).distinct()
    page = Paginator(found, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        T + "cases.html",
        {
            "cases": [(c, PENALTY.state_label(c.state)) for c in page],
            "page": page,
            "query": query.urlencode(),
            "states": [(s, PENALTY.state_label(s)) for s in PENALTY.states],
            "procedures": PenaltyCase.Procedure.choices,
            "state": state,
            "procedure": procedure,
            "mine": mine,
            "today": _today(),
        },
    )


def _state_label(case: PenaltyCase) -> Any:
    return PENALTY.state_label(case.state)


@staff_page
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = selectors.get_case(user=user, case_id=case_id)
    today = _today()
    surcharge = (
        services.surcharge_on(case, today)
        if case.state == "served" and case.paid_on is None
        else None
    )
    return render(
        request,
        T + "case.html",
        {
            "case": case,
            "state_label": _state_label(case),
            "today": today,
            "clocks": _clocks(case, today),
            "benchmark": _benchmark(case, today),
            "next_steps": _next_steps(case) if case.state not in PENALTY.final else [],
            "timeline": _timeline(request, case),
            "assignments": case.assignments.select_related("officer").order_by(
                "assigned_on", "id"
            ),
            "evidence": case.evidence.all(),
            "notices": case.notices.order_by("served_on", "id"),
            "statements": case.statements.all(),
            "hearing": getattr(case, "hearing", None),
            "reviews": case.reviews.select_related("reviewer").order_by(
                "submitted_on", "id"
            ),
            "remedies": case.remedies.all(),
            "measures": selectors.list_measures(user=user, case_id=case.pk),
            "transfers": selectors.list_transfers(user=user, case_id=case.pk),
            "proposed_kinds": _kind_names(case.proposed_kinds),
            "decided_kinds": _kind_names(case.kinds),
            "surcharge": surcharge,
            "due_today_fen": case.fine_fen + (surcharge.amount_fen if surcharge else 0),
            **_publicity(case, today),
        },
    )


def _case_url(case: Any) -> str:
    return reverse("enforcement-staff:case", args=[case.pk])


@staff_page
def case_act(request: HttpRequest, case_id: int, act: str) -> HttpResponse:
    case = selectors.get_case(user=_user(request), case_id=case_id)
    found = CASE_ACT.get(act)
    if found is None:
        raise Http404(act)
    foreseen = _foresee(case, found.step) if found.step else None
    if foreseen is None and found.states and case.state not in found.states:
        foreseen = Refusal(
            zh=f"案件当前状态为「{_state_label(case)}」，不能办理此事项。",
            en=f"The case is in the state “{_state_label(case)}”; this act is not open.",
            basis=found.basis,
        )
    done: Callable[[Any], str] | None = None
    if found.slug == "impose-measure":
        done = lambda m: reverse("enforcement-staff:measure", args=[m.pk])  # noqa: E731
    elif found.slug == "report-transfer":
        done = lambda t: reverse("enforcement-staff:transfer", args=[t.pk])  # noqa: E731
    return _act(
        request,
        form_class=found.form,
        target=case,
        title=found.label,
        back_url=_case_url(case),
        done_url=done,
        foreseen=foreseen,
        context={
            "case": case,
            "basis": found.basis or _step_basis(found.step),
            "benchmark": _benchmark(case, _today()) if found.slug in WEIGHED else None,
        },
    )


def _step_basis(step: str) -> str:
    return PENALTY.step(step).basis if step else ""


@staff_page
def new_clue(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        form_class=forms.ClueForm,
        target=None,
        title=_("登记线索"),
        back_url=reverse("enforcement-staff:cases"),
        done_url=_case_url,
        context={"basis": f"{LAW} 第54条第1款"},
    )


@staff_page
def on_the_spot(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        form_class=forms.OnTheSpotForm,
        target=None,
        title=_("当场作出处罚决定（简易程序）"),
        back_url=reverse("enforcement-staff:cases"),
        done_url=_case_url,
        context={"basis": f"{LAW} 第51条；第52条"},
    )


# --- reviewers' pages ---------------------------------------------------------------------------


@staff_page
def reviews(request: HttpRequest) -> HttpResponse:
    """Legal reviews due (待审核), then the ones already decided."""
    user = _user(request)
    return render(
        request,
        T + "reviews.html",
        {
            "pending": selectors.list_reviews(user=user, state="pending"),
            "decided": selectors.list_reviews(user=user)
            .exclude(state="pending")
            .order_by("-reviewed_on", "-id")[:50],
        },
    )


@staff_page
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    """The review: what was submitted (proposal, benchmark, any deviation and its
    justification, major-case reasons) and the reviewer's form (第58条)."""
    user = _user(request)
    found = selectors.get_review_for_page(user=user, review_id=review_id)
    case = found.case
    foreseen = REVIEW.refusal(found, "approve")
    return _act(
        request,
        form_class=forms.ReviewDecisionForm,
        target=found,
        title=_("法制审核"),
        back_url=reverse("enforcement-staff:reviews"),
        done_url=lambda r: reverse("enforcement-staff:review", args=[r.pk]),
        foreseen=foreseen,
        context={
            "review": found,
            "case": case,
            "basis": f"{LAW} 第58条",
            "proposal_kinds": _kind_names(found.proposal.get("kinds")),
            "proposal_outcome": _outcome_label(found.proposal.get("outcome")),
            "benchmark": _benchmark(case, _today()),
            "may_review": selectors.may_review(user=user, case=case),
            "case_visible": can(user, case.organization, policy=BUSINESS),
            "show_form": found.state == LegalReview.State.PENDING,
        },
    )


# --- supervisors' pages --------------------------------------------------------------------------


@staff_page
def supervision(request: HttpRequest) -> HttpResponse:
    """执法监督: per organization in the user's scope, the overdue cases, cases
    missing a required step, officers without a valid certificate or otherwise
    ineligible, and decisions outside the benchmark."""
    user = _user(request)
    today = _today()
    organizations = selectors.list_visible_organizations(user=user)
    chosen = None
    raw = request.GET.get("organization", "")
    if raw.isdigit():
        chosen = organizations.filter(pk=int(raw)).first()

    def within(organization: Any) -> bool:
        return chosen is None or organization.path.startswith(chosen.path)

    missing_labels = {
        "notice": _("事先告知（第44条、第62条）"),
        "legal_review": _("法制审核（第58条）"),
        "collective_discussion": _("负责人集体讨论（第57条第2款）"),
        "deviation_justification": _("偏离裁量基准的理由"),
        "decided_after_deadline": _("超过处罚决定期限作出决定（第60条）"),
    }
    return render(
        request,
        T + "supervision.html",
        {
            "today": today,
            "organizations": organizations,
            "chosen": chosen,
            "summary": [
                row
                for row in selectors.supervision_summary(user=user, today=today)
                if within(row.organization)
            ],
            "overdue": [
                c
                for c in selectors.list_overdue_cases(user=user, today=today)
                if within(c.organization)
            ],
            "missing": [
                (c, [missing_labels.get(m, m) for m in items])
                for c, items in selectors.list_cases_missing_steps(user=user)
                if within(c.organization)
            ],
            "uncertified": [
                o
                for o in selectors.list_officers_without_valid_certificate(
                    user=user, today=today
                )
                if within(o.subject.organization)
            ],
            "ineligible": [
                (o, r)
                for o, r in selectors.list_ineligible_officers_with_reasons(
                    user=user, today=today
                )
                if within(o.subject.organization)
            ],
            "outside": [
                c
                for c in selectors.list_decisions_outside_benchmark(user=user)
                if within(c.organization)
            ],
        },
    )


# --- registry: subjects and officers --------------------------------------------------------------


@staff_page
def subjects(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = set(
        selectors.list_visible_organizations(user=user).values_list("pk", flat=True)
    )
    return render(
        request,
        T + "subjects.html",
        {
            "subjects": [
                s
                for s in selectors.list_subjects().prefetch_related("matters")
                if s.organization_id in visible
            ]
        },
    )


@staff_page
def officers(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = _today()
    refusals = {
        o.pk: r
        for o, r in selectors.list_ineligible_officers_with_reasons(
            user=user, today=today
        )
    }
    return render(
        request,
        T + "officers.html",
        {
            "rows": [
                (o, refusals.get(o.pk)) for o in selectors.list_officers(user=user)
            ],
            "today": today,
        },
    )


@staff_page
def new_officer(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        form_class=forms.OfficerForm,
        target=None,
        title=_("登记执法人员"),
        back_url=reverse("enforcement-staff:officers"),
        done_url=lambda o: reverse("enforcement-staff:officer", args=[o.pk]),
        context={"basis": f"{LAW} 第42条第1款"},
    )


OFFICER_ACTS: dict[str, tuple[Any, type[forms.StepForm]]] = {
    "exam": (_("登记执法资格考试"), forms.ExamForm),
    "training": (_("登记培训"), forms.TrainingForm),
    "certificate": (_("变更执法证"), forms.CertificateForm),
}


@staff_page
def officer_detail(request: HttpRequest, officer_id: int) -> HttpResponse:
    user = _user(request)
    officer: Officer = selectors.get_officer(user=user, officer_id=officer_id)
    today = _today()
    return render(
        request,
        T + "officer.html",
        {
            "officer": officer,
            "today": today,
            "refusal": officer_refusal(officer, day=today),
            "exams": officer.exams.all(),
            "trainings": officer.trainings.all(),
            "acts": [(slug, label) for slug, (label, _f) in OFFICER_ACTS.items()],
        },
    )


@staff_page
def officer_act(request: HttpRequest, officer_id: int, act: str) -> HttpResponse:
    officer = selectors.get_officer(user=_user(request), officer_id=officer_id)
    if act not in OFFICER_ACTS:
        raise Http404(act)
    label, form_class = OFFICER_ACTS[act]
    return _act(
        request,
        form_class=form_class,
        target=officer,
        title=label,
        back_url=reverse("enforcement-staff:officer", args=[officer.pk]),
        context={"officer": officer},
    )


# --- compulsory measures and transfers ------------------------------------------------------------

MEASURE_ACTS: dict[str, tuple[Any, type[forms.StepForm], str]] = {
    "extend": (_("延长期限"), forms.ExtendMeasureForm, "extend"),
    "pause": (_("登记不计入期限的期间"), forms.PauseMeasureForm, ""),
    "dispose": (_("作出处理决定"), forms.DisposeMeasureForm, "dispose"),
}

TRANSFER_ACTS: dict[str, tuple[Any, type[forms.StepForm], str]] = {
    "approve": (_("批准移送"), forms.ApproveTransferForm, "approve"),
    "refuse": (_("不批准移送"), forms.RefuseTransferForm, "refuse"),
    "send": (_("移送公安机关"), forms.SendTransferForm, "send"),
    "acknowledge": (_("公安机关签收"), forms.AcknowledgeTransferForm, "acknowledge"),
    "police-decision": (_("公安机关决定"), forms.PoliceDecisionForm, "police_file"),
}


@staff_page
def measure_detail(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = selectors.get_measure(user=_user(request), measure_id=measure_id)
    today = _today()
    return render(
        request,
        T + "measure.html",
        {
            "measure": measure,
            "state_label": MEASURE.state_label(measure.state),
            "today": today,
            "days_left": (measure.term_due_on - today).days,
            "pauses": measure.pauses.all(),
            "acts": [
                (slug, label)
                for slug, (label, _f, step) in MEASURE_ACTS.items()
                if measure.state not in MEASURE.final
            ],
        },
    )


@staff_page
def measure_act(request: HttpRequest, measure_id: int, act: str) -> HttpResponse:
    measure = selectors.get_measure(user=_user(request), measure_id=measure_id)
    if act not in MEASURE_ACTS:
        raise Http404(act)
    label, form_class, step = MEASURE_ACTS[act]
    return _act(
        request,
        form_class=form_class,
        target=measure,
        title=label,
        back_url=reverse("enforcement-staff:measure", args=[measure.pk]),
        foreseen=MEASURE.refusal(measure, step) if step else None,
        context={"basis": MEASURE.step(step).basis if step else ""},
    )


@staff_page
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.get_transfer(user=_user(request), transfer_id=transfer_id)
    return render(
        request,
        T + "transfer.html",
        {
            "transfer": transfer,
            "state_label": TRANSFER.state_label(transfer.state),
            "acts": [
                (slug, label)
                for slug, (label, _f, step) in TRANSFER_ACTS.items()
                if transfer.state in TRANSFER.step(step).sources
            ],
        },
    )


@staff_page
def transfer_act(request: HttpRequest, transfer_id: int, act: str) -> HttpResponse:
    transfer = selectors.get_transfer(user=_user(request), transfer_id=transfer_id)
    if act not in TRANSFER_ACTS:
        raise Http404(act)
    label, form_class, step = TRANSFER_ACTS[act]
    return _act(
        request,
        form_class=form_class,
        target=transfer,
        title=label,
        back_url=reverse("enforcement-staff:transfer", args=[transfer.pk]),
        foreseen=TRANSFER.refusal(transfer, step),
        context={"basis": TRANSFER.step(step).basis},
    )


# --- complaints ------------------------------------------------------------------------------------

COMPLAINT_ACTS: dict[str, tuple[Any, type[forms.StepForm], str]] = {
    "assign": (_("交办"), forms.AssignComplaintForm, "assign"),
    "answer": (_("办结反馈"), forms.AnswerComplaintForm, "answer"),
}


@staff_page
def complaints(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        T + "complaints.html",
        {
            "complaints": [
                (c, COMPLAINT.state_label(c.state))
                for c in selectors.list_complaints(user=user)[:200]
            ],
            "today": _today(),
        },
    )


@staff_page
def new_complaint(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        form_class=forms.ComplaintForm,
        target=None,
        title=_("登记投诉举报"),
        back_url=reverse("enforcement-staff:complaints"),
        done_url=lambda c: reverse("enforcement-staff:complaint", args=[c.pk]),
    )


@staff_page
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """The complaint; the reporter's identity only for the handling organization."""
    user = _user(request)
    complaint = selectors.get_complaint(user=user, complaint_id=complaint_id)
    return render(
        request,
        T + "complaint.html",
        {
            "complaint": complaint,
            "state_label": COMPLAINT.state_label(complaint.state),
            "reporter": selectors.reporter_of(user=user, complaint=complaint),
            "acts": [
                (slug, label)
                for slug, (label, _f, step) in COMPLAINT_ACTS.items()
                if complaint.state in COMPLAINT.step(step).sources
            ],
        },
    )


@staff_page
def complaint_act(request: HttpRequest, complaint_id: int, act: str) -> HttpResponse:
    complaint = selectors.get_complaint(user=_user(request), complaint_id=complaint_id)
    if act not in COMPLAINT_ACTS:
        raise Http404(act)
    label, form_class, step = COMPLAINT_ACTS[act]
    return _act(
        request,
        form_class=form_class,
        target=complaint,
        title=label,
        back_url=reverse("enforcement-staff:complaint", args=[complaint.pk]),
        foreseen=COMPLAINT.refusal(complaint, step),
        context={"basis": COMPLAINT.step(step).basis},
    )
