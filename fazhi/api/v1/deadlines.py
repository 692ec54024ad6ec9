"""The public deadline calculator: statutory deadlines on the office's calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest
from ninja import Query, Router, Schema

from fazhi.core.deadlines import compute_deadline, list_rules, parse_pauses, parse_start

router = Router(tags=["期限计算"], auth=None)


class DeadlineOut(Schema):
    rule: str
    title: str
    variant: str | None
    kind: str
    start: str
    due: str
    raw_due: str | None
    target: str | None
    unit: str
    length: int
    extended_by: int
    paused_days: int
    provisional: bool
    provisional_reason: str
    missing_years: list[int]
    basis: str
    explanation: str
    explanation_en: str


class VariantOut(Schema):
    name: str
    label: str
    kind: str
    unit: str
    length: int
    basis: str
    extension_max: int | None


class RuleOut(Schema):
    id: str
    title: str
    title_en: str
    day0: str
    default_variant: str
    in_force_since: dt.date
    variants: list[VariantOut]


class DeadlineQuery(Schema):
    start: str
    extend: int = 0
    pause: list[str] = []
    variant: str | None = None


@router.get(
    "/",
    response=list[RuleOut],
    operation_id="deadlines_list",
    summary="期限规则目录 / the catalogue of deadline rules",
)
def list_deadline_rules(request: HttpRequest) -> list[dict[str, object]]:
    return [asdict(info) for info in list_rules()]


@router.get(
    "/{rule_id}",
    response=DeadlineOut,
    operation_id="deadlines_compute",
    summary="计算期限 / compute a deadline",
    description=(
        "start: day 0 (YYYY-MM-DD, not counted); extend: approved extension; "
        "pause: FROM:TO (repeatable, both days inclusive); variant: the rule's variant."
    ),
)
def compute(
    request: HttpRequest, rule_id: str, query: Query[DeadlineQuery]
) -> dict[str, object]:
    deadline = compute_deadline(
        rule_id,
        parse_start(query.start),
        extend=query.extend,
        pauses=parse_pauses(query.pause),
        variant=query.variant,
    )
    return deadline.as_dict()
