"""The public deadline calculator form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fazhi.core.deadlines import RuleInfo


def rule_choices(rules: list[RuleInfo]) -> list[tuple[str, str]]:
    """One choice per rule and variant: ``rule_id:variant`` → a readable title."""
    english = (get_language() or "").startswith("en")
    choices = []
    for rule in sorted(rules, key=lambda r: r.id):
        title = rule.title_en if english and rule.title_en else rule.title
        for variant in rule.variants:
            if len(rule.variants) == 1:
                label = title
            else:
                detail = variant.name.replace("_", " ") if english else variant.label
                label = f"{title} — {detail or variant.name}"
            choices.append((f"{rule.id}:{variant.name}", label))
    return choices


class DeadlineForm(forms.Form):
    rule = forms.ChoiceField(label=_("期限规则"))
    start = forms.DateField(
        label=_("起算日"),
        help_text=_("引起期限起算的事件发生之日（该日不计入期限）。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    extend = forms.IntegerField(
        label=_("延长"),
        required=False,
        min_value=0,
        initial=0,
        help_text=_("经批准延长的天数，没有延长填 0。"),
    )
    pauses = forms.CharField(
        label=_("中止期间"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "2025-03-01:2025-03-10"}
        ),
        help_text=_("期限中止的期间，每行一段，写作 起始日:结束日（含首尾两日）。"),
    )

    def __init__(self, *args: Any, rules: list[RuleInfo], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices(rules)  # type: ignore[attr-defined]

    def pause_lines(self) -> list[str]:
        text: str = self.cleaned_data.get("pauses") or ""
        return [line for line in text.splitlines() if line.strip()]
