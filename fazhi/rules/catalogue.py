"""The catalogue of deadline rules as a Markdown table (kept in docs/rules.md).

Run ``python -m fazhi.rules.catalogue`` to print the table; a test checks that
docs/rules.md contains the current one.
"""

from __future__ import annotations

from fazhi.rules.deadlines import Rule, Variant, rules

__all__ = ["markdown_table"]

BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"

_UNIT_LABEL = {
    "calendar_days": "日",
    "working_days": "工作日",
    "months": "月",
    "years": "年",
    "hours": "小时",
}
_KIND_LABEL = {
    "deadline": "",
    "term": "期间",
    "backward": "倒数（前N日）",
    "minimum": "不少于",
    "fixed_date": "固定日期",
    "window": "时段",
    "accrual": "加处至上限",
}


def _unit(variant: Variant) -> str:
    unit = (
        variant.units[-1]
        if variant.declared_unit == "statute"
        else variant.declared_unit
    )
    return unit


def _period(rule: Rule, variant: Variant) -> str:
    if variant.kind == "fixed_date":
        text = f"{variant.month}月{variant.day}日前"
    elif variant.kind == "window":
        text = "夜间及休息日除外"
    elif variant.kind == "accrual":
        text = "上限÷日比例（参数）"
    else:
        text = f"{variant.length} {_unit(variant)}"
    kind = _KIND_LABEL[variant.kind]
    if kind and variant.kind not in ("fixed_date", "window", "accrual"):
        text = f"{kind} {text}"
    if len(rule.current().variants) > 1:
        default = "（默认）" if variant.name == rule.default_variant else ""
        text = f"`{variant.name}`{default}: {text}"
    return text


def _extension(variant: Variant) -> str:
    ext = variant.extension
    if ext is None:
        return "—"
    cap = "不设上限" if ext.max is None else f"≤{ext.max} {ext.unit}"
    return f"{cap}（{ext.approver}）"


def markdown_table() -> str:
    """One row per rule: id, title, period(s) with unit, extension, basis, in force from."""
    lines = [
        BEGIN,
        "",
        "| rule id | 名称 | 期间（unit） | 延长 | 依据 | 适用自 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in rules().values():
        current = rule.current()
        variants = list(current.variants.values())
        period = "<br>".join(_period(rule, v) for v in variants)
        bases = list(dict.fromkeys(v.basis for v in variants))
        history = ""
        if len(rule.versions) > 1:
            history = (
                "（此前："
                + "；".join(
                    f"{v.since.isoformat()} 起 "
                    + "、".join(dict.fromkeys(x.basis for x in v.variants.values()))
                    for v in rule.versions[:-1]
                )
                + "）"
            )
        extension = _extension(variants[0])
        lines.append(
            f"| `{rule.id}` | {rule.title} | {period} | {extension} | "
            f"{'<br>'.join(bases)}{history} | {current.since.isoformat()} |"
        )
    lines += ["", END]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())  # noqa: T201
