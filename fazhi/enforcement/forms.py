"""Forms of the staff pages: one per procedural act, each handing its cleaned data to
the service that performs the act (:meth:`StepForm.submit`).

A form checks only the shape of the input (dates, amounts, choices); whether the
law allows the act is the service's answer, through the declared procedure, so a
refusal names the article and changes nothing. Amounts are entered in yuan and
passed to the services in fen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fazhi.core.errors import DomainError
from fazhi.core.files.services import store_file
from fazhi.core.models import Organization, User
from fazhi.enforcement import rulebook, selectors, services
from fazhi.enforcement.models import (
    Complaint,
    CompulsoryMeasure,
    CrimeTransfer,
    EnforcementSubject,
    Evidence,
    LegalReview,
    Officer,
    PenaltyCase,
    PublishedDecision,
    RemedyPeriod,
    Statement,
)
from fazhi.enforcement.models.cases import PartyKind


def fen(amount: Decimal | None) -> int:
    """Yuan as entered → integer fen, as every service expects."""
    return int((amount or Decimal(0)) * 100)


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _bilingual(zh: str, en: str) -> str:
    return en if _english() else zh


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def day_field(label: Any, *, required: bool = True, help_text: Any = "") -> Any:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), help_text=help_text
    )


def money_field(label: Any, *, required: bool = False, help_text: Any = "") -> Any:
    """An amount in yuan, two places, never negative."""
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
    )


def text_field(label: Any, *, required: bool = True, rows: int = 3) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def kind_choices() -> list[tuple[str, str]]:
    """The penalty kinds of 第9条 in the page's language."""
    return [
        (code, _bilingual(zh, en))
        for code, (zh, en) in rulebook.penalty_kinds().items()
    ]


def user_label(user: User) -> str:
    return user.display_name or user.username


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return user_label(obj)


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.certificate_number}）"


class StepForm(forms.Form):
    """One act on ``target`` by ``user``; :meth:`submit` calls the service."""

    today: dt.date
    template_note: ClassVar[Any] = ""

    def __init__(
        self, data: Any = None, *, target: Any, user: User, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.target = target
        self.user = user
        self.today = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.required:
                field.initial = field.initial or self.today
        self.setup()

    def setup(self) -> None:
        """Fill choices that depend on the target (officers, colleagues…)."""

    def submit(self, actor: User) -> Any:  # pragma: no cover - every form overrides
        raise NotImplementedError


# --- the case: clue, filing, officers, evidence ----------------------------------------


class ClueForm(StepForm):
    """Register a clue (第54条第1款), with the facts the discretion benchmark reads."""

    subject = forms.ModelChoiceField(
        label=_("执法主体"), queryset=EnforcementSubject.objects.none()
    )
    summary = forms.CharField(label=_("案由"), max_length=255)
    source = forms.ChoiceField(label=_("案件来源"), choices=PenaltyCase.Source.choices)
    received_on = day_field(_("线索登记日"))
    clue = text_field(_("线索内容"), required=False)
    party_kind = forms.ChoiceField(label=_("当事人类型"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("当事人"), max_length=128)
    party_id_number = forms.CharField(
        label=_("证件号码"), max_length=64, required=False
    )
    party_address = forms.CharField(label=_("住址"), max_length=255, required=False)
    violation_on = day_field(_("违法行为发生（终了）日"), required=False)
    sector = forms.CharField(
        label=_("领域"),
        max_length=64,
        required=False,
        help_text=_("听证标准按领域适用，例如 market（市场监管）；不填为一般标准。"),
    )
    violation_code = forms.ChoiceField(
        label=_("违法行为（裁量基准）"),
        required=False,
        help_text=_("选择后，系统按裁量基准计算处罚幅度并说明理由（第34条）。"),
    )
    circumstances = forms.MultipleChoiceField(
        label=_("情节"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("从轻、减轻、从重和不予处罚的情节（第30-33条）。"),
    )
    goods_value = money_field(_("货值金额（元）"))
    illegal_income = money_field(_("违法所得（元）"))

    def setup(self) -> None:
        self.fields["subject"].queryset = selectors.list_changeable_subjects(  # type: ignore[attr-defined]
            user=self.user
        )
        violations = selectors.list_benchmark_violations()
        self.fields["violation_code"].choices = [  # type: ignore[attr-defined]
            ("", _("（无裁量基准）")),
            *[
                (v.code, f"{v.code} {_bilingual(v.name, v.name_en)}")
                for v in violations
            ],
        ]
        own = {
            c: _bilingual(zh, en) for v in violations for c, zh, en in v.circumstances
        }
        common = {
            code: _bilingual(zh, en)
            for code, zh, en, _c in selectors.list_circumstance_factors()
        }
        self.fields["circumstances"].choices = sorted(  # type: ignore[attr-defined]
            {**common, **own}.items()
        )

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        amounts = {
            base: str(data[base])
            for base in ("goods_value", "illegal_income")
            if data.get(base) is not None
        }
        facts: dict[str, Any] = {}
        if data.get("circumstances"):
            facts["circumstances"] = list(data["circumstances"])
        if amounts:
            facts["amounts"] = amounts
        return facts

    def submit(self, actor: User) -> PenaltyCase:
        data = self.cleaned_data
        return services.register_clue(
            actor=actor,
            subject=data["subject"],
            summary=data["summary"],
            party_kind=data["party_kind"],
            party_name=data["party_name"],
            received_on=data["received_on"],
            source=data["source"],
            clue=data["clue"],
            violation_on=data["violation_on"],
            violation_code=data["violation_code"],
            facts=self.facts(),
            sector=data["sector"],
            party_id_number=data["party_id_number"],
            party_address=data["party_address"],
        )


class FileForm(StepForm):
    filed_on = day_field(_("立案日"))
    note = text_field(_("立案意见"), required=False)

    def submit(self, actor: User) -> Any:
        return services.file_case(
            actor=actor,
            case=self.target,
            filed_on=self.cleaned_data["filed_on"],
            note=self.cleaned_data["note"],
        )


class ReasonForm(StepForm):
    reason = text_field(_("理由"))
    service: ClassVar[Any] = None

    def submit(self, actor: User) -> Any:
        return type(self).service(
            actor=actor, case=self.target, reason=self.cleaned_data["reason"]
        )


class DeclineFilingForm(ReasonForm):
    service = staticmethod(services.decline_filing)


class ReopenForm(ReasonForm):
    service = staticmethod(services.reopen_investigation)


class DismissForm(ReasonForm):
    service = staticmethod(services.dismiss_case)


class AssignOfficerForm(StepForm):
    """Only officers eligible today are offered (第42条); the page lists the others
    with the reason."""

    officer = OfficerChoiceField(label=_("执法人员"), queryset=Officer.objects.none())

    def setup(self) -> None:
        case: PenaltyCase = self.target
        assigned = set(
            case.assignments.filter(released_on__isnull=True).values_list(
                "officer_id", flat=True
            )
        )
        self.eligibility = selectors.list_officer_eligibility(
            user=self.user, subject=case.subject, day=self.today
        )
        eligible = [o.pk for o, refusal in self.eligibility if refusal is None]
        self.fields["officer"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            pk__in=[pk for pk in eligible if pk not in assigned]
        ).order_by("name")

    def submit(self, actor: User) -> Any:
        return services.assign_officer(
            actor=actor, case=self.target, officer=self.cleaned_data["officer"]
        )


class ReleaseOfficerForm(StepForm):
    officer = OfficerChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    reason = text_field(_("撤回理由（如回避）"))

    def setup(self) -> None:
        self.fields["officer"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            assignments__case=self.target, assignments__released_on__isnull=True
        )

    def submit(self, actor: User) -> Any:
        return services.release_officer(
            actor=actor,
            case=self.target,
            officer=self.cleaned_data["officer"],
            reason=self.cleaned_data["reason"],
        )


class EvidenceForm(StepForm):
    kind = forms.ChoiceField(label=_("证据种类"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=255)
    description = text_field(_("证明事项"), required=False)
    collected_on = day_field(_("取得日期"))
    file = forms.FileField(
        label=_("证据文件"),
        required=False,
        help_text=_("按内容识别类型，同一文件只保存一份（按内容摘要）。"),
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("取证人员"),
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def setup(self) -> None:
        self.fields["officers"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            assignments__case=self.target, assignments__released_on__isnull=True
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        case: PenaltyCase = self.target
        with transaction.atomic():  # the file is kept only with its evidence record
            stored = (
                store_file(
                    actor=actor,
                    organization=case.organization,
                    name=data["file"].name,
                    content=data["file"],
                )
                if data.get("file")
                else None
            )
            return services.add_evidence(
                actor=actor,
                case=case,
                kind=data["kind"],
                title=data["title"],
                collected_on=data["collected_on"],
                description=data["description"],
                officers=list(data["officers"]),
                file=stored,
            )


# --- proposal, review, notice ---------------------------------------------------------------


class ProposalFields(StepForm):
    outcome = forms.ChoiceField(
        label=_("拟处理意见"), choices=PenaltyCase.Outcome.choices
    )
    kinds = forms.MultipleChoiceField(
        label=_("拟处罚种类"), required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = money_field(_("拟罚款（元）"))
    confiscation = money_field(_("拟没收违法所得、非法财物（元）"))
    deviation_justification = text_field(_("偏离裁量基准的理由"), required=False)
    non_penalty_reasoning = text_field(_("不予处罚的理由"), required=False)

    def setup(self) -> None:
        self.fields["kinds"].choices = kind_choices()  # type: ignore[attr-defined]

    def proposal(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "kinds": list(data["kinds"]),
            "fine_fen": fen(data["fine"]),
            "confiscation_fen": fen(data["confiscation"]),
            "deviation_justification": data["deviation_justification"],
            "non_penalty_reasoning": data["non_penalty_reasoning"],
        }


class ConcludeForm(ProposalFields):
    report = text_field(_("调查终结报告"), rows=5)
    field_order = ["report"]

    def submit(self, actor: User) -> Any:
        return services.conclude_investigation(
            actor=actor,
            case=self.target,
            report=self.cleaned_data["report"],
            **self.proposal(),
        )


class ReviseForm(ProposalFields):
    reason = text_field(_("调整理由"))

    def setup(self) -> None:
        super().setup()
        case: PenaltyCase = self.target
        self.initial.update(
            outcome=case.proposed_outcome,
            kinds=case.proposed_kinds,
            fine=Decimal(case.proposed_fine_fen) / 100,
            confiscation=Decimal(case.proposed_confiscation_fen) / 100,
            deviation_justification=case.deviation_justification,
            non_penalty_reasoning=case.non_penalty_reasoning,
        )

    def submit(self, actor: User) -> Any:
        return services.revise_proposal(
            actor=actor,
            case=self.target,
            reason=self.cleaned_data["reason"],
            **self.proposal(),
        )


class SubmitReviewForm(StepForm):
    submitted_on = day_field(_("送审日"))

    def submit(self, actor: User) -> Any:
        return services.submit_for_review(
            actor=actor,
            case=self.target,
            submitted_on=self.cleaned_data["submitted_on"],
        )


class ReviewDecisionForm(StepForm):
    """The reviewer's opinion and outcome (第58条); the reviewer is the signed-in user."""

    outcome = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("审核通过")), ("return", _("退回（审核未通过）"))],
        widget=forms.RadioSelect,
    )
    opinion = text_field(_("审核意见"), rows=5)
    reviewed_on = day_field(_("审核日"))

    def submit(self, actor: User) -> LegalReview:
        return services.decide_review(
            actor=actor,
            review=self.target,
            approve=self.cleaned_data["outcome"] == "approve",
            opinion=self.cleaned_data["opinion"],
            reviewed_on=self.cleaned_data["reviewed_on"],
        )


class CollectiveDiscussionForm(StepForm):
    held_on = day_field(_("讨论日"))
    summary = text_field(_("讨论纪要"), rows=4)

    def submit(self, actor: User) -> Any:
        return services.record_collective_discussion(
            actor=actor,
            case=self.target,
            held_on=self.cleaned_data["held_on"],
            summary=self.cleaned_data["summary"],
        )


class NoticeForm(StepForm):
    served_on = day_field(_("当事人收到告知日"))
    facts = text_field(_("违法事实"), rows=4)
    reasons = text_field(_("理由"))
    basis = text_field(_("依据"))
    rights = text_field(_("告知的权利"), required=False, rows=2)

    def setup(self) -> None:
        self.fields["rights"].initial = services.DEFAULT_RIGHTS

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.notify_party(
            actor=actor,
            case=self.target,
            served_on=data["served_on"],
            facts=data["facts"],
            reasons=data["reasons"],
            basis=data["basis"],
            rights=data["rights"] or services.DEFAULT_RIGHTS,
        )


class StatementForm(StepForm):
    kind = forms.ChoiceField(label=_("类型"), choices=Statement.Kind.choices)
    received_on = day_field(_("提出日"))
    content = text_field(_("内容"), required=False, rows=4)
    adopted = forms.NullBooleanField(
        label=_("是否采纳"),
        required=False,
        widget=forms.Select(
            choices=[
                ("unknown", _("尚未复核")),
                ("true", _("采纳")),
                ("false", _("不采纳")),
            ]
        ),
    )
    review_note = text_field(_("复核意见"), required=False)

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.record_statement(
            actor=actor,
            case=self.target,
            kind=data["kind"],
            received_on=data["received_on"],
            content=data["content"],
            adopted=data["adopted"],
            review_note=data["review_note"],
        )


# --- hearing -----------------------------------------------------------------------------


class RequestHearingForm(StepForm):
    requested_on = day_field(_("申请日"))

    def submit(self, actor: User) -> Any:
        return services.request_hearing(
            actor=actor,
            case=self.target,
            requested_on=self.cleaned_data["requested_on"],
        )


class ScheduleHearingForm(StepForm):
    scheduled_for = day_field(_("举行日"))
    place = forms.CharField(label=_("地点"), max_length=255)
    notice_served_on = day_field(_("通知送达日"))
    presiding = UserChoiceField(label=_("主持人"), queryset=User.objects.none())
    is_public = forms.BooleanField(label=_("公开举行"), required=False, initial=True)

    def setup(self) -> None:
        case: PenaltyCase = self.target
        investigators = [
            a.officer.user_id
            for a in case.assignments.filter(released_on__isnull=True).select_related(
                "officer"
            )
            if a.officer.user_id
        ]
        self.fields["presiding"].queryset = selectors.list_colleagues(  # type: ignore[attr-defined]
            organization=case.organization
        ).exclude(pk__in=investigators)

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.schedule_hearing(
            actor=actor,
            case=self.target,
            scheduled_for=data["scheduled_for"],
            place=data["place"],
            notice_served_on=data["notice_served_on"],
            presiding=data["presiding"],
            is_public=data["is_public"],
        )


class HoldHearingForm(StepForm):
    held_on = day_field(_("举行日"))
    record = text_field(_("听证笔录"), rows=5)
    party_absent = forms.BooleanField(
        label=_("当事人无正当理由不出席或中途退出"), required=False
    )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.hold_hearing(
            actor=actor,
            case=self.target,
            held_on=data["held_on"],
            record=data["record"],
            party_absent=data["party_absent"],
        )


class WithdrawHearingForm(StepForm):
    withdrawn_on = day_field(_("撤回日"))

    def submit(self, actor: User) -> Any:
        return services.withdraw_hearing_request(
            actor=actor,
            case=self.target,
            withdrawn_on=self.cleaned_data["withdrawn_on"],
        )


# --- decision, service, payment, execution -----------------------------------------------------


class DecideForm(StepForm):
    """The decision (第57条). Outside the benchmark's range it needs a justification
    (the service refuses without one, naming the article)."""

    decided_on = day_field(_("决定日"))
    decision_number = forms.CharField(label=_("决定书文号"), max_length=64)
    outcome = forms.ChoiceField(
        label=_("决定结果"), choices=PenaltyCase.Outcome.choices
    )
    kinds = forms.MultipleChoiceField(
        label=_("处罚种类"), required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = money_field(_("罚款（元）"))
    confiscation = money_field(_("没收违法所得、非法财物（元）"))
    reasoning = text_field(_("决定理由"), required=False)
    deviation_justification = text_field(_("偏离裁量基准的理由"), required=False)

    def setup(self) -> None:
        case: PenaltyCase = self.target
        self.fields["kinds"].choices = kind_choices()  # type: ignore[attr-defined]
        self.initial.update(
            outcome=case.proposed_outcome or PenaltyCase.Outcome.PENALTY,
            kinds=case.proposed_kinds,
            fine=Decimal(case.proposed_fine_fen) / 100,
            confiscation=Decimal(case.proposed_confiscation_fen) / 100,
            deviation_justification=case.deviation_justification,
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.decide_case(
            actor=actor,
            case=self.target,
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            decision_number=data["decision_number"],
            reasoning=data["reasoning"],
            kinds=list(data["kinds"]),
            fine_fen=fen(data["fine"]),
            confiscation_fen=fen(data["confiscation"]),
            deviation_justification=data["deviation_justification"],
        )


SERVICE_METHOD_LABELS = {
    "on_the_spot": _("当场交付"),
    "direct": _("直接送达"),
    "left_at_residence": _("留置送达"),
    "post": _("邮寄送达"),
    "electronic": _("电子送达（经当事人同意）"),
    "public_notice": _("公告送达"),
}


class ServeForm(StepForm):
    served_on = day_field(_("送达日"))
    method = forms.ChoiceField(
        label=_("送达方式"),
        choices=[(m, SERVICE_METHOD_LABELS[m]) for m in services.SERVICE_METHODS],
    )
    electronic_consent = forms.BooleanField(
        label=_("当事人同意电子送达并签订确认书"), required=False
    )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.serve_decision(
            actor=actor,
            case=self.target,
            served_on=data["served_on"],
            method=data["method"],
            electronic_consent=data["electronic_consent"],
        )


class RemedyForm(StepForm):
    kind = forms.ChoiceField(label=_("类型"), choices=RemedyPeriod.Kind.choices)
    started_on = day_field(_("申请（起诉）日"))

    def submit(self, actor: User) -> Any:
        return services.record_remedy(
            actor=actor,
            case=self.target,
            kind=self.cleaned_data["kind"],
            started_on=self.cleaned_data["started_on"],
        )


class EndRemedyForm(StepForm):
    """The end of a reconsideration or lawsuit: the surcharge runs again (第73条第3款)."""

    remedy = forms.ModelChoiceField(
        label=_("复议或诉讼"), queryset=RemedyPeriod.objects.none()
    )
    ended_on = day_field(_("终结日"))
    result = forms.CharField(label=_("结果"), max_length=255)
    decision_outcome = forms.ChoiceField(
        label=_("对处罚决定的结论"),
        required=False,
        choices=[
            ("", _("（未说明）")),
            (services.UPHELD, _("维持处罚决定（或驳回）")),
            *PublishedDecision.WithdrawalReason.choices,
        ],
        help_text=_(
            "处罚决定被变更、撤销或确认违法、无效的，已公开的决定自动开始撤回期限"
            "（第48条第2款）。"
        ),
    )

    def setup(self) -> None:
        self.fields["remedy"].queryset = self.target.remedies.filter(  # type: ignore[attr-defined]
            ended_on__isnull=True
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.end_remedy(
            actor=actor,
            remedy=data["remedy"],
            ended_on=data["ended_on"],
            result=data["result"],
            decision_outcome=data["decision_outcome"],
        )


# --- publicity of the decision (第48条) ------------------------------------------------


def _no_publication() -> DomainError:
    return DomainError(
        "该案件没有公开中的处罚决定。",
        "This case has no published decision that is still up.",
        code="publication_not_found",
        status=409,
        basis=services.publicity.BASIS_WITHDRAW,
    )


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class PublishDecisionForm(StepForm):
    """Publish the decision (第48条第1款): the page shows the masked text that will be
    stored; the confirmation is valid only for the text that was shown."""

    facts = text_field(_("违法事实"), required=False, rows=6)
    legal_basis = text_field(_("处罚依据"), required=False, rows=2)
    published_on = day_field(_("公开日"))
    confirmed = forms.BooleanField(
        label=_("我已核对上方脱敏后的公开文本，确认公开"), required=False
    )

    def setup(self) -> None:
        case: PenaltyCase = self.target
        facts, basis = services.publicity.publication_defaults(case)
        self.fields["facts"].initial = facts
        self.fields["legal_basis"].initial = basis
        self.submitted_digest = ""
        if self.is_bound:
            facts = str(self.data.get("facts", ""))
            basis = str(self.data.get("legal_basis", ""))
            self.submitted_digest = str(self.data.get("previewed", ""))
        self.preview = services.publicity.preview_publication(
            case, facts=facts.strip(), legal_basis=basis.strip()
        )
        # The page sends this back: a confirmation holds only for the text shown.
        self.preview_digest = _digest(
            self.preview.party,
            self.preview.summary,
            self.preview.facts,
            self.preview.legal_basis,
            self.preview.penalty,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.submitted_digest != self.preview_digest:
            raise forms.ValidationError(
                _("公开文本与页面上显示的预览不同：请核对新的预览后再确认。")
            )
        if not data.get("confirmed"):
            self.add_error(
                "confirmed", _("请核对脱敏后的公开文本，并勾选确认后再公开。")
            )
        return data

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.publish_decision(
            actor=actor,
            case=self.target,
            facts=data["facts"],
            legal_basis=data["legal_basis"],
            published_on=data["published_on"],
        )


class WithdrawalClockForm(StepForm):
    """The decision was set aside: the withdrawal falls due (第48条第2款)."""

    reason = forms.ChoiceField(
        label=_("撤回原因"), choices=PublishedDecision.WithdrawalReason.choices
    )
    occurred_on = day_field(_("决定被变更、撤销或确认违法、无效之日"))

    def submit(self, actor: User) -> Any:
        publication = services.publicity.active_publication(self.target)
        if publication is None:
            raise _no_publication()
        return services.start_withdrawal_clock(
            actor=actor,
            publication=publication,
            reason=self.cleaned_data["reason"],
            occurred_on=self.cleaned_data["occurred_on"],
        )


class WithdrawPublicationForm(StepForm):
    """Withdraw the published decision with a public explanation (第48条第2款)."""

    explanation = text_field(_("撤回说明（公开）"), rows=3)
    reason = forms.ChoiceField(
        label=_("撤回原因"),
        required=False,
        choices=[
            ("", _("（按已开始的撤回期限）")),
            *PublishedDecision.WithdrawalReason.choices,
        ],
    )
    occurred_on = day_field(
        _("决定被变更、撤销或确认违法、无效之日"),
        required=False,
        help_text=_("已开始撤回期限的，可不填。"),
    )
    withdrawn_on = day_field(_("撤回日"))

    def setup(self) -> None:
        publication = services.publicity.active_publication(self.target)
        if publication is not None and publication.withdrawal_reason:
            self.fields["reason"].initial = publication.withdrawal_reason
            self.fields["occurred_on"].initial = publication.withdrawal_occurred_on

    def submit(self, actor: User) -> Any:
        publication = services.publicity.active_publication(self.target)
        if publication is None:
            raise _no_publication()
        data = self.cleaned_data
        return services.withdraw_publication(
            actor=actor,
            publication=publication,
            explanation=data["explanation"],
            reason=data["reason"],
            occurred_on=data["occurred_on"],
            withdrawn_on=data["withdrawn_on"],
        )


class PaymentForm(StepForm):
    """The payment: the fine plus the late surcharge due on the day (第72条第1款第1项)."""

    paid_on = day_field(_("缴款日"))
    amount = money_field(
        _("实缴金额（元）"),
        required=True,
        help_text=_("罚款与缴款日应加处的罚款之和。"),
    )

    def setup(self) -> None:
        case: PenaltyCase = self.target
        surcharge = services.surcharge_on(case, self.today)
        due = case.fine_fen + (surcharge.amount_fen if surcharge else 0)
        self.surcharge_today = surcharge
        self.due_today_fen = due
        self.fields["amount"].initial = Decimal(due) / 100

    def submit(self, actor: User) -> Any:
        return services.record_payment(
            actor=actor,
            case=self.target,
            paid_on=self.cleaned_data["paid_on"],
            amount_fen=fen(self.cleaned_data["amount"]),
        )


class ExecutionForm(StepForm):
    executed_on = day_field(_("执行完毕日"))
    note = text_field(_("执行情况"))
    compulsory_at = forms.DateTimeField(
        label=_("强制执行时间"),
        required=False,
        widget=DateTimeInput(),
        help_text=_(
            "依法强制执行的，填写实施时间（不得在夜间或法定节假日，紧急的除外）。"
        ),
    )
    urgent_reason = text_field(_("情况紧急的理由"), required=False, rows=2)

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.record_execution(
            actor=actor,
            case=self.target,
            executed_on=data["executed_on"],
            note=data["note"],
            compulsory_at=data["compulsory_at"],
            urgent_reason=data["urgent_reason"],
        )


class CloseForm(StepForm):
    closed_on = day_field(_("结案日"))

    def submit(self, actor: User) -> Any:
        return services.close_case(
            actor=actor, case=self.target, closed_on=self.cleaned_data["closed_on"]
        )


class ReportOnTheSpotForm(StepForm):
    reported_on = day_field(_("备案日"))

    def submit(self, actor: User) -> Any:
        return services.report_on_the_spot(
            actor=actor, case=self.target, reported_on=self.cleaned_data["reported_on"]
        )


class OnTheSpotForm(StepForm):
    """The simplified procedure (第51、52条): decided and served on the spot."""

    subject = forms.ModelChoiceField(
        label=_("执法主体"), queryset=EnforcementSubject.objects.none()
    )
    officer = OfficerChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    party_kind = forms.ChoiceField(label=_("当事人类型"), choices=PartyKind.choices)
    party_name = forms.CharField(label=_("当事人"), max_length=128)
    party_id_number = forms.CharField(
        label=_("证件号码"), max_length=64, required=False
    )
    decided_on = day_field(_("决定日"))
    place = forms.CharField(label=_("地点"), max_length=255)
    summary = forms.CharField(label=_("违法行为"), max_length=255)
    basis = forms.CharField(label=_("处罚依据"), max_length=255)
    kinds = forms.MultipleChoiceField(
        label=_("处罚种类"), widget=forms.CheckboxSelectMultiple
    )
    fine = money_field(_("罚款（元）"))
    decision_number = forms.CharField(label=_("决定书编号"), max_length=64)
    sector = forms.CharField(label=_("领域"), max_length=64, required=False)

    def setup(self) -> None:
        subjects = selectors.list_changeable_subjects(user=self.user)
        self.fields["subject"].queryset = subjects  # type: ignore[attr-defined]
        self.fields["officer"].queryset = selectors.list_officers(  # type: ignore[attr-defined]
            user=self.user
        ).filter(subject__in=subjects)
        self.fields["kinds"].choices = kind_choices()  # type: ignore[attr-defined]

    def submit(self, actor: User) -> PenaltyCase:
        data = self.cleaned_data
        return services.decide_on_the_spot(
            actor=actor,
            subject=data["subject"],
            officer=data["officer"],
            party_kind=data["party_kind"],
            party_name=data["party_name"],
            party_id_number=data["party_id_number"],
            decided_on=data["decided_on"],
            summary=data["summary"],
            basis=data["basis"],
            kinds=list(data["kinds"]),
            fine_fen=fen(data["fine"]),
            decision_number=data["decision_number"],
            place=data["place"],
            sector=data["sector"],
        )


# --- compulsory measures, transfers ---------------------------------------------------------------


class ImposeMeasureForm(StepForm):
    kind = forms.ChoiceField(label=_("措施"), choices=CompulsoryMeasure.Kind.choices)
    items = text_field(_("查封、扣押清单或冻结账户"))
    amount = money_field(_("冻结数额（元）"))
    reason = text_field(_("理由和依据"))
    started_on = day_field(_("实施日"))
    approved_by = UserChoiceField(
        label=_("批准负责人"), queryset=User.objects.none(), required=False
    )
    emergency_at = forms.DateTimeField(
        label=_("情况紧急当场实施的时间"),
        required=False,
        widget=DateTimeInput(),
        help_text=_(
            "未经事先批准的，填写实施时间；须在规定时限内补办批准（《行政强制法》第19条）。"
        ),
    )

    def setup(self) -> None:
        self.fields["approved_by"].queryset = selectors.list_colleagues(  # type: ignore[attr-defined]
            organization=self.target.organization
        )

    def submit(self, actor: User) -> CompulsoryMeasure:
        data = self.cleaned_data
        return services.impose_measure(
            actor=actor,
            case=self.target,
            kind=data["kind"],
            items=data["items"],
            reason=data["reason"],
            started_on=data["started_on"],
            approved_by=data["approved_by"],
            emergency_at=data["emergency_at"],
            amount_fen=fen(data["amount"]),
        )


class ExtendMeasureForm(StepForm):
    days = forms.IntegerField(label=_("延长日数"), min_value=1)
    reason = text_field(_("延长理由"))
    approved_by = UserChoiceField(label=_("批准负责人"), queryset=User.objects.none())
    extended_on = day_field(_("批准日"))

    def setup(self) -> None:
        self.fields["approved_by"].queryset = selectors.list_colleagues(  # type: ignore[attr-defined]
            organization=self.target.organization
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.extend_measure(
            actor=actor,
            measure=self.target,
            days=data["days"],
            reason=data["reason"],
            approved_by=data["approved_by"],
            extended_on=data["extended_on"],
        )


class PauseMeasureForm(StepForm):
    start = day_field(_("起"))
    end = day_field(_("止"))
    reason = forms.CharField(
        label=_("检测、检验、检疫或者技术鉴定事项"), max_length=255
    )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.pause_measure(
            actor=actor,
            measure=self.target,
            start=data["start"],
            end=data["end"],
            reason=data["reason"],
        )


class DisposeMeasureForm(StepForm):
    disposition = forms.ChoiceField(
        label=_("处理结果"), choices=CompulsoryMeasure.Disposition.choices
    )
    disposed_on = day_field(_("处理日"))
    note = text_field(_("处理说明"))

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.dispose_measure(
            actor=actor,
            measure=self.target,
            disposition=data["disposition"],
            disposed_on=data["disposed_on"],
            note=data["note"],
        )


class ReportTransferForm(StepForm):
    report = text_field(_("移送报告"), rows=5)
    reported_on = day_field(_("报告日"))

    def submit(self, actor: User) -> CrimeTransfer:
        return services.report_transfer(
            actor=actor,
            case=self.target,
            report=self.cleaned_data["report"],
            reported_on=self.cleaned_data["reported_on"],
        )


def _now_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class ApproveTransferForm(StepForm):
    approved_at = forms.DateTimeField(label=_("批准时间"), widget=DateTimeInput())

    def setup(self) -> None:
        self.fields["approved_at"].initial = _now_minute()

    def submit(self, actor: User) -> Any:
        return services.approve_transfer(
            actor=actor,
            transfer=self.target,
            approved_at=self.cleaned_data["approved_at"],
        )


class RefuseTransferForm(StepForm):
    reason = text_field(_("不批准理由"))

    def submit(self, actor: User) -> Any:
        return services.refuse_transfer(
            actor=actor, transfer=self.target, reason=self.cleaned_data["reason"]
        )


class SendTransferForm(StepForm):
    police_organ = forms.CharField(label=_("公安机关"), max_length=128)
    transferred_at = forms.DateTimeField(label=_("移送时间"), widget=DateTimeInput())

    def setup(self) -> None:
        self.fields["transferred_at"].initial = _now_minute()

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.send_transfer(
            actor=actor,
            transfer=self.target,
            police_organ=data["police_organ"],
            transferred_at=data["transferred_at"],
        )


class AcknowledgeTransferForm(StepForm):
    receipt_on = day_field(_("公安机关签收日"))

    def submit(self, actor: User) -> Any:
        return services.acknowledge_transfer(
            actor=actor,
            transfer=self.target,
            receipt_on=self.cleaned_data["receipt_on"],
        )


class PoliceDecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=_("公安机关决定"),
        choices=CrimeTransfer.PoliceDecision.choices,
        widget=forms.RadioSelect,
    )
    decided_on = day_field(_("决定日"))

    def submit(self, actor: User) -> Any:
        return services.record_police_decision(
            actor=actor,
            transfer=self.target,
            filed=self.cleaned_data["decision"] == CrimeTransfer.PoliceDecision.FILED,
            decided_on=self.cleaned_data["decided_on"],
        )


# --- complaints ---------------------------------------------------------------------------------


class ComplaintForm(StepForm):
    organization = forms.ModelChoiceField(
        label=_("承办机关"), queryset=Organization.objects.none()
    )
    channel = forms.ChoiceField(label=_("渠道"), choices=Complaint.Channel.choices)
    received_on = day_field(_("收到日"))
    target_name = forms.CharField(label=_("被投诉举报对象"), max_length=255)
    content = text_field(_("内容"), rows=4)
    due_on = day_field(_("办理期限"))
    due_basis = forms.CharField(
        label=_("期限依据"),
        max_length=255,
        help_text=_("办理期限由各领域规定确定（语料中没有），请写明依据。"),
    )
    anonymous = forms.BooleanField(label=_("匿名"), required=False)
    reporter_name = forms.CharField(
        label=_("举报人姓名"), max_length=64, required=False
    )
    reporter_contact = forms.CharField(
        label=_("举报人联系方式"), max_length=128, required=False
    )

    def setup(self) -> None:
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=selectors.list_changeable_subjects(user=self.user).values(
                "organization_id"
            )
        )

    def submit(self, actor: User) -> Complaint:
        data = self.cleaned_data
        return services.receive_complaint(
            actor=actor,
            organization=data["organization"],
            channel=data["channel"],
            received_on=data["received_on"],
            target=data["target_name"],
            content=data["content"],
            due_on=data["due_on"],
            due_basis=data["due_basis"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            anonymous=data["anonymous"],
        )


class AssignComplaintForm(StepForm):
    assignee = UserChoiceField(label=_("承办人"), queryset=User.objects.none())

    def setup(self) -> None:
        self.fields["assignee"].queryset = selectors.list_colleagues(  # type: ignore[attr-defined]
            organization=self.target.organization
        )

    def submit(self, actor: User) -> Any:
        return services.assign_complaint(
            actor=actor, complaint=self.target, assignee=self.cleaned_data["assignee"]
        )


class AnswerComplaintForm(StepForm):
    answered_on = day_field(_("反馈日"))
    result = text_field(_("处理结果"), rows=4)
    case = forms.ModelChoiceField(
        label=_("立案案件"), queryset=PenaltyCase.objects.none(), required=False
    )

    def setup(self) -> None:
        self.fields["case"].queryset = selectors.list_cases(  # type: ignore[attr-defined]
            user=self.user, organization_id=self.target.organization_id
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.answer_complaint(
            actor=actor,
            complaint=self.target,
            answered_on=data["answered_on"],
            result=data["result"],
            case=data["case"],
        )


# --- officers ----------------------------------------------------------------------------------


class OfficerForm(StepForm):
    subject = forms.ModelChoiceField(
        label=_("所属执法主体"), queryset=EnforcementSubject.objects.none()
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    certificate_number = forms.CharField(label=_("执法证号"), max_length=64)
    issuer = forms.CharField(label=_("发证机关"), max_length=128)
    valid_from = day_field(_("有效期起"))
    valid_until = day_field(_("有效期至"))
    user_account = UserChoiceField(
        label=_("账户"), queryset=User.objects.none(), required=False
    )

    def setup(self) -> None:
        subjects = selectors.list_changeable_subjects(user=self.user)
        self.fields["subject"].queryset = subjects  # type: ignore[attr-defined]
        accounts = User.objects.none()
        for subject in subjects:
            accounts = accounts | selectors.list_linkable_accounts(subject=subject)
        self.fields["user_account"].queryset = accounts.distinct()  # type: ignore[attr-defined]

    def submit(self, actor: User) -> Officer:
        data = self.cleaned_data
        return services.register_officer(
            actor=actor,
            subject=data["subject"],
            name=data["name"],
            certificate_number=data["certificate_number"],
            issuer=data["issuer"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            user=data["user_account"],
        )


class ExamForm(StepForm):
    taken_on = day_field(_("考试日期"))
    passed = forms.BooleanField(label=_("通过"), required=False)
    score = forms.DecimalField(
        label=_("成绩"), required=False, max_digits=5, decimal_places=1
    )
    note = forms.CharField(label=_("备注"), max_length=255, required=False)

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.record_exam(
            actor=actor,
            officer=self.target,
            taken_on=data["taken_on"],
            passed=data["passed"],
            score=data["score"],
            note=data["note"],
        )


class TrainingForm(StepForm):
    attended_on = day_field(_("培训日期"))
    hours = forms.DecimalField(
        label=_("学时"), max_digits=5, decimal_places=1, min_value=Decimal("0.5")
    )
    course = forms.CharField(label=_("培训内容"), max_length=255)
    provider = forms.CharField(label=_("组织单位"), max_length=128, required=False)

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.record_training(
            actor=actor,
            officer=self.target,
            attended_on=data["attended_on"],
            hours=data["hours"],
            course=data["course"],
            provider=data["provider"],
        )


class CertificateForm(StepForm):
    status = forms.ChoiceField(
        label=_("证件状态"), choices=Officer.Status.choices, required=False
    )
    valid_until = day_field(_("有效期至"), required=False)
    reason = text_field(_("理由"))

    def setup(self) -> None:
        self.initial.update(
            status=self.target.status, valid_until=self.target.valid_until
        )

    def submit(self, actor: User) -> Any:
        data = self.cleaned_data
        return services.change_certificate(
            actor=actor,
            officer=self.target,
            status=data["status"] or None,
            valid_until=data["valid_until"],
            reason=data["reason"],
        )
