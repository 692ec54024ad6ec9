"""Staff pages (``/workbench/normdocs/``): lists, the document page and one generic
"step form → service" handler.

Every procedural step is an :class:`Action`: its form, the service call, the
section of the page it lives in. The document page builds the forms the state
and the viewer's roles make relevant; a POST runs the action's service, and a
refusal (:class:`~fazhi.core.errors.DomainError`) re-renders the page with the
message in Chinese and English and the article — nothing changed, never a 500.
Scope comes from the selectors: another organization's draft is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.normdocs import forms as f
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import (
    Campaign,
    Comment,
    Document,
    Filing,
    FilingState,
    ReviewRequestState,
    State,
)
from fazhi.normdocs.views.common import (
    ShownError,
    error_status,
    page_of,
    staff_required,
)
from fazhi.normdocs.workflow import needs_fair_competition_review
from fazhi.normdocs.worklist import expiry_notice_days

Run = Callable[[Any, Any, Any, Any], object]  # (actor, subject, cleaned data, target)

#: Who takes each declared step (docs/normdocs.md "Who acts"), shown beside it.
STEP_ACTORS: dict[str, str | Promise] = {
    "pass_review": _("法制审核机构"),
    "return_review": _("法制审核机构"),
    "register": _("法制审核机构（统一登记、统一编号）"),
    "expire": _("每日自动处理"),
    "revoke": _("备案机关"),
    "supersede": _("重新制定的文件公布时自动处理"),
}
DRAFTER = _("制定机关")


@dataclass(frozen=True)
class Action:
    """One procedural step as a form that posts to a service."""

    name: str
    label: str | Promise  # the button
    form: type[forms.Form]
    run: Run
    anchor: str  # the section of the page
    done: str | Promise  # the message after success
    target: Callable[[Any, int], Any] | None = (
        None  # resolves the row within the subject
    )


def _with_bases(data: dict[str, Any]) -> dict[str, Any]:
    """The draft form's citation lines → the laws-library provisions (refused,
    quoted, when one is not in the library)."""
    lines = data.pop("legal_bases", "") or ""
    return {**data, "legal_bases": selectors.resolve_legal_bases(lines)}


def _not_found() -> Http404:
    return Http404("not found")


def _in(queryset: Any, pk: int) -> Any:
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise _bad_target()
    return row


def _bad_target() -> DomainError:
    return DomainError(
        "所选记录不属于该文件。",
        "The selected record does not belong to this document.",
        code="bad_target",
    )


def _comment(document: Document, pk: int) -> Any:
    return _in(Comment.objects.filter(consultation__document=document), pk)


def _finding(document: Document, pk: int) -> Any:
    review = selectors.latest_review(document=document)
    if review is None:
        raise _not_found()
    return _in(review.findings.all(), pk)


def _filing(document: Document, pk: int) -> Any:
    return _in(document.filings.select_related("filing_body", "document"), pk)


def _request(document: Document, pk: int) -> Any:
    return _in(document.review_requests.select_related("document"), pk)


def _item(campaign: Campaign, pk: int) -> Any:
    return _in(campaign.items.select_related("campaign", "document"), pk)


def _consultation(document: Document) -> Any:
    consultation = selectors.latest_consultation(document=document)
    if consultation is None:
        raise DomainError(
            "该文件还没有公开征求意见。",
            "The document has not been published for comment.",
            code="no_consultation",
        )
    return consultation


def _review(document: Document) -> Any:
    review = selectors.latest_review(document=document)
    if review is None:
        raise DomainError(
            "该文件还没有送交合法性审核。",
            "The document has not been sent for legality review.",
            code="no_review",
        )
    return review


DOCUMENT_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "update_draft",
            _("保存草案"),
            f.UpdateDraftForm,
            lambda actor, doc, d, _t: services.update_draft(
                actor=actor, document=doc, **_with_bases(d)
            ),
            "draft",
            _("草案已保存。"),
        ),
        Action(
            "open_consultation",
            _("公开征求意见"),
            f.OpenConsultationForm,
            lambda actor, doc, d, _t: services.open_consultation(
                actor=actor, document=doc, **d
            ),
            "consultation",
            _("草案已公开征求意见。"),
        ),
        Action(
            "close_consultation",
            _("结束征求意见"),
            f.ConfirmForm,
            lambda actor, doc, d, _t: services.close_consultation(
                actor=actor, document=doc
            ),
            "consultation",
            _("征求意见已结束。"),
        ),
        Action(
            "dispose_comment",
            _("保存处理结果"),
            f.DisposeCommentForm,
            lambda actor, doc, d, comment: services.dispose_comment(
                actor=actor,
                comment=comment,
                disposition=d["disposition"],
                reason=d["reason"],
            ),
            "consultation",
            _("意见处理结果已保存。"),
            _comment,
        ),
        Action(
            "publish_statement",
            _("公布意见采纳情况说明"),
            f.ConfirmForm,
            lambda actor, doc, d, _t: services.publish_adoption_statement(
                actor=actor, consultation=_consultation(doc)
            ),
            "consultation",
            _("意见采纳情况说明已公布。"),
        ),
        Action(
            "fair_competition",
            _("记录公平竞争审查"),
            f.FairCompetitionForm,
            lambda actor, doc, d, _t: services.record_fair_competition_review(
                actor=actor,
                document=doc,
                answers=d["answers"],
                authorised_items=d["authorised_items"],
                exception=d["exception"],
                conclusion=d["conclusion"],
            ),
            "fair-competition",
            _("公平竞争审查已记录。"),
        ),
        Action(
            "submit_for_review",
            _("送交合法性审核"),
            f.ConfirmForm,
            lambda actor, doc, d, _t: services.submit_for_review(
                actor=actor, document=doc
            ),
            "review",
            _("已送交合法性审核，自动预审已完成。"),
        ),
        Action(
            "dispose_finding",
            _("保存处理"),
            f.DisposeFindingForm,
            lambda actor, doc, d, finding: services.dispose_finding(
                actor=actor,
                finding=finding,
                disposition=d["disposition"],
                note=d["note"],
            ),
            "review",
            _("预审发现的处理已保存。"),
            _finding,
        ),
        Action(
            "conclude_review",
            _("作出审核结论"),
            f.ConcludeReviewForm,
            lambda actor, doc, d, _t: services.conclude_review(
                actor=actor,
                review=_review(doc),
                outcome=d["outcome"],
                opinion=d["opinion"],
            ),
            "review",
            _("合法性审核结论已记录。"),
        ),
        Action(
            "deliberate",
            _("记录集体审议"),
            f.DeliberationForm,
            lambda actor, doc, d, _t: services.record_deliberation(
                actor=actor, document=doc, **d
            ),
            "deliberation",
            _("集体审议已记录。"),
        ),
        Action(
            "register",
            _("统一登记编号"),
            f.ConfirmForm,
            lambda actor, doc, d, _t: services.register_document(
                actor=actor, document=doc
            ),
            "release",
            _("文件已统一登记编号。"),
        ),
        Action(
            "publish",
            _("公布文件"),
            f.PublishForm,
            lambda actor, doc, d, _t: services.publish_document(
                actor=actor, document=doc, **d
            ),
            "release",
            _("文件已公布。"),
        ),
        Action(
            "file",
            _("报送备案"),
            f.ConfirmForm,
            lambda actor, doc, d, _t: services.submit_filing(actor=actor, document=doc),
            "filing",
            _("文件已报送备案。"),
        ),
        Action(
            "review_filing",
            _("作出备案审查结论"),
            f.FilingReviewForm,
            lambda actor, doc, d, filing: services.conclude_filing_review(
                actor=actor,
                filing=filing,
                outcome=d["outcome"],
                opinion=d["opinion"],
            ),
            "filing",
            _("备案审查结论已记录。"),
            _filing,
        ),
        Action(
            "respond_filing",
            _("报告处理情况"),
            f.FilingResponseForm,
            lambda actor, doc, d, filing: services.respond_to_filing_review(
                actor=actor, filing=filing, response=d["response"]
            ),
            "filing",
            _("处理情况已报告。"),
            _filing,
        ),
        Action(
            "answer_request",
            _("答复"),
            f.AnswerRequestForm,
            lambda actor, doc, d, request: services.answer_review_request(
                actor=actor, request=request, answer=d["answer"]
            ),
            "review-requests",
            _("审查建议已答复。"),
            _request,
        ),
        Action(
            "renew",
            _("开始重新制定"),
            f.RenewalForm,
            lambda actor, doc, d, _t: services.start_renewal(
                actor=actor,
                document=doc,
                title=d["title"] or None,
                explanation=d["explanation"],
            ),
            "validity",
            _("已开始重新制定，新草案已创建。"),
        ),
        Action(
            "abolish",
            _("废止"),
            f.EndForm,
            lambda actor, doc, d, _t: services.abolish_document(
                actor=actor, document=doc, on=d["on"], reason=d["reason"]
            ),
            "validity",
            _("文件已废止。"),
        ),
        Action(
            "declare_invalid",
            _("宣布失效"),
            f.EndForm,
            lambda actor, doc, d, _t: services.declare_invalid(
                actor=actor, document=doc, on=d["on"], reason=d["reason"]
            ),
            "validity",
            _("文件已宣布失效。"),
        ),
        Action(
            "withdraw",
            _("撤回"),
            f.ReasonForm,
            lambda actor, doc, d, _t: services.withdraw_document(
                actor=actor, document=doc, reason=d["reason"]
            ),
            "validity",
            _("文件已撤回。"),
        ),
    ]
}

CAMPAIGN_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "add_documents",
            _("列入清理"),
            f.AddDocumentsForm,
            lambda actor, campaign, d, _t: services.add_to_campaign(
                actor=actor, campaign=campaign, documents=list(d["documents"])
            ),
            "select",
            _("文件已列入清理。"),
        ),
        Action(
            "decide",
            _("保存清理结论"),
            f.DecideItemForm,
            lambda actor, campaign, d, item: services.decide_campaign_item(
                actor=actor, item=item, decision=d["decision"], reason=d["reason"]
            ),
            "items",
            _("清理结论已保存。"),
            _item,
        ),
        Action(
            "publish_campaign",
            _("公布清理结果"),
            f.ConfirmForm,
            lambda actor, campaign, d, _t: services.publish_campaign(
                actor=actor, campaign=campaign
            ),
            "items",
            _("清理结果已公布。"),
        ),
    ]
}


def _form(
    action: Action,
    *,
    target: int | None = None,
    data: Any = None,
    **kwargs: Any,
) -> forms.Form:
    """An action's form with ids unique on the page (several forms per page)."""
    suffix = f"-{target}" if target is not None else ""
    initial = {"target": target} if target is not None else None
    return action.form(
        data, auto_id=f"{action.name}{suffix}-%s", initial=initial, **kwargs
    )


def _run(
    request: HttpRequest, action: Action, subject: Any, form: forms.Form
) -> tuple[object | None, ShownError | None, int]:
    """Run the action's service; (result, error, status)."""
    if not form.is_valid():
        if "target" in form.errors:  # a hidden field: only a tampered form gets here
            return None, ShownError.of(_bad_target()), 400
        return None, None, 400
    data = dict(form.cleaned_data)
    if isinstance(form, f.FairCompetitionForm):
        data = form.service_arguments()
    target_id = data.pop("target", None)
    try:
        target = (
            action.target(subject, target_id)
            if action.target is not None and target_id is not None
            else None
        )
        if action.target is not None and target is None:
            raise _not_found()
        result = action.run(request.user, subject, data, target)
    except DomainError as exc:
        return None, ShownError.of(exc), error_status(exc)
    return result, None, 200


# -- lists --------------------------------------------------------------------------------


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """My drafts, reviews due, filings due, expiring documents, open review requests."""
    user = request.user
    today = timezone.localdate()
    days = expiry_notice_days()
    to_file = selectors.list_filings_to_submit(user=user)
    filings = list(selectors.list_filings_to_review(user=user))
    return render(
        request,
        "normdocs/staff/home.html",
        {
            "drafts": selectors.list_my_drafts(user=user).select_related(
                "organization"
            ),
            "reviews": selectors.list_reviews_to_do(user=user),
            "to_file": to_file,
            "filings": filings,
            "filing_count": len(to_file) + len(filings),
            "expiring": selectors.expiring_documents(
                user=user, today=today, within_days=days
            ),
            "requests": selectors.list_review_requests(user=user, open_only=True),
            "days": days,
            "today": today,
        },
    )


@require_GET
@staff_required
def documents(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    q = request.GET.get("q", "").strip()
    rows = selectors.list_documents(user=request.user, state=state or None, q=q)
    return render(
        request,
        "normdocs/staff/documents.html",
        {
            "page": page_of(request, rows.select_related("organization")),
            "state": state,
            "states": State.choices,
            "q": q,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.drafting_organizations(user=request.user)
    form = f.CreateDraftForm(request.POST or None, organizations=organizations)
    error: ShownError | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            organization = organizations.get(pk=int(data.pop("organization")))
            try:
                document = services.create_draft(
                    actor=request.user, organization=organization, **_with_bases(data)
                )
            except DomainError as exc:
                error, status = ShownError.of(exc), error_status(exc)
            else:
                messages.success(request, _("草案已创建。"))
                return redirect("normdocs-staff:document", pk=document.pk)
    return render(
        request,
        "normdocs/staff/create.html",
        {"form": form, "error": error, "organizations": organizations},
        status=status,
    )


# -- the document page -----------------------------------------------------------------


def _document(request: HttpRequest, pk: int) -> Document:
    try:
        return selectors.get_document(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc


def _document_context(
    request: HttpRequest,
    document: Document,
    *,
    bound: tuple[str, int | None, forms.Form] | None = None,
    error: ShownError | None = None,
) -> dict[str, Any]:
    """The page: state, steps and refusals, each section's rows and relevant forms."""
    user = request.user
    today = timezone.localdate()
    roles = selectors.document_roles(user=user, document=document)
    state = document.state
    consultation = selectors.latest_consultation(document=document)
    review = selectors.latest_review(document=document)
    filings = list(selectors.list_filings(user=user, document=document))
    requests = list(document.review_requests.order_by("-received_on", "-pk"))
    pre_release = state in (
        State.DRAFTING,
        State.REVIEWING,
        State.REVIEWED,
        State.APPROVED,
    )

    def make(name: str, target: int | None = None) -> forms.Form:
        if bound is not None and bound[0] == name and bound[1] == target:
            return bound[2]
        return _form(DOCUMENT_ACTIONS[name], target=target)

    wanted = {
        "update_draft": roles.drafter and state == State.DRAFTING,
        "open_consultation": roles.drafter and state == State.DRAFTING,
        "close_consultation": roles.drafter and state == State.CONSULTING,
        "publish_statement": roles.drafter
        and consultation is not None
        and consultation.closed_on is not None
        and consultation.statement_published_on is None,
        "fair_competition": roles.drafter
        and pre_release
        and needs_fair_competition_review(document),
        "submit_for_review": roles.drafter and state == State.DRAFTING,
        "conclude_review": roles.reviewer and state == State.REVIEWING,
        "deliberate": roles.drafter and state == State.REVIEWED,
        "register": roles.registrar and state == State.APPROVED,
        "publish": roles.drafter and state == State.REGISTERED,
        "file": roles.drafter and state == State.PUBLISHED and not filings,
        "renew": roles.drafter and state in (State.PUBLISHED, State.EXPIRED),
        "abolish": roles.drafter and state == State.PUBLISHED,
        "declare_invalid": roles.drafter and state == State.PUBLISHED,
        "withdraw": roles.drafter and pre_release,
    }
    step_forms = {name: make(name) for name, show in wanted.items() if show}
    if "update_draft" in step_forms and not step_forms["update_draft"].is_bound:
        step_forms["update_draft"].initial.update(
            {
                "title": document.title,
                "text": document.text,
                "explanation": document.explanation,
                "affects_rights": document.affects_rights,
                "touches_economic_activity": document.touches_economic_activity,
                "legal_bases": selectors.legal_bases_text(document),
            }
        )

    comments = []
    if consultation is not None:
        may_dispose = roles.drafter and consultation.statement_published_on is None
        comments = [
            (c, make("dispose_comment", c.pk) if may_dispose else None)
            for c in selectors.list_comments(user=user, consultation=consultation)
        ]
    findings = []
    if review is not None:
        may_dispose = roles.reviewer and state == State.REVIEWING
        findings = [
            (x, make("dispose_finding", x.pk) if may_dispose else None)
            for x in review.findings.all()
        ]
    filing_rows = [
        (
            filing,
            make("review_filing", filing.pk)
            if roles.filing_reviewer and filing.state == FilingState.SUBMITTED
            else None,
            make("respond_filing", filing.pk)
            if roles.drafter
            and filing.state in (FilingState.SUGGEST_AMEND, FilingState.ORDER_CORRECT)
            else None,
        )
        for filing in filings
    ]
    may_answer = roles.anything
    request_rows = [
        (
            r,
            make("answer_request", r.pk)
            if may_answer and r.state == ReviewRequestState.RECEIVED
            else None,
        )
        for r in requests
    ]
    return {
        "document": document,
        "legal_bases": selectors.legal_bases_of(document),
        "needs_fcr": needs_fair_competition_review(document),
        "roles": roles,
        "options": [
            (option, STEP_ACTORS.get(option.step.name, DRAFTER))
            for option in selectors.step_options(document=document, today=today)
        ],
        "consultation": consultation,
        "comments": comments,
        "review": review,
        "findings": findings,
        "fcr": document.fcr_reviews.order_by("-reviewed_on", "-pk").first(),
        "checklist": selectors.fair_competition_checklist(),
        "deliberations": document.deliberations.order_by("-held_on", "-pk"),
        "filings": filing_rows,
        "requests": request_rows,
        "renewals": document.renewals.order_by("-pk"),
        "step_forms": step_forms,
        "actions": DOCUMENT_ACTIONS,
        "error": error,
        "today": today,
        "english": (get_language() or "").startswith("en"),
    }


@require_GET
@staff_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _document(request, pk)
    return render(
        request, "normdocs/staff/document.html", _document_context(request, obj)
    )


@require_POST
@staff_required
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one handler of every step form of the document page."""
    obj = _document(request, pk)
    action = DOCUMENT_ACTIONS.get(name)
    if action is None:
        raise _not_found()
    raw_target = request.POST.get("target", "")
    target = int(raw_target) if raw_target.isdigit() else None
    form = _form(action, target=target, data=request.POST)
    result, error, status = _run(request, action, obj, form)
    if status == 200:
        messages.success(request, str(action.done))
        if isinstance(result, Document) and result.pk != obj.pk:
            return redirect("normdocs-staff:document", pk=result.pk)
        url = reverse("normdocs-staff:document", args=[obj.pk])
        return redirect(f"{url}#{action.anchor}")
    obj.refresh_from_db()
    context = _document_context(request, obj, bound=(name, target, form), error=error)
    return render(request, "normdocs/staff/document.html", context, status=status)


# -- the worklist's links --------------------------------------------------------------


def _jump(request: HttpRequest, document_id: int, anchor: str) -> HttpResponse:
    url = reverse("normdocs-staff:document", args=[document_id])
    return redirect(f"{url}#{anchor}")


@require_GET
@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj = selectors.get_review(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    return _jump(request, obj.document_id, "review")


@require_GET
@staff_required
def filing(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj: Filing = selectors.get_filing(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    return _jump(request, obj.document_id, "filing")


@require_GET
@staff_required
def review_request(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj = selectors.get_review_request(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc
    return _jump(request, obj.document_id, "review-requests")


# -- clean-up campaigns ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def campaigns(request: HttpRequest) -> HttpResponse:
    organizations = selectors.drafting_organizations(user=request.user)
    form = f.StartCampaignForm(
        request.POST or None, organizations=organizations, auto_id="start-%s"
    )
    error: ShownError | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            organization = organizations.get(pk=int(data.pop("organization")))
            try:
                campaign = services.start_campaign(
                    actor=request.user, organization=organization, **data
                )
            except DomainError as exc:
                error, status = ShownError.of(exc), error_status(exc)
            else:
                messages.success(request, _("清理已开始。"))
                return redirect("normdocs-staff:campaign", pk=campaign.pk)
    return render(
        request,
        "normdocs/staff/campaigns.html",
        {
            "campaigns": selectors.list_campaigns(user=request.user).select_related(
                "organization"
            ),
            "form": form if organizations.exists() else None,
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def numbering(request: HttpRequest) -> HttpResponse:
    """Each issuing organ's numbering pattern (统一编号), set by its own staff."""
    organizations = selectors.drafting_organizations(user=request.user)
    form = f.NumberingForm(
        request.POST or None, organizations=organizations, auto_id="numbering-%s"
    )
    error: ShownError | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            organization = organizations.get(pk=int(data.pop("organization")))
            try:
                services.configure_numbering(
                    actor=request.user,
                    organization=organization,
                    prefix=data["number_prefix"],
                    pattern=data["pattern"],
                )
            except DomainError as exc:
                error, status = ShownError.of(exc), error_status(exc)
            else:
                messages.success(request, _("编号规则已保存。"))
                return redirect("normdocs-staff:numbering")
    year = timezone.localdate().year
    return render(
        request,
        "normdocs/staff/numbering.html",
        {
            "schemes": [
                (scheme, scheme.format(year=year, number=1))
                for scheme in selectors.numbering_schemes(user=request.user)
            ],
            "form": form if organizations.exists() else None,
            "error": error,
        },
        status=status,
    )


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    try:
        return selectors.get_campaign(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.en) from exc


def _campaign_context(
    request: HttpRequest,
    campaign: Campaign,
    *,
    bound: tuple[str, int | None, forms.Form] | None = None,
    error: ShownError | None = None,
) -> dict[str, Any]:
    open_ = campaign.published_on is None
    candidates = selectors.campaign_candidates(user=request.user, campaign=campaign)

    def make(name: str, target: int | None = None) -> forms.Form:
        if bound is not None and bound[0] == name and bound[1] == target:
            return bound[2]
        kwargs = {"candidates": candidates} if name == "add_documents" else {}
        return _form(CAMPAIGN_ACTIONS[name], target=target, **kwargs)

    items = [
        (item, make("decide", item.pk) if open_ else None)
        for item in selectors.campaign_items_to_decide(campaign=campaign)
    ]
    return {
        "campaign": campaign,
        "items": items,
        "add_form": make("add_documents") if open_ and candidates.exists() else None,
        "publish_form": make("publish_campaign") if open_ else None,
        "catalogues": selectors.campaign_catalogues(campaign=campaign),
        "actions": CAMPAIGN_ACTIONS,
        "error": error,
    }


@require_GET
@staff_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _campaign(request, pk)
    return render(
        request, "normdocs/staff/campaign.html", _campaign_context(request, obj)
    )


@require_POST
@staff_required
def campaign_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obj = _campaign(request, pk)
    action = CAMPAIGN_ACTIONS.get(name)
    if action is None:
        raise _not_found()
    raw_target = request.POST.get("target", "")
    target = int(raw_target) if raw_target.isdigit() else None
    kwargs: dict[str, Any] = {}
    if name == "add_documents":
        kwargs["candidates"] = selectors.campaign_candidates(
            user=request.user, campaign=obj
        )
    form = _form(action, target=target, data=request.POST, **kwargs)
    _result, error, status = _run(request, action, obj, form)
    if status == 200:
        messages.success(request, str(action.done))
        url = reverse("normdocs-staff:campaign", args=[obj.pk])
        return redirect(f"{url}#{action.anchor}")
    obj.refresh_from_db()
    context = _campaign_context(request, obj, bound=(name, target, form), error=error)
    return render(request, "normdocs/staff/campaign.html", context, status=status)
