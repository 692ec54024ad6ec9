"""Forms of the normdocs pages: they only shape input; the services decide.

A form checks types (a date is a date, a choice is one of the choices); every
rule of the procedure — periods, gates, who may act — stays in
:mod:`fazhi.normdocs.services`, whose refusal the page shows in both languages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fazhi.normdocs import rules
from fazhi.normdocs.models import (
    CleanupDecision,
    DeliberationDecision,
    Disposition,
    FilingState,
    FindingDisposition,
    ReviewOutcome,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _english() -> bool:
    return (get_language() or "").startswith("en")


# -- public ---------------------------------------------------------------------------


class HoneypotMixin(forms.Form):
    """A field people do not see and bots fill (docs/adr/0073)."""

    website = forms.CharField(
        label=_("网址（请留空）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class CommentForm(HoneypotMixin):
    text = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明对哪一条的意见和理由。"),
    )
    name = forms.CharField(
        label=_("姓名或名称（选填）"),
        required=False,
        max_length=128,
        help_text=_("仅供起草机关联系，不会公开。"),
    )
    contact = forms.CharField(
        label=_("联系方式（选填）"),
        required=False,
        max_length=128,
        help_text=_("仅供起草机关联系，不会公开。"),
    )


class ReviewRequestForm(HoneypotMixin):
    text = forms.CharField(
        label=_("审查建议的内容和理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明认为文件哪些内容违法或者不适当，以及理由。"),
    )
    name = forms.CharField(label=_("姓名或名称"), max_length=128)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=128,
        help_text=_("用于书面答复，不会公开。"),
    )


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("回执码"),
        max_length=40,
        help_text=_("提交审查建议后页面显示的回执码，例如 SC-12-0A1B2C3D4E。"),
    )


# -- staff: drafting ------------------------------------------------------------------


class DraftFields(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=255)
    text = forms.CharField(
        label=_("文件正文"), widget=forms.Textarea(attrs={"rows": 12})
    )
    explanation = forms.CharField(
        label=_("起草说明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    affects_rights = forms.BooleanField(
        label=_("涉及公民、法人和其他组织权利义务"), required=False
    )
    touches_economic_activity = forms.BooleanField(
        label=_("涉及经营者经济活动"), required=False
    )
    legal_bases = forms.CharField(
        label=_("制定依据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "每行一条，如“《中华人民共和国行政许可法》第十七条”；须是法律法规库中的条文。"
        ),
    )


class CreateDraftForm(DraftFields):
    organization = forms.ChoiceField(label=_("制定机关"))

    field_order = ["organization", "title", "text", "explanation"]

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            (str(org.pk), org.name) for org in organizations
        ]
        self.initial.setdefault("affects_rights", True)


class UpdateDraftForm(DraftFields):
    pass


class ConfirmForm(forms.Form):
    """A step with nothing to enter: the button is the decision."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(ReasonForm):
    on = forms.DateField(label=_("生效日期"), widget=DATE)


class OpenConsultationForm(forms.Form):
    opens_on = forms.DateField(
        label=_("开始日期"), required=False, widget=DATE, help_text=_("不填为今天。")
    )
    closes_on = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=DATE,
        help_text=_("不填则按法定最短期限计算。"),
    )
    short_period_reason = forms.CharField(
        label=_("少于法定期限的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("征求意见期一般不少于30日；更短的须说明理由。"),
    )


class TargetForm(forms.Form):
    """A step on one row of the document (a comment, a finding, a filing…)."""

    target = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**62
    )  # bounded: the database's integer must not overflow


class DisposeCommentForm(TargetForm):
    disposition = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (Disposition.ADOPTED, Disposition.ADOPTED.label),
            (Disposition.PARTLY, Disposition.PARTLY.label),
            (Disposition.NOT_ADOPTED, Disposition.NOT_ADOPTED.label),
        ],
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("部分采纳或者不予采纳的，须说明理由。"),
    )


# -- staff: review -----------------------------------------------------------------------


class DisposeFindingForm(TargetForm):
    disposition = forms.ChoiceField(
        label=_("处理"),
        choices=[
            (FindingDisposition.CONFIRMED, FindingDisposition.CONFIRMED.label),
            (FindingDisposition.DISMISSED, FindingDisposition.DISMISSED.label),
        ],
    )
    note = forms.CharField(
        label=_("处理说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("认为不构成问题的，须说明理由。"),
    )


class ConcludeReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("审核结论"),
        choices=[
            (ReviewOutcome.PASSED, ReviewOutcome.PASSED.label),
            (ReviewOutcome.AMEND, ReviewOutcome.AMEND.label),
            (ReviewOutcome.REJECTED, ReviewOutcome.REJECTED.label),
        ],
    )
    opinion = forms.CharField(
        label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 4})
    )


class FairCompetitionForm(forms.Form):
    """The checklist of 《公平竞争审查条例》第8-11条 and the 第12条 test, from
    ``rules/fair_competition.yaml``."""

    contains = forms.MultipleChoiceField(
        label=_("文件含有下列内容（未勾选的项视为不含有）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    authorised_items = forms.MultipleChoiceField(
        label=_("第10条所列事项中，有法律、行政法规依据或者经国务院批准的"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("适用第12条例外的情形"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conditions = forms.MultipleChoiceField(
        label=_("第12条例外的条件（符合的勾选）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conclusion = forms.CharField(
        label=_("审查结论"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checklist = rules.fair_competition()
        english = _english()

        def text(option: Any) -> str:
            return str(option.en if english else option.zh)

        self.checklist = checklist
        self.fields["contains"].choices = [  # type: ignore[attr-defined]
            (item.id, f"{item.article} {text(item)}") for item in checklist.items
        ]
        self.fields["authorised_items"].choices = [  # type: ignore[attr-defined]
            (item.id, f"{item.article} {text(item)}")
            for item in checklist.items
            if item.authorisable
        ]
        self.fields["purposes"].choices = [  # type: ignore[attr-defined]
            (p.id, text(p)) for p in checklist.purposes
        ]
        self.fields["conditions"].choices = [  # type: ignore[attr-defined]
            (c.id, text(c)) for c in checklist.conditions
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        contains = set(data["contains"])
        exception = None
        if data["purposes"]:
            exception = {
                "purposes": list(data["purposes"]),
                **{c.id: c.id in data["conditions"] for c in self.checklist.conditions},
            }
        return {
            "answers": {i: i in contains for i in self.checklist.item_ids()},
            "authorised_items": list(data["authorised_items"]),
            "exception": exception,
            "conclusion": data["conclusion"],
        }


class DeliberationForm(forms.Form):
    meeting = forms.CharField(label=_("会议名称"), max_length=255)
    held_on = forms.DateField(label=_("会议日期"), widget=DATE)
    decision = forms.ChoiceField(
        label=_("审议决定"), choices=DeliberationDecision.choices
    )
    minutes = forms.CharField(
        label=_("审议意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("公布日期"), required=False, widget=DATE, help_text=_("不填为今天。")
    )
    effective_on = forms.DateField(
        label=_("施行日期"),
        required=False,
        widget=DATE,
        help_text=_("不填为公布日期。"),
    )
    valid_until = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=DATE,
        help_text=_("不填为允许的最长有效期。"),
    )


# -- staff: filing, renewal, requests -------------------------------------------------


class FilingReviewForm(TargetForm):
    outcome = forms.ChoiceField(
        label=_("审查结论"),
        choices=[
            (FilingState.NO_PROBLEM, FilingState.NO_PROBLEM.label),
            (FilingState.SUGGEST_AMEND, FilingState.SUGGEST_AMEND.label),
            (FilingState.ORDER_CORRECT, FilingState.ORDER_CORRECT.label),
            (FilingState.REVOKED, FilingState.REVOKED.label),
        ],
    )
    opinion = forms.CharField(
        label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FilingResponseForm(TargetForm):
    response = forms.CharField(
        label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RenewalForm(forms.Form):
    title = forms.CharField(
        label=_("新文件标题"),
        required=False,
        max_length=255,
        help_text=_("不填沿用原标题。"),
    )
    explanation = forms.CharField(
        label=_("起草说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerRequestForm(TargetForm):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}))


# -- staff: clean-up -----------------------------------------------------------------------


class DocumentsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number or '—'} {obj.title}"


class StartCampaignForm(forms.Form):
    organization = forms.ChoiceField(label=_("组织清理的机关"))
    title = forms.CharField(label=_("名称"), max_length=255)
    basis = forms.CharField(
        label=_("清理依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            (str(org.pk), org.name) for org in organizations
        ]


class AddDocumentsForm(forms.Form):
    documents = DocumentsField(
        label=_("列入清理的文件"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = candidates  # type: ignore[attr-defined]


class DecideItemForm(TargetForm):
    decision = forms.ChoiceField(label=_("清理结论"), choices=CleanupDecision.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class NumberingForm(forms.Form):
    """统一编号: the pattern of one issuing organ (the services check the placeholders)."""

    organization = forms.ChoiceField(label=_("制定机关"))
    # not "prefix": that name is the form's own attribute (field-name prefix)
    number_prefix = forms.CharField(
        label=_("发文字号前缀"), max_length=32, help_text=_("如“正市监规”。")
    )
    pattern = forms.CharField(
        label=_("编号格式"),
        max_length=64,
        initial="{prefix}〔{year}〕{number}号",
        help_text=_("须包含 {year} 和 {number}，可以使用 {prefix}；序号每年从1开始。"),
    )

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            (str(org.pk), org.name) for org in organizations
        ]
