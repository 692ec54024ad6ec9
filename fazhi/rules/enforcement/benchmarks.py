"""Discretion benchmarks (行政处罚裁量基准, 《行政处罚法》(2021-01-22) 第34条) and the lists
of violations not penalised (第33条) as validated data.

Files: ``enforcement_data/discretion_rules.yaml`` (the common vocabulary: bases,
circumstances and their effects, non-penalty rules, the method),
``enforcement_data/benchmarks/<province>.yaml`` and
``enforcement_data/exemptions/<province>.yaml``. The format is documented in
docs/enforcement-rules.md; everything is checked on loading: unknown keys, dates,
ranges (min ≤ max), every tier's sub-range inside the statutory range, tiers in
ascending order, bands that cover every base amount exactly once, codes that exist.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fazhi.rules.enforcement import _data
from fazhi.rules.enforcement.hearing import province_name, sectors
from fazhi.rules.enforcement.kinds import kinds_catalogue
from fazhi.rules.enforcement.outcome import PartyKind
from fazhi.rules.errors import NotInForceError, RulesDataError, RulesError

__all__ = [
    "EFFECTS",
    "TIERS",
    "Band",
    "Benchmark",
    "BenchmarkSet",
    "Benchmarks",
    "Clause",
    "Condition",
    "DiscretionRules",
    "Exemption",
    "Factor",
    "StatutoryFine",
    "Tier",
    "bundled_benchmarks",
    "discretion_rules",
    "load_benchmarks",
    "parse_benchmarks",
]

EFFECTS = frozenset(
    {
        "none",
        "lighter",
        "lighter_or_reduced",
        "lighter_or_reduced_mandatory",
        "heavier",
        "no_penalty",
        "no_penalty_optional",
    }
)
# Tier codes from the lightest to the heaviest, with their usual names.
TIERS: Mapping[str, tuple[str, str]] = {
    "minor": ("轻微", "minor"),
    "general": ("一般", "general"),
    "serious": ("较重", "serious"),
    "severe": ("严重", "severe"),
}
EXEMPTION_KINDS = frozenset({"minor_no_harm", "first_offence"})
STATUSES = frozenset({"demo", "published", "draft"})
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Factor:
    """A circumstance a case may have, and what it does to the penalty."""

    code: str
    zh: str
    en: str
    effect: str
    citation: str


@dataclass(frozen=True, slots=True)
class Clause:
    """Every part must hold: all of ``all_of``, one of ``any_of``, none of ``none_of``,
    amounts ``at_least``/``below`` the figures, the ``absent`` bases absent (or zero)."""

    all_of: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()
    none_of: frozenset[str] = frozenset()
    at_least: tuple[tuple[str, Decimal], ...] = ()
    below: tuple[tuple[str, Decimal], ...] = ()
    absent: frozenset[str] = frozenset()

    def holds(
        self, circumstances: frozenset[str], amounts: Mapping[str, Decimal]
    ) -> bool:
        if not self.all_of <= circumstances:
            return False
        if self.any_of and not self.any_of & circumstances:
            return False
        if self.none_of & circumstances:
            return False
        for base, figure in self.at_least:
            value = amounts.get(base)
            if value is None or value < figure:
                return False
        for base, figure in self.below:
            value = amounts.get(base)
            if value is not None and value >= figure:
                return False
        return all(not amounts.get(base) for base in self.absent)

    def codes(self) -> frozenset[str]:
        return self.all_of | self.any_of | self.none_of

    def bases(self) -> frozenset[str]:
        return (
            frozenset(b for b, _ in self.at_least)
            | frozenset(b for b, _ in self.below)
            | self.absent
        )


@dataclass(frozen=True, slots=True)
class Condition:
    """Alternatives: the condition holds when one clause holds."""

    clauses: tuple[Clause, ...]

    def holds(
        self, circumstances: frozenset[str], amounts: Mapping[str, Decimal]
    ) -> bool:
        return any(c.holds(circumstances, amounts) for c in self.clauses)

    def matching(
        self, circumstances: frozenset[str], amounts: Mapping[str, Decimal]
    ) -> Clause | None:
        for clause in self.clauses:
            if clause.holds(circumstances, amounts):
                return clause
        return None


@dataclass(frozen=True, slots=True)
class Band:
    """One statutory fine range, chosen by the base amount (货值金额、违法所得…).

    ``absent``: the band applies when the base is absent or zero (没有违法所得、
    广告费用无法计算). ``unit`` is ``amount`` (yuan) or ``multiple`` (of the base).
    """

    id: str
    zh: str
    en: str
    absent: bool
    above: Decimal | None
    at_least: Decimal | None
    below: Decimal | None
    at_most: Decimal | None
    unit: str
    minimum: Decimal
    maximum: Decimal

    @property
    def bounded(self) -> bool:
        return any(
            b is not None for b in (self.above, self.at_least, self.below, self.at_most)
        )

    def matches(self, value: Decimal | None, *, has_base: bool) -> bool:
        if not has_base:
            return True
        if not value:
            return self.absent
        if not self.bounded:
            return not self.absent
        if self.above is not None and not value > self.above:
            return False
        if self.at_least is not None and not value >= self.at_least:
            return False
        if self.below is not None and not value < self.below:
            return False
        return not (self.at_most is not None and not value <= self.at_most)


@dataclass(frozen=True, slots=True)
class StatutoryFine:
    base: str | None
    bands: tuple[Band, ...]
    note: str

    def band_for(self, value: Decimal | None) -> Band | None:
        for band in self.bands:
            if band.matches(value, has_base=self.base is not None):
                return band
        return None


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    zh: str
    en: str
    when: Condition | None
    default: bool
    kinds: frozenset[str]
    may_add: frozenset[str]
    fine: Mapping[str, tuple[Decimal, Decimal]] | None  # band id → (min, max)

    @property
    def name_zh(self) -> str:
        return TIERS[self.code][0]

    @property
    def name_en(self) -> str:
        return TIERS[self.code][1]


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One violation of a province's benchmark, in force ``since``-``until``."""

    code: str
    sector: str
    name: str
    name_en: str
    parties: frozenset[PartyKind]
    since: dt.date
    until: dt.date | None
    violation_basis: str
    penalty_basis: str
    required: frozenset[str]
    optional: frozenset[str]
    fine: StatutoryFine | None
    circumstances: Mapping[str, Factor]
    tiers: tuple[Tier, ...]  # lightest first
    no_fault_defence: bool
    no_fault_citation: str
    province: str
    set_title: str
    set_status: str
    set_citation: str

    @property
    def statutory_kinds(self) -> frozenset[str]:
        return self.required | self.optional

    def tier(self, code: str) -> Tier:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Exemption:
    """An item of the 不予处罚清单 (minor_no_harm) or 首违不罚清单 (first_offence)."""

    code: str
    benchmark: str
    kind: str
    zh: str
    en: str
    when: Condition
    since: dt.date
    until: dt.date | None
    citation: str
    list_title: str


@dataclass(frozen=True, slots=True)
class BenchmarkSet:
    province: str
    title: str
    title_en: str
    status: str
    since: dt.date
    citation: str
    note: str
    entries: tuple[Benchmark, ...]
    exemptions: tuple[Exemption, ...]


@dataclass(frozen=True, slots=True)
class NonPenaltyRule:
    code: str
    zh: str
    en: str
    all_of: frozenset[str]
    mandatory: bool
    listed_only: bool
    citation: str


@dataclass(frozen=True, slots=True)
class DiscretionRules:
    since: dt.date
    bases: Mapping[str, tuple[str, str, str]]  # code → (zh, en, citation)
    factors: Mapping[str, Factor]
    non_penalty: Mapping[str, NonPenaltyRule]
    education: tuple[str, str, str]
    minors_no_penalty_below: int
    minors_mitigation_below: int
    minors_citation: str
    limitation_rule: str
    limitation_ordinary: str
    limitation_serious: str
    limitation_serious_when: frozenset[str]
    limitation_citation: str
    lighter: tuple[Decimal, Decimal]
    heavier: tuple[Decimal, Decimal]
    reduced_floor: Decimal
    reduced_extra_kinds: frozenset[str]
    method_citation: str
    deviation_citation: str


# ---------------------------------------------------------------- common rules


def _factor(code: str, raw: object, where: str) -> Factor:
    item = _data.mapping(
        raw, where, required=("zh", "en"), optional=("effect", "citation")
    )
    return Factor(
        code=code,
        zh=_data.text(item["zh"], f"{where}.zh"),
        en=_data.text(item["en"], f"{where}.en"),
        effect=_data.choice(item.get("effect", "none"), f"{where}.effect", EFFECTS),
        citation=(
            _data.citation(item["citation"], f"{where}.citation")
            if "citation" in item
            else ""
        ),
    )


def _share(raw: object, where: str) -> tuple[Decimal, Decimal]:
    item = _data.mapping(raw, where, required=("from", "to"))
    low = _data.number(item["from"], f"{where}.from")
    high = _data.number(item["to"], f"{where}.to")
    if not low <= high <= 1:
        _data.fail(where, "应满足 0 ≤ from ≤ to ≤ 1", "must satisfy 0 ≤ from ≤ to ≤ 1")
    return low, high


def _load_rules() -> DiscretionRules:
    path = _data.DATA_DIR / "discretion_rules.yaml"
    where = _data.where_of(path)
    raw = _data.mapping(
        _data.read_yaml(path),
        where,
        required=(
            "since",
            "law",
            "bases",
            "factors",
            "non_penalty",
            "education",
            "minors",
            "limitation",
            "method",
        ),
        optional=("practice_citation",),
    )
    bases: dict[str, tuple[str, str, str]] = {}
    if not isinstance(raw["bases"], dict):
        _data.fail(f"{where}.bases", "应为映射", "must be a mapping")
    for code, entry in raw["bases"].items():
        at = f"{where}.bases.{code}"
        item = _data.mapping(entry, at, required=("zh", "en", "citation"))
        bases[str(code)] = (
            _data.text(item["zh"], f"{at}.zh"),
            _data.text(item["en"], f"{at}.en"),
            _data.citation(item["citation"], f"{at}.citation"),
        )
    if not isinstance(raw["factors"], dict):
        _data.fail(f"{where}.factors", "应为映射", "must be a mapping")
    factors: dict[str, Factor] = {}
    for code, entry in raw["factors"].items():
        factor = _factor(str(code), entry, f"{where}.factors.{code}")
        if not factor.citation:
            _data.fail(
                f"{where}.factors.{code}", "缺少 citation", "'citation' is missing"
            )
        factors[str(code)] = factor
    non_penalty: dict[str, NonPenaltyRule] = {}
    if not isinstance(raw["non_penalty"], dict):
        _data.fail(f"{where}.non_penalty", "应为映射", "must be a mapping")
    for code, entry in raw["non_penalty"].items():
        at = f"{where}.non_penalty.{code}"
        item = _data.mapping(
            entry,
            at,
            required=("zh", "en", "all", "mandatory", "listed_only", "citation"),
        )
        non_penalty[str(code)] = NonPenaltyRule(
            code=str(code),
            zh=_data.text(item["zh"], f"{at}.zh"),
            en=_data.text(item["en"], f"{at}.en"),
            all_of=frozenset(_data.codes(item["all"], f"{at}.all", allowed=factors)),
            mandatory=_data.boolean(item["mandatory"], f"{at}.mandatory"),
            listed_only=_data.boolean(item["listed_only"], f"{at}.listed_only"),
            citation=_data.citation(item["citation"], f"{at}.citation"),
        )
    for needed in EXEMPTION_KINDS:
        if needed not in non_penalty:
            _data.fail(
                f"{where}.non_penalty", f"缺少 {needed}", f"'{needed}' is missing"
            )
    education = _data.mapping(
        raw["education"], f"{where}.education", required=("zh", "en", "citation")
    )
    minors = _data.mapping(
        raw["minors"],
        f"{where}.minors",
        required=("no_penalty_below", "mitigation_below", "citation"),
    )
    no_penalty_below = minors["no_penalty_below"]
    mitigation_below = minors["mitigation_below"]
    if not (
        isinstance(no_penalty_below, int)
        and isinstance(mitigation_below, int)
        and 0 < no_penalty_below < mitigation_below
    ):
        _data.fail(
            f"{where}.minors",
            "年龄界限应为整数且 no_penalty_below < mitigation_below",
            "ages must be integers with no_penalty_below < mitigation_below",
        )
    limitation = _data.mapping(
        raw["limitation"],
        f"{where}.limitation",
        required=(
            "rule",
            "ordinary_variant",
            "serious_variant",
            "serious_when",
            "citation",
        ),
    )
    method = _data.mapping(
        raw["method"],
        f"{where}.method",
        required=(
            "lighter",
            "heavier",
            "reduced_floor",
            "reduced_extra_kinds",
            "citation",
            "deviation_citation",
        ),
    )
    return DiscretionRules(
        since=_data.day(raw["since"], f"{where}.since"),
        bases=bases,
        factors=factors,
        non_penalty=non_penalty,
        education=(
            _data.text(education["zh"], f"{where}.education.zh"),
            _data.text(education["en"], f"{where}.education.en"),
            _data.citation(education["citation"], f"{where}.education.citation"),
        ),
        minors_no_penalty_below=no_penalty_below,
        minors_mitigation_below=mitigation_below,
        minors_citation=_data.citation(minors["citation"], f"{where}.minors.citation"),
        limitation_rule=_data.text(limitation["rule"], f"{where}.limitation.rule"),
        limitation_ordinary=_data.text(
            limitation["ordinary_variant"], f"{where}.limitation.ordinary_variant"
        ),
        limitation_serious=_data.text(
            limitation["serious_variant"], f"{where}.limitation.serious_variant"
        ),
        limitation_serious_when=frozenset(
            _data.codes(
                limitation["serious_when"],
                f"{where}.limitation.serious_when",
                allowed=factors,
            )
        ),
        limitation_citation=_data.citation(
            limitation["citation"], f"{where}.limitation.citation"
        ),
        lighter=_share(method["lighter"], f"{where}.method.lighter"),
        heavier=_share(method["heavier"], f"{where}.method.heavier"),
        reduced_floor=_data.number(
            method["reduced_floor"], f"{where}.method.reduced_floor"
        ),
        reduced_extra_kinds=frozenset(
            _data.codes(
                method["reduced_extra_kinds"],
                f"{where}.method.reduced_extra_kinds",
                allowed=kinds_catalogue().kinds,
            )
        ),
        method_citation=_data.citation(method["citation"], f"{where}.method.citation"),
        deviation_citation=_data.citation(
            method["deviation_citation"], f"{where}.method.deviation_citation"
        ),
    )


@functools.cache
def discretion_rules() -> DiscretionRules:
    return _load_rules()


# ---------------------------------------------------------------- conditions


def _figures(
    raw: object, where: str, bases: Mapping[str, object]
) -> tuple[tuple[str, Decimal], ...]:
    item = _data.mapping(raw, where, optional=tuple(bases))
    if not item:
        _data.fail(where, "不能为空", "must not be empty")
    return tuple(
        (base, _data.number(value, f"{where}.{base}")) for base, value in item.items()
    )


def _condition(raw: object, where: str, *, codes: Mapping[str, object]) -> Condition:
    bases = discretion_rules().bases
    alternatives = raw if isinstance(raw, list) else [raw]
    if not alternatives:
        _data.fail(where, "条件不能为空", "the condition must not be empty")
    clauses: list[Clause] = []
    for index, entry in enumerate(alternatives):
        at = f"{where}[{index}]"
        item = _data.mapping(
            entry, at, optional=("all", "any", "none", "at_least", "below", "absent")
        )
        if not item:
            _data.fail(at, "条件不能为空", "the clause must not be empty")
        clauses.append(
            Clause(
                all_of=frozenset(
                    _data.codes(item.get("all", []), f"{at}.all", allowed=codes)
                ),
                any_of=frozenset(
                    _data.codes(item.get("any", []), f"{at}.any", allowed=codes)
                ),
                none_of=frozenset(
                    _data.codes(item.get("none", []), f"{at}.none", allowed=codes)
                ),
                at_least=_figures(item["at_least"], f"{at}.at_least", bases)
                if "at_least" in item
                else (),
                below=_figures(item["below"], f"{at}.below", bases)
                if "below" in item
                else (),
                absent=frozenset(
                    _data.codes(item.get("absent", []), f"{at}.absent", allowed=bases)
                ),
            )
        )
    return Condition(tuple(clauses))


# ---------------------------------------------------------------- benchmarks


def _pair(raw: object, where: str) -> tuple[Decimal, Decimal]:
    items = _data.sequence(raw, where)
    if len(items) != 2:
        _data.fail(where, "应为 [最小值, 最大值]", "must be [min, max]")
    low = _data.number(items[0], f"{where}[0]")
    high = _data.number(items[1], f"{where}[1]")
    if low > high:
        _data.fail(where, f"最小值 {low} 大于最大值 {high}", f"min {low} > max {high}")
    return low, high


def _band(raw: object, where: str, *, has_base: bool) -> Band:
    item = _data.mapping(
        raw,
        where,
        required=("id", "zh", "en"),
        optional=(
            "absent",
            "above",
            "at_least",
            "below",
            "at_most",
            "amount",
            "multiple",
        ),
    )
    if ("amount" in item) == ("multiple" in item):
        _data.fail(
            where,
            "应有 amount 或 multiple 之一",
            "needs exactly one of amount/multiple",
        )
    unit = "amount" if "amount" in item else "multiple"
    low, high = _pair(item[unit], f"{where}.{unit}")
    bound = {
        key: _data.number(item[key], f"{where}.{key}") if key in item else None
        for key in ("above", "at_least", "below", "at_most")
    }
    if bound["above"] is not None and bound["at_least"] is not None:
        _data.fail(
            where, "above 与 at_least 不能同时使用", "use above or at_least, not both"
        )
    if bound["below"] is not None and bound["at_most"] is not None:
        _data.fail(
            where, "below 与 at_most 不能同时使用", "use below or at_most, not both"
        )
    absent = _data.boolean(item.get("absent", False), f"{where}.absent")
    if not has_base and (absent or any(v is not None for v in bound.values())):
        _data.fail(
            where,
            "没有计罚基数（base）时不能写分档条件",
            "band conditions need a base",
        )
    if unit == "multiple" and not has_base:
        _data.fail(where, "倍数幅度需要计罚基数（base）", "a multiple needs a base")
    if unit == "multiple" and absent:
        _data.fail(
            where,
            "基数缺失时不能按倍数计罚（absent 与 multiple 不能并用）",
            "a multiple cannot apply when the base is absent",
        )
    return Band(
        id=_data.text(item["id"], f"{where}.id"),
        zh=_data.text(item["zh"], f"{where}.zh"),
        en=_data.text(item["en"], f"{where}.en"),
        absent=absent,
        above=bound["above"],
        at_least=bound["at_least"],
        below=bound["below"],
        at_most=bound["at_most"],
        unit=unit,
        minimum=low,
        maximum=high,
    )


def _check_coverage(fine: StatutoryFine, where: str) -> None:
    """Each base amount around every bound falls in exactly one band; an absent base
    in at most one (none: the fine cannot be computed without the amount)."""
    if fine.base is None:
        if len(fine.bands) != 1:
            _data.fail(
                where, "没有计罚基数时只能有一档", "without a base there is one band"
            )
        return
    probes: set[Decimal | None] = {None, _CENT, Decimal("1000000000000")}
    for band in fine.bands:
        for bound in (band.above, band.at_least, band.below, band.at_most):
            if bound is not None:
                probes.update({bound, bound + _CENT})
                if bound > _CENT:
                    probes.add(bound - _CENT)
    for probe in sorted(probes, key=lambda p: Decimal(-1) if p is None else p):
        if probe is not None and probe <= 0:
            continue  # zero is an absent base, probed as None
        hits = [b.id for b in fine.bands if b.matches(probe, has_base=True)]
        # No band for an absent base is allowed: the fine then needs the amount.
        if len(hits) > 1 or (len(hits) == 0 and probe is not None):
            shown = "缺失" if probe is None else str(probe)
            shown_en = "absent" if probe is None else str(probe)
            _data.fail(
                where,
                f"计罚基数为 {shown} 时应恰好落入一档，实际：{hits or '无'}",
                f"a base of {shown_en} must fall in exactly one band, got {hits or 'none'}",
            )


def _statutory_fine(raw: object, where: str) -> StatutoryFine:
    bases = discretion_rules().bases
    item = _data.mapping(raw, where, required=("bands",), optional=("base", "note"))
    base = (
        _data.choice(item["base"], f"{where}.base", bases) if "base" in item else None
    )
    bands_raw = _data.sequence(item["bands"], f"{where}.bands")
    if not bands_raw:
        _data.fail(f"{where}.bands", "至少一档", "at least one band")
    bands = tuple(
        _band(b, f"{where}.bands[{i}]", has_base=base is not None)
        for i, b in enumerate(bands_raw)
    )
    ids = [b.id for b in bands]
    if len(set(ids)) != len(ids):
        _data.fail(f"{where}.bands", "档位 id 重复", "band ids repeated")
    fine = StatutoryFine(
        base=base,
        bands=bands,
        note=_data.text(item["note"], f"{where}.note") if "note" in item else "",
    )
    _check_coverage(fine, where)
    return fine


def _tier_fine(
    raw: object, where: str, fine: StatutoryFine
) -> dict[str, tuple[Decimal, Decimal]]:
    if isinstance(raw, list):
        if len(fine.bands) != 1:
            _data.fail(
                where,
                "法定幅度分多档，应按档位 id 分别写明",
                "the statutory fine has several bands; give each band id",
            )
        given = {fine.bands[0].id: raw}
    else:
        given = _data.mapping(raw, where, required=tuple(b.id for b in fine.bands))
    result: dict[str, tuple[Decimal, Decimal]] = {}
    for band in fine.bands:
        low, high = _pair(given[band.id], f"{where}.{band.id}")
        if low < band.minimum or high > band.maximum:
            unit = "元" if band.unit == "amount" else "倍"
            _data.fail(
                f"{where}.{band.id}",
                f"档次幅度 {low} 至 {high}{unit} 超出法定幅度 "
                f"{band.minimum} 至 {band.maximum}{unit}",
                f"tier range {low}-{high} lies outside the statutory range "
                f"{band.minimum}-{band.maximum} ({band.unit})",
            )
        result[band.id] = (low, high)
    return result


def _entry(
    raw: object,
    where: str,
    *,
    province: str,
    set_since: dt.date,
    set_title: str,
    set_status: str,
    set_citation: str,
) -> Benchmark:
    rules = discretion_rules()
    kinds = kinds_catalogue().kinds
    item = _data.mapping(
        raw,
        where,
        required=(
            "code",
            "sector",
            "name",
            "name_en",
            "parties",
            "violation_basis",
            "penalty_basis",
            "statutory",
            "tiers",
        ),
        optional=(
            "since",
            "until",
            "circumstances",
            "no_fault_defence",
            "no_fault_citation",
        ),
    )
    code = _data.text(item["code"], f"{where}.code")
    where = f"{where}（{code}）"
    since, until = _data.period(item, where, default_since=set_since)
    if since < set_since:
        _data.fail(where, "since 早于基准的 since", "since precedes the set's since")
    parties = frozenset(
        PartyKind(p)
        for p in _data.codes(
            item["parties"], f"{where}.parties", allowed={p.value for p in PartyKind}
        )
    )
    if not parties:
        _data.fail(f"{where}.parties", "至少一类当事人", "at least one party kind")
    statutory = _data.mapping(
        item["statutory"],
        f"{where}.statutory",
        optional=("required", "optional", "fine", "note"),
    )
    statutory_note = (
        _data.text(statutory["note"], f"{where}.statutory.note")
        if "note" in statutory
        else ""
    )
    required = frozenset(
        _data.codes(
            statutory.get("required", []), f"{where}.statutory.required", allowed=kinds
        )
    )
    optional = frozenset(
        _data.codes(
            statutory.get("optional", []), f"{where}.statutory.optional", allowed=kinds
        )
    )
    if required & optional:
        _data.fail(
            f"{where}.statutory",
            "同一种类不能既必处又可处",
            "a kind cannot be both required and optional",
        )
    if not required | optional:
        _data.fail(f"{where}.statutory", "没有处罚种类", "no penalty kinds")
    fine = (
        _statutory_fine(statutory["fine"], f"{where}.statutory.fine")
        if "fine" in statutory
        else None
    )
    if fine is not None and statutory_note:
        fine = StatutoryFine(
            base=fine.base,
            bands=fine.bands,
            note="；".join(n for n in (fine.note, statutory_note) if n),
        )
    if (fine is None) == ("fine" in required | optional):
        _data.fail(
            f"{where}.statutory",
            "处罚种类含罚款时必须写明法定幅度（fine），反之亦然",
            "a fine kind needs a statutory fine range and vice versa",
        )
    circumstances: dict[str, Factor] = {}
    own = item.get("circumstances") or {}
    if not isinstance(own, dict):
        _data.fail(f"{where}.circumstances", "应为映射", "must be a mapping")
    for c_code, c_raw in own.items():
        if c_code in rules.factors:
            _data.fail(
                f"{where}.circumstances.{c_code}",
                "与通用情节编码重复",
                "clashes with a common circumstance code",
            )
        factor = _factor(str(c_code), c_raw, f"{where}.circumstances.{c_code}")
        if factor.effect != "none" and not factor.citation:
            _data.fail(
                f"{where}.circumstances.{c_code}",
                "改变幅度的情节须写明 citation",
                "a circumstance with an effect needs a citation",
            )
        circumstances[str(c_code)] = factor
    vocabulary = {**rules.factors, **circumstances}
    tiers_raw = item["tiers"]
    if not isinstance(tiers_raw, dict) or not tiers_raw:
        _data.fail(f"{where}.tiers", "应为非空映射", "must be a non-empty mapping")
    tiers: list[Tier] = []
    for tier_code in tiers_raw:
        _data.choice(tier_code, f"{where}.tiers", TIERS)
    order = [c for c in TIERS if c in tiers_raw]
    if list(tiers_raw) != order:
        _data.fail(
            f"{where}.tiers",
            f"档次应按 {'、'.join(TIERS)} 的顺序排列",
            f"tiers must be in the order {', '.join(TIERS)}",
        )
    allowed_kinds = required | optional
    for tier_code in order:
        at = f"{where}.tiers.{tier_code}"
        t = _data.mapping(
            tiers_raw[tier_code],
            at,
            required=("zh", "en", "kinds"),
            optional=("when", "default", "may_add", "fine"),
        )
        t_kinds = frozenset(
            _data.codes(t["kinds"], f"{at}.kinds", allowed=allowed_kinds)
        )
        may_add = frozenset(
            _data.codes(t.get("may_add", []), f"{at}.may_add", allowed=allowed_kinds)
        )
        if not t_kinds:
            _data.fail(f"{at}.kinds", "至少一种处罚", "at least one kind")
        if t_kinds & may_add:
            _data.fail(at, "kinds 与 may_add 重复", "kinds and may_add overlap")
        if not required <= t_kinds:
            _data.fail(
                f"{at}.kinds",
                f"缺少法定必处的种类：{'、'.join(sorted(required - t_kinds))}",
                f"missing required kinds: {', '.join(sorted(required - t_kinds))}",
            )
        has_fine = "fine" in t_kinds | may_add
        if has_fine != ("fine" in t):
            _data.fail(
                at,
                "处罚含罚款的档次必须写明 fine 幅度，反之亦然",
                "a tier with a fine needs its fine range and vice versa",
            )
        default = _data.boolean(t.get("default", False), f"{at}.default")
        if default == ("when" in t):
            _data.fail(
                at,
                "默认档次不写 when，其他档次必须写 when",
                "the default tier has no 'when'; every other tier needs one",
            )
        tiers.append(
            Tier(
                code=tier_code,
                zh=_data.text(t["zh"], f"{at}.zh"),
                en=_data.text(t["en"], f"{at}.en"),
                when=_condition(t["when"], f"{at}.when", codes=vocabulary)
                if "when" in t
                else None,
                default=default,
                kinds=t_kinds,
                may_add=may_add,
                fine=_tier_fine(t["fine"], f"{at}.fine", fine)
                if fine and has_fine
                else None,
            )
        )
    if sum(1 for t in tiers if t.default) != 1:
        _data.fail(
            f"{where}.tiers",
            "必须恰有一个默认档次",
            "exactly one tier must be the default",
        )
    if fine is not None:
        previous: Tier | None = None
        for tier in tiers:
            if tier.fine is None:
                continue
            if previous is not None and previous.fine is not None:
                for band in fine.bands:
                    low, high = tier.fine[band.id]
                    p_low, p_high = previous.fine[band.id]
                    if low < p_low or high < p_high:
                        _data.fail(
                            f"{where}.tiers.{tier.code}.fine.{band.id}",
                            f"档次幅度应不低于较轻档次（{previous.code}: {p_low} 至 {p_high}）",
                            f"a tier's range must not be below the lighter tier "
                            f"({previous.code}: {p_low}-{p_high})",
                        )
            previous = tier
    no_fault = _data.boolean(
        item.get("no_fault_defence", True), f"{where}.no_fault_defence"
    )
    no_fault_citation = (
        _data.citation(item["no_fault_citation"], f"{where}.no_fault_citation")
        if "no_fault_citation" in item
        else ""
    )
    if not no_fault and not no_fault_citation:
        _data.fail(
            where,
            "排除无过错不罚须写明法律、行政法规依据（no_fault_citation）",
            "excluding the no-fault defence needs a citation",
        )
    sector = _data.choice(item["sector"], f"{where}.sector", sectors())
    return Benchmark(
        code=code,
        sector=sector,
        name=_data.text(item["name"], f"{where}.name"),
        name_en=_data.text(item["name_en"], f"{where}.name_en"),
        parties=parties,
        since=since,
        until=until,
        violation_basis=_data.citation(
            item["violation_basis"], f"{where}.violation_basis"
        ),
        penalty_basis=_data.citation(item["penalty_basis"], f"{where}.penalty_basis"),
        required=required,
        optional=optional,
        fine=fine,
        circumstances=circumstances,
        tiers=tuple(tiers),
        no_fault_defence=no_fault,
        no_fault_citation=no_fault_citation,
        province=province,
        set_title=set_title,
        set_status=set_status,
        set_citation=set_citation,
    )


def _exemptions(
    raw: object, where: str, entries: Mapping[str, list[Benchmark]], province: str
) -> tuple[Exemption, ...]:
    rules = discretion_rules()
    item = _data.mapping(
        raw,
        where,
        required=("province", "title", "status", "since", "citation", "entries"),
        optional=("title_en", "note", "until"),
    )
    if province_name(_data.text(item["province"], f"{where}.province")) != province:
        _data.fail(
            f"{where}.province",
            f"清单的省份应与基准一致（{province}）",
            f"the list must be for the benchmark's province ({province})",
        )
    _data.choice(item["status"], f"{where}.status", STATUSES)
    title = _data.text(item["title"], f"{where}.title")
    list_citation = _data.citation(item["citation"], f"{where}.citation")
    list_since, _ = _data.period(item, where)
    result: list[Exemption] = []
    for index, entry in enumerate(_data.sequence(item["entries"], f"{where}.entries")):
        at = f"{where}.entries[{index}]"
        e = _data.mapping(
            entry,
            at,
            required=("code", "benchmark", "kind", "zh", "en", "when"),
            optional=("since", "until", "citation"),
        )
        code = _data.text(e["code"], f"{at}.code")
        benchmark = _data.choice(e["benchmark"], f"{at}.benchmark", entries)
        vocabulary: dict[str, object] = dict(rules.factors)
        for version in entries[benchmark]:
            vocabulary.update(version.circumstances)
        kind = _data.choice(e["kind"], f"{at}.kind", EXEMPTION_KINDS)
        when = _condition(e["when"], f"{at}.when", codes=vocabulary)
        elements = rules.non_penalty[kind].all_of
        for clause in when.clauses:
            if not elements <= clause.all_of:
                _data.fail(
                    f"{at}.when",
                    f"每个条件都须包含第33条的法定要件：{'、'.join(sorted(elements))}",
                    f"every clause must contain the elements of art. 33: "
                    f"{', '.join(sorted(elements))}",
                )
        since, until = _data.period(e, at, default_since=list_since)
        if any(x.code == code for x in result):
            _data.fail(f"{at}.code", f"编码“{code}”重复", f"code '{code}' repeated")
        result.append(
            Exemption(
                code=code,
                benchmark=benchmark,
                kind=kind,
                zh=_data.text(e["zh"], f"{at}.zh"),
                en=_data.text(e["en"], f"{at}.en"),
                when=when,
                since=since,
                until=until,
                citation=_data.citation(e["citation"], f"{at}.citation")
                if "citation" in e
                else list_citation,
                list_title=title,
            )
        )
    return tuple(result)


def _set(
    raw: object, where: str, exemptions_raw: object | None, ex_where: str
) -> BenchmarkSet:
    item = _data.mapping(
        raw,
        where,
        required=("province", "title", "status", "since", "citation", "entries"),
        optional=("title_en", "note"),
    )
    province = province_name(_data.text(item["province"], f"{where}.province"))
    title = _data.text(item["title"], f"{where}.title")
    status = _data.choice(item["status"], f"{where}.status", STATUSES)
    citation = _data.citation(item["citation"], f"{where}.citation")
    since = _data.day(item["since"], f"{where}.since")
    if since < discretion_rules().since:
        _data.fail(
            f"{where}.since",
            f"早于本系统所依据的《行政处罚法》版本（{discretion_rules().since}）",
            f"precedes the Administrative Penalty Law version used ({discretion_rules().since})",
        )
    entries: list[Benchmark] = []
    for index, entry in enumerate(_data.sequence(item["entries"], f"{where}.entries")):
        entries.append(
            _entry(
                entry,
                f"{where}.entries[{index}]",
                province=province,
                set_since=since,
                set_title=title,
                set_status=status,
                set_citation=citation,
            )
        )
    by_code: dict[str, list[Benchmark]] = {}
    for entry in entries:
        by_code.setdefault(entry.code, []).append(entry)
    for code, versions in by_code.items():
        versions.sort(key=lambda e: e.since)
        for before, after in itertools.pairwise(versions):
            if before.until is None or before.until >= after.since:
                _data.fail(
                    where,
                    f"“{code}”的版本期间重叠",
                    f"versions of '{code}' overlap",
                )
    exemptions = (
        _exemptions(exemptions_raw, ex_where, by_code, province)
        if exemptions_raw is not None
        else ()
    )
    return BenchmarkSet(
        province=province,
        title=title,
        title_en=_data.text(item["title_en"], f"{where}.title_en")
        if "title_en" in item
        else title,
        status=status,
        since=since,
        citation=citation,
        note=_data.text(item["note"], f"{where}.note") if "note" in item else "",
        entries=tuple(entries),
        exemptions=exemptions,
    )


@dataclass(frozen=True, slots=True)
class Benchmarks:
    """One or more provinces' benchmarks and lists, looked up by violation code."""

    sets: tuple[BenchmarkSet, ...]

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for benchmark_set in self.sets:
            for entry in benchmark_set.entries:
                owner = seen.setdefault(entry.code, benchmark_set.province)
                if owner != benchmark_set.province:
                    raise RulesDataError(
                        f"违法行为编码“{entry.code}”在{owner}和{benchmark_set.province}的基准中重复",
                        f"violation code '{entry.code}' appears in two provinces' benchmarks",
                    )

    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({e.code for s in self.sets for e in s.entries}))

    def entries(self) -> tuple[Benchmark, ...]:
        return tuple(e for s in self.sets for e in s.entries)

    def exemptions(self) -> tuple[Exemption, ...]:
        return tuple(x for s in self.sets for x in s.exemptions)

    def entry(self, code: str, on: dt.date) -> Benchmark:
        versions = [e for s in self.sets for e in s.entries if e.code == code]
        if not versions:
            raise RulesError(
                f"裁量基准中没有编码为“{code}”的违法行为",
                f"no violation '{code}' in the discretion benchmarks",
                code="unknown_violation",
            )
        for version in versions:
            if _data.in_force(version.since, version.until, on):
                return version
        raise NotInForceError(
            f"违法行为“{code}”的裁量基准在 {on} 不适用（"
            + "；".join(f"{v.since} 至 {v.until or '今'}" for v in versions)
            + "）",
            f"the benchmark for '{code}' does not apply on {on}",
        )

    def exemptions_for(self, code: str, on: dt.date) -> tuple[Exemption, ...]:
        return tuple(
            x
            for x in self.exemptions()
            if x.benchmark == code and _data.in_force(x.since, x.until, on)
        )


def parse_benchmarks(
    benchmark_yaml: str,
    exemptions_yaml: str | None = None,
    *,
    source: str = "benchmark",
) -> Benchmarks:
    """An office's own benchmark (and list) from YAML text, e.g. stored by the
    application; validated exactly like the bundled files."""
    raw = _data.parse_yaml(benchmark_yaml, source)
    ex_raw = (
        _data.parse_yaml(exemptions_yaml, f"{source}（清单）")
        if exemptions_yaml is not None
        else None
    )
    return Benchmarks((_set(raw, source, ex_raw, f"{source}（清单）"),))


def load_benchmarks(
    benchmark_path: Path, exemptions_path: Path | None = None
) -> Benchmarks:
    where = _data.where_of(benchmark_path)
    raw = _data.read_yaml(benchmark_path)
    ex_raw = _data.read_yaml(exemptions_path) if exemptions_path is not None else None
    ex_where = _data.where_of(exemptions_path) if exemptions_path is not None else ""
    return Benchmarks((_set(raw, where, ex_raw, ex_where),))


@functools.cache
def bundled_benchmarks() -> Benchmarks:
    """Every province's benchmark bundled under enforcement_data/benchmarks/."""
    sets: list[BenchmarkSet] = []
    for path in sorted((_data.DATA_DIR / "benchmarks").glob("*.yaml")):
        exemptions = _data.DATA_DIR / "exemptions" / path.name
        loaded = load_benchmarks(path, exemptions if exemptions.exists() else None)
        sets.extend(loaded.sets)
    for path in sorted((_data.DATA_DIR / "exemptions").glob("*.yaml")):
        if not (_data.DATA_DIR / "benchmarks" / path.name).exists():
            _data.fail(
                _data.where_of(path),
                "没有同名的基准文件",
                "there is no benchmark file of the same name",
            )
    return Benchmarks(tuple(sets))


def as_benchmarks(value: Benchmarks | Iterable[BenchmarkSet] | None) -> Benchmarks:
    if value is None:
        return bundled_benchmarks()
    if isinstance(value, Benchmarks):
        return value
    return Benchmarks(tuple(value))


def described(
    codes: Iterable[str], vocabulary: Mapping[str, Factor]
) -> tuple[str, str]:
    """Chinese and English names of circumstance ``codes``."""
    chosen = [vocabulary[c] for c in sorted(codes) if c in vocabulary]
    return "、".join(f.zh for f in chosen), "; ".join(f.en for f in chosen)


def clause_text(clause: Clause, vocabulary: Mapping[str, Factor]) -> tuple[str, str]:
    """A clause in words, for the explanation of why a tier or a list item applies."""
    rules = discretion_rules()
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if clause.all_of:
        zh, en = described(clause.all_of, vocabulary)
        parts_zh.append(zh)
        parts_en.append(en)
    if clause.any_of:
        zh, en = described(clause.any_of, vocabulary)
        parts_zh.append(f"（{zh.replace('、', '或者')}之一）")
        parts_en.append(f"one of: {en}")
    if clause.none_of:
        zh, en = described(clause.none_of, vocabulary)
        parts_zh.append(f"不存在{zh}")
        parts_en.append(f"none of: {en}")
    for base, figure in clause.at_least:
        parts_zh.append(f"{rules.bases[base][0]}{figure:,}元以上")
        parts_en.append(f"{rules.bases[base][1]} of {figure:,} yuan or more")
    for base, figure in clause.below:
        parts_zh.append(f"{rules.bases[base][0]}不足{figure:,}元")
        parts_en.append(f"{rules.bases[base][1]} under {figure:,} yuan")
    for base in sorted(clause.absent):
        parts_zh.append(f"没有{rules.bases[base][0]}")
        parts_en.append(f"no {rules.bases[base][1]}")
    return "，".join(p for p in parts_zh if p), "; ".join(p for p in parts_en if p)


def source_note(benchmark: Benchmark) -> tuple[str, str]:
    if benchmark.set_status == "demo":
        return "（演示基准，部署前须以本地公布的基准替换）", " (demo benchmark)"
    if benchmark.set_status == "draft":
        return "（基准草案）", " (draft benchmark)"
    return "", ""


def validate_all() -> dict[str, Any]:
    """Load every bundled enforcement file (for a test or a start-up check)."""
    from fazhi.rules.enforcement.hearing import threshold_table
    from fazhi.rules.enforcement.review import major_case_catalogue

    table = threshold_table()
    catalogue = major_case_catalogue()
    benchmarks = bundled_benchmarks()
    return {
        "kinds": len(kinds_catalogue().kinds),
        "thresholds": len(table.rows),
        "major_triggers": len(catalogue.triggers),
        "factors": len(discretion_rules().factors),
        "benchmarks": len(benchmarks.entries()),
        "exemptions": len(benchmarks.exemptions()),
    }
