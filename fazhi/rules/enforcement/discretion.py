"""Applying a discretion benchmark to the facts of a case, and checking a proposed
decision against the result.

``evaluate`` answers, step by step and with the article for each: whether the law
forbids or allows not penalising (《行政处罚法》(2021-01-22) 第30、31、33、36条), the tier
of the benchmark the facts put the case in, the statutory range and the tier's range
in yuan (computed from the illegal income or goods value where the law counts in
multiples), 从轻/从重 within the tier, and 减轻 below the statutory minimum
(第30、32条). ``check_decision`` reports a proposal outside what the assessment
permits: outside the benchmark (needs a recorded reason) or outside the statute
(unlawful, cannot be justified).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from fazhi.rules.deadlines import compute
from fazhi.rules.enforcement.benchmarks import (
    Band,
    Benchmark,
    Benchmarks,
    BenchmarkSet,
    Factor,
    Tier,
    as_benchmarks,
    clause_text,
    discretion_rules,
    source_note,
)
from fazhi.rules.enforcement.kinds import check_kinds, names_en, names_zh
from fazhi.rules.enforcement.outcome import (
    PartyKind,
    Reason,
    join_citations,
    party_kind,
    yuan,
)
from fazhi.rules.errors import NotInForceError, RulesError

__all__ = [
    "OUTCOMES",
    "Assessment",
    "Deviation",
    "Facts",
    "FineRange",
    "check_decision",
    "evaluate",
]

OUTCOMES = frozenset({"penalty", "no_penalty", "may_waive"})
CENT = Decimal("0.01")
CONFISCATE_INCOME = "confiscate_illegal_income"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@dataclass(frozen=True, slots=True)
class FineRange:
    """A closed range of fines in yuan (two places)."""

    minimum: Decimal
    maximum: Decimal

    def __contains__(self, amount: object) -> bool:
        return isinstance(amount, Decimal) and self.minimum <= amount <= self.maximum

    @property
    def zh(self) -> str:
        return f"{_money(self.minimum)} 至 {_money(self.maximum)} 元"

    @property
    def en(self) -> str:
        return f"{_money(self.minimum)} to {_money(self.maximum)} yuan"

    def as_dict(self) -> dict[str, str]:
        return {"min": str(self.minimum), "max": str(self.maximum)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> FineRange | None:
        if data is None:
            return None
        return cls(Decimal(str(data["min"])), Decimal(str(data["max"])))


@dataclass(frozen=True, slots=True)
class Facts:
    """The facts the benchmark needs.

    ``circumstances``: codes from discretion_rules.yaml (factors) and the benchmark's
    own; ``amounts``: base → yuan (``illegal_income``, ``goods_value``, ``ad_fee``,
    ``construction_cost``, ``business_volume``) — leave a base out when there is none
    or it cannot be computed; ``age_at_act``: a natural person's age on the day of
    the act (第30条); ``act_ended_on``/``discovered_on``: for the limitation (第36条).
    """

    party: PartyKind | str
    circumstances: frozenset[str] = frozenset()
    amounts: Mapping[str, Decimal | int | str] = field(default_factory=dict)
    age_at_act: int | None = None
    act_ended_on: dt.date | None = None
    discovered_on: dt.date | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Facts:
        def _day(value: object) -> dt.date | None:
            if value is None or isinstance(value, dt.date):
                return value
            return dt.date.fromisoformat(str(value))

        unknown = set(data) - {
            "party",
            "circumstances",
            "amounts",
            "age_at_act",
            "act_ended_on",
            "discovered_on",
        }
        if unknown or "party" not in data:
            raise RulesError(
                f"事实数据的键无效：{'、'.join(sorted(unknown)) or '缺少 party'}",
                f"invalid facts keys: {', '.join(sorted(unknown)) or 'party missing'}",
                code="invalid_facts",
            )
        try:
            return cls(
                party=str(data["party"]),
                circumstances=frozenset(data.get("circumstances") or ()),
                amounts=dict(data.get("amounts") or {}),
                age_at_act=data.get("age_at_act"),
                act_ended_on=_day(data.get("act_ended_on")),
                discovered_on=_day(data.get("discovered_on")),
            )
        except (TypeError, ValueError):
            raise RulesError(
                "事实数据格式错误", "the facts are malformed", code="invalid_facts"
            ) from None

    def as_dict(self) -> dict[str, Any]:
        return {
            "party": str(self.party),
            "circumstances": sorted(self.circumstances),
            "amounts": {k: str(v) for k, v in sorted(self.amounts.items())},
            "age_at_act": self.age_at_act,
            "act_ended_on": self.act_ended_on.isoformat()
            if self.act_ended_on
            else None,
            "discovered_on": self.discovered_on.isoformat()
            if self.discovered_on
            else None,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """The benchmark applied to the facts.

    ``outcome``: ``penalty``; ``no_penalty`` (the law forbids a penalty); ``may_waive``
    (the organ may decide not to penalise — first violation on the list — and
    otherwise penalises within the ranges below).
    ``permitted_range``: the fines the benchmark permits (the tier, narrowed by
    从轻/从重), always inside ``statutory_range``; ``reduced_range``: below the
    statutory minimum, only when 减轻 may apply. ``required_kinds`` must and
    ``allowed_kinds`` may be imposed; under 减轻 ``reduced_required_kinds`` and
    ``reduced_allowed_kinds`` apply instead. ``steps``: the reasoning, each line with
    its citation.
    """

    violation_code: str
    violation_name: str
    violation_name_en: str
    violation_basis: str
    penalty_basis: str
    on: dt.date
    party: PartyKind
    outcome: str
    tier: str | None
    tier_name: str
    tier_name_en: str
    band: str | None
    statutory_range: FineRange | None
    tier_range: FineRange | None
    permitted_range: FineRange | None
    reduced_range: FineRange | None
    statutory_kinds: frozenset[str]
    statutory_required_kinds: frozenset[str]
    required_kinds: frozenset[str]
    allowed_kinds: frozenset[str]
    reduced_required_kinds: frozenset[str]
    reduced_allowed_kinds: frozenset[str]
    mitigation: str  # none | lighter | lighter_or_reduced
    mitigation_mandatory: bool
    aggravated: bool
    benchmark_status: str
    steps: tuple[Reason, ...]

    @property
    def non_penalty(self) -> bool:
        """The law forbids a penalty (``no_penalty``) or allows none (``may_waive``)."""
        return self.outcome != "penalty"

    @property
    def reduction_allowed(self) -> bool:
        return self.mitigation == "lighter_or_reduced"

    @property
    def citations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for step in self.steps:
            if step.citation:
                seen.setdefault(step.citation, None)
        return tuple(seen)

    @property
    def explanation_zh(self) -> tuple[str, ...]:
        return tuple(step.line_zh() for step in self.steps)

    @property
    def explanation_en(self) -> tuple[str, ...]:
        return tuple(step.line_en() for step in self.steps)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; ``Assessment.from_dict`` rebuilds it (the application stores it)."""

        def _range(value: FineRange | None) -> dict[str, str] | None:
            return value.as_dict() if value is not None else None

        return {
            "violation_code": self.violation_code,
            "violation_name": self.violation_name,
            "violation_name_en": self.violation_name_en,
            "violation_basis": self.violation_basis,
            "penalty_basis": self.penalty_basis,
            "on": self.on.isoformat(),
            "party": self.party.value,
            "outcome": self.outcome,
            "tier": self.tier,
            "tier_name": self.tier_name,
            "tier_name_en": self.tier_name_en,
            "band": self.band,
            "statutory_range": _range(self.statutory_range),
            "tier_range": _range(self.tier_range),
            "permitted_range": _range(self.permitted_range),
            "reduced_range": _range(self.reduced_range),
            "statutory_kinds": sorted(self.statutory_kinds),
            "statutory_required_kinds": sorted(self.statutory_required_kinds),
            "required_kinds": sorted(self.required_kinds),
            "allowed_kinds": sorted(self.allowed_kinds),
            "reduced_required_kinds": sorted(self.reduced_required_kinds),
            "reduced_allowed_kinds": sorted(self.reduced_allowed_kinds),
            "mitigation": self.mitigation,
            "mitigation_mandatory": self.mitigation_mandatory,
            "aggravated": self.aggravated,
            "benchmark_status": self.benchmark_status,
            "steps": [step.as_dict() for step in self.steps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        try:
            return cls(
                violation_code=str(data["violation_code"]),
                violation_name=str(data["violation_name"]),
                violation_name_en=str(data["violation_name_en"]),
                violation_basis=str(data["violation_basis"]),
                penalty_basis=str(data["penalty_basis"]),
                on=dt.date.fromisoformat(str(data["on"])),
                party=party_kind(str(data["party"])),
                outcome=str(data["outcome"]),
                tier=data["tier"],
                tier_name=str(data["tier_name"]),
                tier_name_en=str(data["tier_name_en"]),
                band=data["band"],
                statutory_range=FineRange.from_dict(data["statutory_range"]),
                tier_range=FineRange.from_dict(data["tier_range"]),
                permitted_range=FineRange.from_dict(data["permitted_range"]),
                reduced_range=FineRange.from_dict(data["reduced_range"]),
                statutory_kinds=frozenset(data["statutory_kinds"]),
                statutory_required_kinds=frozenset(data["statutory_required_kinds"]),
                required_kinds=frozenset(data["required_kinds"]),
                allowed_kinds=frozenset(data["allowed_kinds"]),
                reduced_required_kinds=frozenset(data["reduced_required_kinds"]),
                reduced_allowed_kinds=frozenset(data["reduced_allowed_kinds"]),
                mitigation=str(data["mitigation"]),
                mitigation_mandatory=bool(data["mitigation_mandatory"]),
                aggravated=bool(data["aggravated"]),
                benchmark_status=str(data["benchmark_status"]),
                steps=tuple(Reason.from_dict(s) for s in data["steps"]),
            )
        except (KeyError, TypeError, ValueError):
            raise RulesError(
                "存储的裁量结果格式错误",
                "the stored assessment is malformed",
                code="invalid_assessment",
            ) from None


@dataclass(frozen=True, slots=True)
class Deviation:
    """A proposal outside the assessment. ``unlawful``: outside what the statute allows
    (kind or amount) — it cannot stand; otherwise it departs from the benchmark only and
    needs a recorded justification (collective discussion per the organ's rules)."""

    unlawful: bool
    reasons: tuple[Reason, ...]

    @property
    def needs_justification(self) -> bool:
        return not self.unlawful

    @property
    def code(self) -> str:
        return "outside_statute" if self.unlawful else "outside_benchmark"

    @property
    def zh(self) -> str:
        return "；".join(r.zh for r in self.reasons)

    @property
    def en(self) -> str:
        return "; ".join(r.en for r in self.reasons)

    @property
    def citation(self) -> str:
        seen: dict[str, None] = {}
        for reason in self.reasons:
            if reason.citation:
                seen.setdefault(reason.citation, None)
        return "；".join(seen)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "unlawful": self.unlawful,
            "zh": self.zh,
            "en": self.en,
            "citation": self.citation,
            "reasons": [r.as_dict() for r in self.reasons],
        }


# ---------------------------------------------------------------- helpers


def _bound(value: Decimal, rounding: str) -> Decimal:
    return value.quantize(CENT, rounding=rounding)


def _range(low: Decimal, high: Decimal, band: Band, base: Decimal | None) -> FineRange:
    if band.unit == "amount":
        return FineRange(low.quantize(CENT), high.quantize(CENT))
    if base is None:  # a multiple band never matches an absent base (validated)
        raise RulesError(
            "缺少计罚基数", "the base amount is missing", code="missing_amount"
        )
    lo = _bound(low * base, ROUND_CEILING)
    hi = _bound(high * base, ROUND_FLOOR)
    if lo > hi:  # a single point that is not a whole fen
        lo = hi = _bound(low * base, ROUND_HALF_UP)
    return FineRange(lo, hi)


def _within(inner: FineRange, outer: FineRange) -> FineRange:
    """Keep a tier inside the statute: rounding a tiny base to whole fen may push it out."""
    lo = min(max(inner.minimum, outer.minimum), outer.maximum)
    hi = max(min(inner.maximum, outer.maximum), lo)
    return FineRange(lo, hi)


def _part(whole: FineRange, share: tuple[Decimal, Decimal]) -> FineRange:
    span = whole.maximum - whole.minimum
    lo = _bound(whole.minimum + span * share[0], ROUND_CEILING)
    hi = _bound(whole.minimum + span * share[1], ROUND_FLOOR)
    if lo > hi:
        lo = hi
    return FineRange(max(lo, whole.minimum), min(hi, whole.maximum))


def _range_text(
    band: Band,
    low: Decimal,
    high: Decimal,
    base_zh: str,
    base_en: str,
    base: Decimal | None,
) -> tuple[str, str]:
    if band.unit == "amount":
        return "", ""
    value = _money(base) if base is not None else "?"
    return (
        f"（{base_zh} {value} 元的 {low} 至 {high} 倍）",
        f" ({low} to {high} times the {base_en} of {value} yuan)",
    )


def _choose_tier(
    entry: Benchmark,
    circumstances: frozenset[str],
    amounts: Mapping[str, Decimal],
    vocabulary: Mapping[str, Factor],
) -> tuple[Tier, Reason]:
    for tier in reversed(entry.tiers):
        if tier.when is None:
            continue
        clause = tier.when.matching(circumstances, amounts)
        if clause is not None:
            zh, en = clause_text(clause, vocabulary)
            return tier, Reason(
                zh=f"情节档次：{tier.name_zh}——{tier.zh}（符合：{zh}）",
                en=f"tier: {tier.name_en} — {tier.en} (met: {en})",
                citation=entry.set_citation,
                code=f"discretion.tier.{tier.code}",
                met=True,
            )
    default = next(t for t in entry.tiers if t.default)
    return default, Reason(
        zh=f"情节档次：{default.name_zh}——{default.zh}（不符合其他档次的条件）",
        en=f"tier: {default.name_en} — {default.en} (no other tier's conditions met)",
        citation=entry.set_citation,
        code=f"discretion.tier.{default.code}",
        met=True,
    )


def _limitation(
    facts: Facts, circumstances: frozenset[str]
) -> tuple[Reason | None, bool]:
    """The 第36条 limitation: (the reason, expired?)."""
    rules = discretion_rules()
    if facts.act_ended_on is None or facts.discovered_on is None:
        return None, False
    serious = bool(rules.limitation_serious_when & circumstances)
    variant = rules.limitation_serious if serious else rules.limitation_ordinary
    try:
        deadline = compute(rules.limitation_rule, facts.act_ended_on, variant=variant)
    except NotInForceError:
        return (
            Reason(
                zh=f"违法行为终了于 {facts.act_ended_on}，当时适用的法律版本不在语料库中，"
                "未能核对追责时效",
                en="the limitation could not be checked: the law in force on "
                f"{facts.act_ended_on} is not in the corpus",
                citation=rules.limitation_citation,
                code="non_penalty.limitation",
                met=None,
            ),
            False,
        )
    due = deadline.due if isinstance(deadline.due, dt.date) else deadline.due.date()
    expired = facts.discovered_on > due
    years = deadline.length
    return (
        Reason(
            zh=(
                f"违法行为终了于 {facts.act_ended_on}，{years}年追责时效至 {due}，"
                f"{facts.discovered_on} 发现，"
                + ("已超过时效，不再给予行政处罚" if expired else "在时效内")
            ),
            en=(
                f"act ended {facts.act_ended_on}; the {years}-year limitation ran to {due}; "
                f"discovered {facts.discovered_on}: "
                + ("time-barred, no penalty" if expired else "within the limitation")
            ),
            citation=deadline.basis or rules.limitation_citation,
            code="non_penalty.limitation",
            met=expired,
        ),
        expired,
    )


def _normalise(
    entry: Benchmark, facts: Facts
) -> tuple[PartyKind, frozenset[str], dict[str, Decimal], dict[str, Factor]]:
    rules = discretion_rules()
    who = party_kind(facts.party)
    if who not in entry.parties:
        raise RulesError(
            f"“{entry.name}”的基准不适用于{who.zh}",
            f"the benchmark for '{entry.code}' does not cover a {who.en}",
            code="party_not_covered",
        )
    vocabulary = {**rules.factors, **entry.circumstances}
    circumstances = frozenset(facts.circumstances)
    unknown = sorted(c for c in circumstances if c not in vocabulary)
    if unknown:
        raise RulesError(
            f"未知的情节编码：{'、'.join(unknown)}",
            f"unknown circumstance codes: {', '.join(unknown)}",
            code="unknown_circumstance",
        )
    amounts: dict[str, Decimal] = {}
    for base, value in facts.amounts.items():
        if base not in rules.bases:
            raise RulesError(
                f"未知的计罚基数“{base}”（可用：{'、'.join(rules.bases)}）",
                f"unknown base '{base}' (known: {', '.join(rules.bases)})",
                code="unknown_base",
            )
        amounts[base] = yuan(value, field=f"{rules.bases[base][0]} {base}")
    if facts.age_at_act is not None and (
        isinstance(facts.age_at_act, bool)
        or not isinstance(facts.age_at_act, int)
        or facts.age_at_act < 0
        or who is not PartyKind.NATURAL_PERSON
    ):
        raise RulesError(
            "违法时年龄应为非负整数，且只适用于自然人",
            "the age at the act must be a non-negative integer, for natural persons only",
            code="invalid_age",
        )
    if (
        facts.act_ended_on is not None
        and facts.discovered_on is not None
        and facts.discovered_on < facts.act_ended_on
    ):
        raise RulesError(
            "发现日期早于违法行为终了日期",
            "the discovery date precedes the end of the act",
            code="invalid_dates",
        )
    return who, circumstances, amounts, vocabulary


# ---------------------------------------------------------------- evaluate


def evaluate(
    violation_code: str,
    facts: Facts | Mapping[str, Any],
    *,
    on: dt.date,
    benchmarks: Benchmarks | Iterable[BenchmarkSet] | None = None,
) -> Assessment:
    """Apply the benchmark of ``violation_code`` in force ``on`` (the day of the act,
    第37条) to ``facts``. ``benchmarks`` defaults to the bundled ones; an office passes
    its own (``parse_benchmarks``). Raises ``RulesError`` for an unknown violation,
    circumstance, base or a party the benchmark does not cover."""
    rules = discretion_rules()
    if on < rules.since:
        raise NotInForceError(
            f"{on} 之前的《行政处罚法》版本不在语料库中（自 {rules.since} 起）",
            f"the Administrative Penalty Law before {rules.since} is not in the corpus",
        )
    if not isinstance(facts, Facts):
        facts = Facts.from_dict(facts)
    book = as_benchmarks(benchmarks)
    entry = book.entry(violation_code, on)
    who, circumstances, amounts, vocabulary = _normalise(entry, facts)
    steps: list[Reason] = [
        Reason(
            zh=f"违法行为：{entry.name}；违法依据：{entry.violation_basis}",
            en=f"violation: {entry.name_en}; rule violated: {entry.violation_basis}",
            citation=entry.penalty_basis,
            code="discretion.violation",
        )
    ]
    note_zh, note_en = source_note(entry)
    steps.append(
        Reason(
            zh=f"适用{entry.set_title}{note_zh}",
            en=f"benchmark: {entry.code} of {entry.province}{note_en}",
            citation=entry.set_citation,
            code="discretion.benchmark",
        )
    )

    # 1. Not penalising: mandatory (第30、31、33、36条) or allowed (首违不罚).
    mandatory: list[Reason] = []
    optional: list[Reason] = []
    age = facts.age_at_act
    if age is not None and age < rules.minors_no_penalty_below:
        mandatory.append(
            Reason(
                zh=f"违法时未满{rules.minors_no_penalty_below}周岁（{age}周岁），"
                "不予行政处罚，责令监护人加以管教",
                en=f"under {rules.minors_no_penalty_below} at the time ({age}): no penalty; "
                "the guardian is ordered to discipline",
                citation=rules.minors_citation,
                code="non_penalty.under_age",
                met=True,
            )
        )
    for code in sorted(circumstances):
        factor = vocabulary[code]
        if factor.effect == "no_penalty":
            if code == "no_fault" and not entry.no_fault_defence:
                steps.append(
                    Reason(
                        zh="当事人证明没有主观过错，但法律、行政法规另有规定，仍应处罚",
                        en="no fault was shown, but a law or administrative regulation "
                        "provides otherwise",
                        citation=entry.no_fault_citation,
                        code="non_penalty.no_fault_excluded",
                        met=False,
                    )
                )
                continue
            mandatory.append(
                Reason(
                    zh=f"{factor.zh}，不予行政处罚",
                    en=f"{factor.en}: no penalty",
                    citation=factor.citation,
                    code=f"non_penalty.{code}",
                    met=True,
                )
            )
        elif factor.effect == "no_penalty_optional":
            optional.append(
                Reason(
                    zh=f"{factor.zh}，可以不予行政处罚",
                    en=f"{factor.en}: may go unpenalised",
                    citation=factor.citation,
                    code=f"non_penalty.{code}",
                    met=True,
                )
            )
    exemptions = book.exemptions_for(entry.code, on)
    for kind, target in (("minor_no_harm", mandatory), ("first_offence", optional)):
        rule = rules.non_penalty[kind]
        listed = [
            x
            for x in exemptions
            if x.kind == kind and x.when.holds(circumstances, amounts)
        ]
        if listed:
            item = listed[0]
            target.append(
                Reason(
                    zh=f"列入《{item.list_title}》（{item.code}：{item.zh}）；{rule.zh}",
                    en=f"on the list ({item.code}: {item.en}); {rule.en}",
                    citation=join_citations(rule.citation, item.citation),
                    code=f"non_penalty.{kind}",
                    met=True,
                )
            )
        elif rule.all_of <= circumstances:
            if rule.listed_only:
                steps.append(
                    Reason(
                        zh=f"{rule.zh}——该违法行为未列入清单或者不符合清单条件，不适用",
                        en=f"{rule.en} — not on the list or its conditions not met",
                        citation=rule.citation,
                        code=f"non_penalty.{kind}",
                        met=False,
                    )
                )
            else:
                target.append(
                    Reason(rule.zh, rule.en, rule.citation, f"non_penalty.{kind}", True)
                )
    limitation, expired = _limitation(facts, circumstances)
    if limitation is not None:
        (mandatory if expired else steps).append(limitation)

    education = Reason(
        rules.education[0],
        rules.education[1],
        rules.education[2],
        "non_penalty.education",
    )
    if mandatory:
        steps.extend(mandatory)
        steps.append(education)
        return Assessment(
            violation_code=entry.code,
            violation_name=entry.name,
            violation_name_en=entry.name_en,
            violation_basis=entry.violation_basis,
            penalty_basis=entry.penalty_basis,
            on=on,
            party=who,
            outcome="no_penalty",
            tier=None,
            tier_name="",
            tier_name_en="",
            band=None,
            statutory_range=None,
            tier_range=None,
            permitted_range=None,
            reduced_range=None,
            statutory_kinds=entry.statutory_kinds,
            statutory_required_kinds=frozenset(),
            required_kinds=frozenset(),
            allowed_kinds=frozenset(),
            reduced_required_kinds=frozenset(),
            reduced_allowed_kinds=frozenset(),
            mitigation="none",
            mitigation_mandatory=False,
            aggravated=False,
            benchmark_status=entry.set_status,
            steps=tuple(steps),
        )
    if optional:
        steps.extend(optional)
        steps.append(
            Reason(
                zh="机关可以决定不予行政处罚；决定处罚的，适用下列幅度",
                en="the organ may decide not to penalise; if it penalises, the ranges "
                "below apply",
                citation=optional[0].citation,
                code="non_penalty.may_waive",
            )
        )
        steps.append(education)

    # 2. The tier.
    tier, reason = _choose_tier(entry, circumstances, amounts, vocabulary)
    steps.append(reason)

    # 3. The statutory range and the tier's range.
    statutory_range = tier_range = None
    band_id: str | None = None
    if entry.fine is not None:
        base_code = entry.fine.base
        base_value = amounts.get(base_code) if base_code is not None else None
        band = entry.fine.band_for(base_value)
        if band is None:
            base_zh, base_en, _ = rules.bases[base_code or ""]
            raise RulesError(
                f"计算“{entry.name}”的罚款需要{base_zh}（amounts.{base_code}）",
                f"the fine for '{entry.code}' needs the {base_en} (amounts.{base_code})",
                code="missing_amount",
            )
        band_id = band.id
        base_zh, base_en = ("", "")
        if base_code is not None:
            base_zh, base_en, _ = rules.bases[base_code]
        statutory_range = _range(band.minimum, band.maximum, band, base_value)
        extra_zh, extra_en = _range_text(
            band, band.minimum, band.maximum, base_zh, base_en, base_value
        )
        steps.append(
            Reason(
                zh=f"法定罚款幅度（{band.zh}）：{statutory_range.zh}{extra_zh}"
                + (f"；{entry.fine.note}" if entry.fine.note else ""),
                en=f"statutory fine ({band.en}): {statutory_range.en}{extra_en}",
                citation=entry.penalty_basis,
                code="discretion.statutory_range",
            )
        )
        if tier.fine is not None:
            low, high = tier.fine[band.id]
            tier_range = _within(_range(low, high, band, base_value), statutory_range)
            extra_zh, extra_en = _range_text(
                band, low, high, base_zh, base_en, base_value
            )
            steps.append(
                Reason(
                    zh=f"{tier.name_zh}档次的罚款幅度：{tier_range.zh}{extra_zh}",
                    en=f"fine range of the {tier.name_en} tier: {tier_range.en}{extra_en}",
                    citation=entry.set_citation,
                    code="discretion.tier_range",
                )
            )

    # 4. 从轻、减轻、从重.
    effects: dict[str, list[Factor]] = {}
    if (
        age is not None
        and rules.minors_no_penalty_below <= age < rules.minors_mitigation_below
    ):
        effects.setdefault("lighter_or_reduced_mandatory", []).append(
            Factor(
                code="minor_age",
                zh=f"已满{rules.minors_no_penalty_below}周岁不满"
                f"{rules.minors_mitigation_below}周岁的未成年人（{age}周岁）",
                en=f"a minor aged {age}",
                effect="lighter_or_reduced_mandatory",
                citation=rules.minors_citation,
            )
        )
    for code in sorted(circumstances):
        factor = vocabulary[code]
        effects.setdefault(factor.effect, []).append(factor)
    labels = {
        "lighter_or_reduced_mandatory": (
            "应当从轻或者减轻",
            "must be lighter or mitigated",
        ),
        "lighter_or_reduced": ("可以从轻或者减轻", "may be lighter or mitigated"),
        "lighter": ("可以从轻", "may be lighter"),
        "heavier": ("从重", "heavier"),
    }
    for effect, (label_zh, label_en) in labels.items():
        for factor in effects.get(effect, ()):
            steps.append(
                Reason(
                    zh=f"{label_zh}：{factor.zh}",
                    en=f"{label_en}: {factor.en}",
                    citation=factor.citation,
                    code=f"discretion.{effect}.{factor.code}",
                )
            )
    mandatory_reduce = bool(effects.get("lighter_or_reduced_mandatory"))
    may_reduce = mandatory_reduce or bool(effects.get("lighter_or_reduced"))
    lighter = may_reduce or bool(effects.get("lighter"))
    heavier = bool(effects.get("heavier"))
    mitigation = (
        "lighter_or_reduced" if may_reduce else "lighter" if lighter else "none"
    )

    permitted_range = tier_range
    if tier_range is not None:
        if lighter and not heavier:
            permitted_range = _part(tier_range, rules.lighter)
            steps.append(
                Reason(
                    zh=f"从轻：在档次幅度的较低部分取值，{permitted_range.zh}",
                    en=f"lighter: the lower part of the tier, {permitted_range.en}",
                    citation=rules.method_citation,
                    code="discretion.permitted",
                )
            )
        elif heavier and not lighter:
            permitted_range = _part(tier_range, rules.heavier)
            steps.append(
                Reason(
                    zh=f"从重：在档次幅度的较高部分取值（不超过法定上限），{permitted_range.zh}",
                    en=f"heavier: the upper part of the tier (never above the statutory "
                    f"maximum), {permitted_range.en}",
                    citation=rules.method_citation,
                    code="discretion.permitted",
                )
            )
        elif heavier and lighter:
            steps.append(
                Reason(
                    zh=f"从轻与从重情节并存，在整个档次幅度内综合裁量，{tier_range.zh}",
                    en=f"lighter and heavier circumstances together: the whole tier, "
                    f"{tier_range.en}",
                    citation=rules.method_citation,
                    code="discretion.permitted",
                )
            )

    # 5. Kinds.
    required = set(tier.kinds)
    allowed = set(tier.kinds | tier.may_add)
    income = amounts.get("illegal_income")
    income_citation = rules.bases["illegal_income"][2]
    if not income and CONFISCATE_INCOME in allowed:
        required.discard(CONFISCATE_INCOME)
        allowed.discard(CONFISCATE_INCOME)
        steps.append(
            Reason(
                zh="未认定违法所得，不没收违法所得",
                en="no illegal income established: nothing to confiscate",
                citation=income_citation,
                code="discretion.no_income",
            )
        )
    elif income and CONFISCATE_INCOME not in allowed:
        required.add(CONFISCATE_INCOME)
        allowed.add(CONFISCATE_INCOME)
        steps.append(
            Reason(
                zh=f"有违法所得 {_money(income)} 元，除依法应当退赔的外，应当予以没收",
                en=f"illegal income of {_money(income)} yuan must be confiscated unless "
                "it is to be refunded",
                citation="《行政处罚法》(2021-01-22) 第28条第2款",
                code="discretion.income",
            )
        )
    reduced_range = None
    reduced_required: set[str] = set()
    reduced_allowed: set[str] = set()
    if may_reduce:
        reduced_required = required & {CONFISCATE_INCOME}
        reduced_allowed = allowed | set(rules.reduced_extra_kinds)
        if statutory_range is not None and "fine" in allowed:
            floor = min(rules.reduced_floor.quantize(CENT), statutory_range.minimum)
            reduced_range = FineRange(floor, statutory_range.minimum)
        steps.append(
            Reason(
                zh=(
                    ("应当" if mandatory_reduce else "可以")
                    + "减轻处罚：在法定最低限度以下处罚"
                    + (f"（罚款 {reduced_range.zh}）" if reduced_range else "")
                    + f"，或者不并处、改处{names_zh(rules.reduced_extra_kinds)}；"
                    "减轻处罚宜经集体讨论并进行法制审核（案件标记 reduced_below_minimum）"
                ),
                en=(
                    ("must" if mandatory_reduce else "may")
                    + " be mitigated below the statutory minimum"
                    + (f" (fine {reduced_range.en})" if reduced_range else "")
                    + f", or without the cumulative penalty, or {names_en(rules.reduced_extra_kinds)}"
                ),
                citation=rules.method_citation,
                code="discretion.reduced",
            )
        )
    summary_zh = f"应当给予：{names_zh(required)}"
    summary_en = f"to impose: {names_en(required)}"
    if allowed - required:
        summary_zh += f"；可以并处：{names_zh(allowed - required)}"
        summary_en += f"; may add: {names_en(allowed - required)}"
    if permitted_range is not None:
        summary_zh += f"；罚款 {permitted_range.zh}"
        summary_en += f"; fine {permitted_range.en}"
    steps.append(
        Reason(summary_zh, summary_en, entry.set_citation, "discretion.summary")
    )
    tier_name, tier_name_en = tier.name_zh, tier.name_en
    return Assessment(
        violation_code=entry.code,
        violation_name=entry.name,
        violation_name_en=entry.name_en,
        violation_basis=entry.violation_basis,
        penalty_basis=entry.penalty_basis,
        on=on,
        party=who,
        outcome="may_waive" if optional else "penalty",
        tier=tier.code,
        tier_name=tier_name,
        tier_name_en=tier_name_en,
        band=band_id,
        statutory_range=statutory_range,
        tier_range=tier_range,
        permitted_range=permitted_range,
        reduced_range=reduced_range,
        statutory_kinds=entry.statutory_kinds
        | ({CONFISCATE_INCOME} if CONFISCATE_INCOME in allowed else frozenset()),
        statutory_required_kinds=frozenset(
            k for k in entry.required if k != CONFISCATE_INCOME or income
        ),
        required_kinds=frozenset(required),
        allowed_kinds=frozenset(allowed),
        reduced_required_kinds=frozenset(reduced_required),
        reduced_allowed_kinds=frozenset(reduced_allowed),
        mitigation=mitigation,
        mitigation_mandatory=mandatory_reduce,
        aggravated=heavier,
        benchmark_status=entry.set_status,
        steps=tuple(steps),
    )


# ---------------------------------------------------------------- check_decision


def _fine_ok(amount: Decimal, ranges: Iterable[FineRange | None]) -> bool:
    return any(r is not None and amount in r for r in ranges)


def check_decision(
    assessment: Assessment | Mapping[str, Any],
    proposed_kinds: Iterable[str],
    proposed_amount: Decimal | int | str = 0,
) -> Deviation | None:
    """``None`` when the proposal keeps within the assessment; otherwise the deviation
    with its reasons. ``proposed_amount`` is the fine in yuan (0 without a fine)."""
    a = (
        assessment
        if isinstance(assessment, Assessment)
        else Assessment.from_dict(assessment)
    )
    rules = discretion_rules()
    kinds = check_kinds(proposed_kinds)
    amount = yuan(proposed_amount, field="拟罚款数额 proposed_amount")
    if "fine" in kinds and amount == 0:
        raise RulesError(
            "拟处罚款时罚款数额应大于零",
            "a proposed fine must be greater than zero",
            code="inconsistent_penalty",
        )
    if "fine" not in kinds and amount > 0:
        raise RulesError(
            "有罚款数额但拟处罚种类不含罚款",
            "a fine amount was given but the kinds do not include a fine",
            code="inconsistent_penalty",
        )
    deviation_citation = rules.deviation_citation
    if a.outcome == "no_penalty":
        if not kinds:
            return None
        grounds = [s for s in a.steps if s.code.startswith("non_penalty.") and s.met]
        return Deviation(
            True,
            tuple(
                Reason(
                    zh=f"依法不予行政处罚（{g.zh}），不得给予{names_zh(kinds)}",
                    en=f"the law forbids a penalty ({g.en})",
                    citation=g.citation,
                    code="deviation.penalty_forbidden",
                    met=False,
                )
                for g in grounds
            ),
        )
    if not kinds:
        if a.outcome == "may_waive" or not a.required_kinds:
            return None
        return Deviation(
            False,
            (
                Reason(
                    zh="拟不予处罚，但裁量结果不具备不予处罚的情形，应当说明理由",
                    en="no penalty is proposed although no ground for it was found; "
                    "a reason must be recorded",
                    citation="《行政处罚法》(2021-01-22) 第57条第1款",
                    code="deviation.no_penalty",
                    met=False,
                ),
            ),
        )

    fine_ranges_normal = (a.permitted_range,)
    fine_ranges_reduced = (a.permitted_range, a.reduced_range)
    normal_ok = a.required_kinds <= kinds <= a.allowed_kinds and (
        "fine" not in kinds or _fine_ok(amount, fine_ranges_normal)
    )
    reduced_ok = (
        a.reduction_allowed
        and a.reduced_required_kinds <= kinds <= a.reduced_allowed_kinds
        and ("fine" not in kinds or _fine_ok(amount, fine_ranges_reduced))
    )
    if normal_ok or reduced_ok:
        return None

    reasons: list[Reason] = []
    unlawful = False
    statutory_allowed = set(a.statutory_kinds)
    required = a.reduced_required_kinds if a.reduction_allowed else a.required_kinds
    allowed = a.reduced_allowed_kinds if a.reduction_allowed else a.allowed_kinds
    if a.reduction_allowed:
        statutory_allowed |= rules.reduced_extra_kinds
    beyond_statute = kinds - statutory_allowed
    if beyond_statute:
        unlawful = True
        reasons.append(
            Reason(
                zh=f"{names_zh(beyond_statute)}不是处罚依据规定的处罚种类",
                en=f"{names_en(beyond_statute)} is not a kind the penalty provision sets",
                citation=f"{a.penalty_basis}；《行政处罚法》(2021-01-22) 第76条第1款第2项",
                code="deviation.kind_not_statutory",
                met=False,
            )
        )
    beyond_tier = (kinds - allowed) - beyond_statute
    if beyond_tier:
        reasons.append(
            Reason(
                zh=f"{names_zh(beyond_tier)}不属于“{a.tier_name}”档次可处的种类",
                en=f"{names_en(beyond_tier)} is not among the kinds of the "
                f"{a.tier_name_en} tier",
                citation=deviation_citation,
                code="deviation.kind_outside_tier",
                met=False,
            )
        )
    missing = required - kinds
    if missing:
        # Kinds the provision itself requires ("并处") cannot be dropped without 减轻.
        hard = (
            missing & a.statutory_required_kinds if not a.reduction_allowed else set()
        )
        if hard:
            unlawful = True
        reasons.append(
            Reason(
                zh=f"缺少应当给予的处罚：{names_zh(missing)}",
                en=f"missing required kinds: {names_en(missing)}",
                citation=(
                    f"{a.penalty_basis}；《行政处罚法》(2021-01-22) 第76条第1款第2项"
                    if hard
                    else deviation_citation
                ),
                code="deviation.kind_missing",
                met=False,
            )
        )
    if "fine" in kinds:
        s = a.statutory_range
        ranges = fine_ranges_reduced if a.reduction_allowed else fine_ranges_normal
        if s is not None and amount > s.maximum:
            unlawful = True
            reasons.append(
                Reason(
                    zh=f"拟罚款 {_money(amount)} 元超过法定上限 {_money(s.maximum)} 元",
                    en=f"the fine of {_money(amount)} yuan exceeds the statutory maximum "
                    f"of {_money(s.maximum)} yuan",
                    citation=f"{a.penalty_basis}；《行政处罚法》(2021-01-22) 第76条第1款第2项",
                    code="deviation.above_statute",
                    met=False,
                )
            )
        elif s is not None and amount < s.minimum and not a.reduction_allowed:
            unlawful = True
            reasons.append(
                Reason(
                    zh=f"拟罚款 {_money(amount)} 元低于法定下限 {_money(s.minimum)} 元，"
                    "且不具备减轻处罚的情节",
                    en=f"the fine of {_money(amount)} yuan is below the statutory minimum "
                    f"of {_money(s.minimum)} yuan without a ground for mitigation",
                    citation=f"{a.penalty_basis}；《行政处罚法》(2021-01-22) 第32条",
                    code="deviation.below_statute",
                    met=False,
                )
            )
        elif not _fine_ok(amount, ranges):
            shown = " 或 ".join(r.zh for r in ranges if r is not None) or "无"
            shown_en = " or ".join(r.en for r in ranges if r is not None) or "none"
            reasons.append(
                Reason(
                    zh=f"拟罚款 {_money(amount)} 元不在裁量基准确定的幅度内（{shown}）",
                    en=f"the fine of {_money(amount)} yuan is outside the benchmark's "
                    f"range ({shown_en})",
                    citation=deviation_citation,
                    code="deviation.outside_benchmark",
                    met=False,
                )
            )
    if not reasons:  # pragma: no cover - every refusal above adds a reason
        reasons.append(
            Reason(
                "拟处罚与裁量结果不一致",
                "the proposal departs from the assessment",
                deviation_citation,
                "deviation.other",
                False,
            )
        )
    return Deviation(unlawful, tuple(reasons))
