"""The hearing right (《行政处罚法》(2021-01-22) 第63条) with its "较大数额" thresholds, the
simplified on-the-spot procedure (第51条) and on-the-spot collection of fines (第68-69条).

The law sets no amount for "较大数额罚款" or "较大价值非法财物"; the thresholds are a
dated table per province and sector in ``enforcement_data/hearing_thresholds.yaml``
(statutory-rules §15 A8). Which row applies:

1. the province's row for the sector;
2. else the national row for the sector — unless that rule defers to the province
   (``defers_to_province``: ``always``, or ``local_basis`` when the penalty rests on a
   local regulation or rule) and the province has a general row;
3. else the province's general row.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from fazhi.rules.enforcement import _data
from fazhi.rules.enforcement.kinds import check_kinds, kinds_catalogue, names_zh
from fazhi.rules.enforcement.outcome import (
    Decision,
    PartyKind,
    Reason,
    join_citations,
    party_kind,
    yuan,
)
from fazhi.rules.errors import NotInForceError, RulesError
from fazhi.rules.parameters import load_parameter

__all__ = [
    "NATIONAL",
    "SpecialLimit",
    "Threshold",
    "hearing_required",
    "hearing_threshold",
    "on_the_spot_collection_allowed",
    "province_name",
    "sectors",
    "simplified_procedure_allowed",
]

NATIONAL = "全国"
HEARING = "《行政处罚法》(2021-01-22) 第63条第1款"
SOURCES = frozenset({"corpus", "external", "demo"})
DEFERRALS = frozenset({"never", "always", "local_basis"})
MEASURES = frozenset({"fine", "confiscation"})
_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    region: str
    sector: str
    since: dt.date
    until: dt.date | None
    fine: Mapping[PartyKind, Decimal]
    confiscation: Mapping[PartyKind, Decimal] | None
    defers_to_province: str
    source: str
    citation: str


@dataclass(frozen=True, slots=True)
class Threshold:
    """The "较大数额" starting amount (inclusive: "以上") that applies, and why."""

    amount: Decimal
    citation: str
    since: dt.date
    until: dt.date | None
    region: str
    sector: str
    party: PartyKind
    measure: str  # fine | confiscation
    source: str  # corpus | external | demo
    note_zh: str = ""
    note_en: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "amount": str(self.amount),
            "citation": self.citation,
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "region": self.region,
            "sector": self.sector,
            "party": self.party.value,
            "measure": self.measure,
            "source": self.source,
            "note_zh": self.note_zh,
            "note_en": self.note_en,
        }


@dataclass(frozen=True, slots=True)
class ThresholdTable:
    sectors: Mapping[str, tuple[str, str]]
    provinces: Mapping[str, str]  # division-code prefix → short name
    rows: tuple[ThresholdRow, ...]


def _amounts(raw: object, where: str) -> dict[PartyKind, Decimal]:
    item = _data.mapping(raw, where, required=("natural_person", "legal_person"))
    result: dict[PartyKind, Decimal] = {}
    for party in PartyKind:
        amount = _data.number(item[party.value], f"{where}.{party.value}")
        if amount <= 0:
            _data.fail(f"{where}.{party.value}", "起点数额应大于零", "must be positive")
        result[party] = amount
    return result


def load_threshold_table(path: str | Path | None = None) -> ThresholdTable:
    """Read and validate a threshold file (default: the bundled one)."""
    file = _data.DATA_DIR / "hearing_thresholds.yaml" if path is None else Path(path)
    where = _data.where_of(file)
    raw = _data.mapping(
        _data.read_yaml(file), where, required=("sectors", "thresholds", "provinces")
    )
    sectors: dict[str, tuple[str, str]] = {}
    if not isinstance(raw["sectors"], dict) or "general" not in raw["sectors"]:
        _data.fail(
            f"{where}.sectors", "应为映射并包含 general", "must include 'general'"
        )
    for code, entry in raw["sectors"].items():
        at = f"{where}.sectors.{code}"
        item = _data.mapping(entry, at, required=("zh", "en"))
        sectors[str(code)] = (
            _data.text(item["zh"], f"{at}.zh"),
            _data.text(item["en"], f"{at}.en"),
        )
    provinces: dict[str, str] = {}
    if not isinstance(raw["provinces"], dict):
        _data.fail(f"{where}.provinces", "应为映射", "must be a mapping")
    for code, name in raw["provinces"].items():
        if not (isinstance(code, str) and len(code) == 2 and code.isdigit()):
            _data.fail(
                f"{where}.provinces.{code}",
                "应为两位行政区划代码（加引号）",
                "must be a quoted two-digit division code",
            )
        provinces[code] = _data.text(name, f"{where}.provinces.{code}")
    names = set(provinces.values())
    rows: list[ThresholdRow] = []
    for index, entry in enumerate(
        _data.sequence(raw["thresholds"], f"{where}.thresholds")
    ):
        at = f"{where}.thresholds[{index}]"
        item = _data.mapping(
            entry,
            at,
            required=("region", "sector", "since", "fine", "source", "citation"),
            optional=("until", "confiscation", "defers_to_province"),
        )
        region = _data.text(item["region"], f"{at}.region")
        if region != NATIONAL and region not in names:
            _data.fail(
                f"{at}.region",
                f"“{region}”不是“全国”或者省级行政区简称",
                f"'{region}' is neither 全国 nor a province",
            )
        sector = _data.choice(item["sector"], f"{at}.sector", sectors)
        if region == NATIONAL and sector == "general":
            _data.fail(
                f"{at}.sector",
                "全国没有通用标准，请写明行业",
                "there is no national general standard; name the sector",
            )
        defers = _data.choice(
            item.get("defers_to_province", "never"),
            f"{at}.defers_to_province",
            DEFERRALS,
        )
        if region != NATIONAL and defers != "never":
            _data.fail(
                f"{at}.defers_to_province",
                "只有“全国”的标准可以让位于省级标准",
                "only national rows can defer to the province",
            )
        since, until = _data.period(item, at)
        rows.append(
            ThresholdRow(
                region=region,
                sector=sector,
                since=since,
                until=until,
                fine=_amounts(item["fine"], f"{at}.fine"),
                confiscation=(
                    _amounts(item["confiscation"], f"{at}.confiscation")
                    if "confiscation" in item
                    else None
                ),
                defers_to_province=defers,
                source=_data.choice(item["source"], f"{at}.source", SOURCES),
                citation=_data.citation(item["citation"], f"{at}.citation"),
            )
        )
    _check_overlaps(rows, where)
    return ThresholdTable(sectors=sectors, provinces=provinces, rows=tuple(rows))


def _check_overlaps(rows: list[ThresholdRow], where: str) -> None:
    by_key: dict[tuple[str, str], list[ThresholdRow]] = {}
    for row in rows:
        by_key.setdefault((row.region, row.sector), []).append(row)
    for (region, sector), group in by_key.items():
        group.sort(key=lambda r: r.since)
        for before, after in itertools.pairwise(group):
            if before.until is None or before.until >= after.since:
                _data.fail(
                    where,
                    f"{region}/{sector} 的标准期间重叠（{before.since} 与 {after.since}）",
                    f"{region}/{sector} rows overlap ({before.since} and {after.since})",
                )


@functools.cache
def threshold_table() -> ThresholdTable:
    return load_threshold_table()


def sectors() -> Mapping[str, tuple[str, str]]:
    """Sector code → (zh, en) for the hearing thresholds and the benchmarks."""
    return threshold_table().sectors


def province_name(value: str) -> str:
    """The province's short name from a name (河北、河北省) or a division code (130000).

    ``""`` and ``全国`` mean the national level.
    """
    table = threshold_table()
    name = value.strip()
    if name in ("", NATIONAL):
        return NATIONAL
    if name.isdigit() and len(name) in (2, 6, 9, 12):
        prefix = name[:2]
        if prefix in table.provinces:
            return table.provinces[prefix]
    else:
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                break
        if name in table.provinces.values():
            return name
    raise RulesError(
        f"“{value}”不是省级行政区（请使用简称、全称或者行政区划代码）",
        f"'{value}' is not a province (use its name or division code)",
        code="unknown_province",
    )


def _sector(code: str) -> tuple[str, str]:
    try:
        return threshold_table().sectors[code]
    except KeyError:
        raise RulesError(
            f"未知的执法领域“{code}”",
            f"unknown enforcement sector '{code}'",
            code="unknown_sector",
        ) from None


def _row(region: str, sector: str, on: dt.date) -> ThresholdRow | None:
    for row in threshold_table().rows:
        if (
            row.region == region
            and row.sector == sector
            and _data.in_force(row.since, row.until, on)
        ):
            return row
    return None


def hearing_threshold(
    *,
    province: str,
    sector: str,
    party: PartyKind | str,
    on: dt.date,
    measure: str = "fine",
    local_basis: bool = False,
) -> Threshold:
    """The "较大数额" threshold for a fine (``measure="fine"``) or for confiscated
    illegal income and property (``"confiscation"``) on ``on``.

    ``local_basis``: the penalty rests on a local regulation or local government rule
    (some sector rules then defer to the province). Raise ``RulesError``
    (``no_hearing_threshold``) when no row applies: the office must configure one.
    """
    who = party_kind(party)
    region = province_name(province)
    _sector(sector)
    if measure not in MEASURES:
        raise RulesError(
            f"未知的数额类型“{measure}”（fine 或 confiscation）",
            f"unknown measure '{measure}' (fine or confiscation)",
            code="invalid_measure",
        )
    chosen = _row(region, sector, on) if region != NATIONAL else None
    note_zh = note_en = ""
    if chosen is None:
        national = _row(NATIONAL, sector, on)
        general = _row(region, "general", on) if region != NATIONAL else None
        defers = national is not None and (
            national.defers_to_province == "always"
            or (national.defers_to_province == "local_basis" and local_basis)
        )
        if national is not None and not (defers and general is not None):
            chosen = national
            note_zh, note_en = (
                "适用行业（全国）标准",
                "the national sector standard applies",
            )
        elif general is not None:
            chosen = general
            if national is not None:
                note_zh = "行业标准规定省级有规定的从其规定，适用本省通用标准"
                note_en = "the sector rule defers to the province's general standard"
            else:
                note_zh = "无行业标准，适用本省通用标准"
                note_en = "no sector standard; the province's general standard applies"
    if chosen is None:
        raise RulesError(
            f"{region}{_sector(sector)[0]}领域在 {on} 没有可适用的听证“较大数额”标准，"
            "请在 hearing_thresholds.yaml 中配置（《行政处罚法》第63条）",
            f"no hearing threshold for {region}/{sector} on {on}; configure one in "
            "hearing_thresholds.yaml (Administrative Penalty Law art. 63)",
            code="no_hearing_threshold",
        )
    amounts = chosen.fine
    if measure == "confiscation":
        if chosen.confiscation is not None:
            amounts = chosen.confiscation
        else:
            note_zh = (
                note_zh + "；" if note_zh else ""
            ) + "未另定没收数额标准，沿用罚款标准"
            note_en = (
                note_en + "; " if note_en else ""
            ) + "no separate confiscation standard, the fine standard applies"
    return Threshold(
        amount=amounts[who].quantize(Decimal("0.01")),
        citation=chosen.citation,
        since=chosen.since,
        until=chosen.until,
        region=chosen.region,
        sector=chosen.sector,
        party=who,
        measure=measure,
        source=chosen.source,
        note_zh=note_zh,
        note_en=note_en,
    )


def _law_in_force(on: dt.date) -> None:
    since = kinds_catalogue().since
    if on < since:
        raise NotInForceError(
            f"{on} 之前的《行政处罚法》版本不在语料库中，无法判断（自 {since} 起）",
            f"the Administrative Penalty Law before {since} is not in the corpus "
            f"(asked for {on})",
        )


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def hearing_required(
    *,
    penalty_kinds: Iterable[str],
    fine_amount: Decimal | int | str = 0,
    confiscation_value: Decimal | int | str = 0,
    province: str,
    sector: str,
    party: PartyKind | str,
    on: dt.date,
    heavier: bool = False,
    other_statutory: bool = False,
    local_basis: bool = False,
    heavier_kinds: Iterable[str] | None = None,
) -> Decision:
    """Whether the party must be told of the right to a hearing (第63条第1款), ground by
    ground. ``confiscation_value`` is the illegal income and property to be confiscated,
    together; ``heavier`` is the organ's finding of "其他较重的行政处罚" (第5项),
    ``other_statutory`` a hearing required by another law, regulation or rule (第6项);
    ``heavier_kinds`` replaces the default kinds treated as heavier (暂扣许可证件、
    限制开展生产经营活动 and the other kinds set by law).
    """
    _law_in_force(on)
    who = party_kind(party)
    kinds = check_kinds(penalty_kinds)
    fine = yuan(fine_amount, field="罚款数额 fine_amount")
    value = yuan(confiscation_value, field="没收数额 confiscation_value")
    catalogue = kinds_catalogue().kinds
    confiscations = {c for c, k in catalogue.items() if k.hearing == "value"}
    if fine > 0 and "fine" not in kinds:
        raise RulesError(
            "有罚款数额但处罚种类不含罚款",
            "a fine amount was given but the kinds do not include a fine",
            code="inconsistent_penalty",
        )
    if value > 0 and not kinds & confiscations:
        raise RulesError(
            "有没收数额但处罚种类不含没收",
            "a confiscation value was given but the kinds include no confiscation",
            code="inconsistent_penalty",
        )
    reasons: list[Reason] = []

    if "fine" in kinds:
        threshold = hearing_threshold(
            province=province, sector=sector, party=who, on=on, local_basis=local_basis
        )
        met = fine >= threshold.amount
        reasons.append(
            Reason(
                zh=(
                    f"拟罚款 {_money(fine)} 元，{'达到' if met else '未达到'}"
                    f"较大数额罚款标准（{who.zh} {_money(threshold.amount)} 元以上"
                    f"{'，' + threshold.note_zh if threshold.note_zh else ''}）"
                ),
                en=(
                    f"proposed fine {_money(fine)} yuan {'reaches' if met else 'is below'} "
                    f"the larger-amount threshold ({who.en}: {_money(threshold.amount)} "
                    f"yuan or more{'; ' + threshold.note_en if threshold.note_en else ''})"
                ),
                citation=join_citations(f"{HEARING}第1项", threshold.citation),
                code="hearing.fine",
                met=met,
            )
        )
    else:
        reasons.append(
            Reason(
                "不处以罚款",
                "no fine proposed",
                f"{HEARING}第1项",
                "hearing.fine",
                False,
            )
        )

    if kinds & confiscations:
        threshold = hearing_threshold(
            province=province,
            sector=sector,
            party=who,
            on=on,
            measure="confiscation",
            local_basis=local_basis,
        )
        met = value >= threshold.amount
        reasons.append(
            Reason(
                zh=(
                    f"拟没收违法所得和非法财物价值 {_money(value)} 元，"
                    f"{'达到' if met else '未达到'}较大数额、较大价值标准"
                    f"（{who.zh} {_money(threshold.amount)} 元以上"
                    f"{'，' + threshold.note_zh if threshold.note_zh else ''}）"
                ),
                en=(
                    f"confiscation worth {_money(value)} yuan "
                    f"{'reaches' if met else 'is below'} the larger-value threshold "
                    f"({who.en}: {_money(threshold.amount)} yuan or more"
                    f"{'; ' + threshold.note_en if threshold.note_en else ''})"
                ),
                citation=join_citations(f"{HEARING}第2项", threshold.citation),
                code="hearing.confiscation",
                met=met,
            )
        )
    else:
        reasons.append(
            Reason(
                "不没收违法所得或者非法财物",
                "no confiscation proposed",
                f"{HEARING}第2项",
                "hearing.confiscation",
                False,
            )
        )

    for item, code in ((3, "hearing.licence"), (4, "hearing.business")):
        listed = {
            c for c, k in catalogue.items() if k.hearing == "always" and k.item == item
        }
        chosen = kinds & listed
        reasons.append(
            Reason(
                zh=(f"拟{names_zh(chosen)}" if chosen else f"不涉及{names_zh(listed)}"),
                en=(
                    f"proposes {', '.join(catalogue[c].en for c in sorted(chosen))}"
                    if chosen
                    else "none of: "
                    + ", ".join(catalogue[c].en for c in sorted(listed))
                ),
                citation=f"{HEARING}第{item}项",
                code=code,
                met=bool(chosen),
            )
        )

    heavy = (
        check_kinds(heavier_kinds)
        if heavier_kinds is not None
        else frozenset(c for c, k in catalogue.items() if k.hearing == "heavier")
    )
    heavy_chosen = kinds & heavy
    if heavy_chosen or heavier:
        zh = "其他较重的行政处罚" + (
            f"：{names_zh(heavy_chosen)}" if heavy_chosen else "（机关认定）"
        )
        en = "another heavier penalty" + (
            ": " + ", ".join(catalogue[c].en for c in sorted(heavy_chosen))
            if heavy_chosen
            else " (the organ's finding)"
        )
        reasons.append(Reason(zh, en, f"{HEARING}第5项", "hearing.heavier", True))
    else:
        reasons.append(
            Reason(
                "不属于其他较重的行政处罚",
                "not another heavier penalty",
                f"{HEARING}第5项",
                "hearing.heavier",
                False,
            )
        )
    reasons.append(
        Reason(
            "法律、法规、规章规定应当听证"
            if other_statutory
            else "无法律、法规、规章规定的其他听证情形",
            "another law, regulation or rule requires a hearing"
            if other_statutory
            else "no other law, regulation or rule requires a hearing",
            f"{HEARING}第6项",
            "hearing.other_statutory",
            other_statutory,
        )
    )
    return Decision(any(r.met for r in reasons), tuple(reasons))


@dataclass(frozen=True, slots=True)
class SpecialLimit:
    """A law that sets its own on-the-spot fine limit (第51条“法律另有规定的，从其规定”)."""

    amount: Decimal
    citation: str


def simplified_procedure_allowed(
    *,
    party: PartyKind | str,
    penalty_kinds: Iterable[str],
    fine_amount: Decimal | int | str = 0,
    on: dt.date,
    facts_conclusive: bool = True,
    legal_basis: bool = True,
    special_limit: SpecialLimit | None = None,
) -> Decision:
    """Whether the penalty may be decided on the spot (第51条): conclusive facts with a
    legal basis, and only a warning or a fine up to the limit for the party."""
    _law_in_force(on)
    who = party_kind(party)
    kinds = check_kinds(penalty_kinds)
    fine = yuan(fine_amount, field="罚款数额 fine_amount")
    if fine > 0 and "fine" not in kinds:
        raise RulesError(
            "有罚款数额但处罚种类不含罚款",
            "a fine amount was given but the kinds do not include a fine",
            code="inconsistent_penalty",
        )
    parameter = load_parameter("penalty.simplified_fine_limit").at(on)
    article = parameter.reference
    reasons = [
        Reason(
            zh="违法事实确凿并有法定依据"
            if facts_conclusive and legal_basis
            else "违法事实不确凿或者缺少法定依据",
            en="the facts are conclusive and there is a legal basis"
            if facts_conclusive and legal_basis
            else "the facts are not conclusive or there is no legal basis",
            citation=article,
            code="simplified.facts",
            met=facts_conclusive and legal_basis,
        )
    ]
    allowed = frozenset({"warning", "fine"})
    kinds_ok = bool(kinds) and kinds <= allowed
    other = kinds - allowed
    reasons.append(
        Reason(
            zh=(
                f"处罚种类为{names_zh(kinds)}"
                if kinds_ok
                else (f"{names_zh(other)}不能当场作出" if other else "未拟处罚")
            ),
            en=(
                "only a warning and/or a fine"
                if kinds_ok
                else (
                    "kinds other than a warning or fine"
                    if other
                    else "no penalty proposed"
                )
            ),
            citation=article,
            code="simplified.kinds",
            met=kinds_ok,
        )
    )
    if "fine" in kinds:
        if special_limit is not None:
            limit, citation = yuan(special_limit.amount), special_limit.citation
        else:
            limit = yuan(str(parameter.value[who.value]))
            citation = article
        met = fine <= limit
        reasons.append(
            Reason(
                zh=(
                    f"罚款 {_money(fine)} 元，{'未超过' if met else '超过'}"
                    f"当场处罚限额（{who.zh} {_money(limit)} 元以下）"
                ),
                en=(
                    f"fine {_money(fine)} yuan {'within' if met else 'above'} the on-the-spot "
                    f"limit ({who.en}: up to {_money(limit)} yuan)"
                ),
                citation=citation,
                code="simplified.amount",
                met=met,
            )
        )
    return Decision(all(r.met for r in reasons), tuple(reasons))


def on_the_spot_collection_allowed(
    *,
    fine_amount: Decimal | int | str,
    on: dt.date,
    simplified: bool,
    hard_to_collect_later: bool = False,
    remote_area_request: bool = False,
) -> Decision:
    """Whether officers may collect the fine on the spot: after an on-the-spot decision
    for small fines or where later collection would be hard (第68条), or on the party's
    request in remote, waterborne or poorly connected areas (第69条)."""
    _law_in_force(on)
    fine = yuan(fine_amount, field="罚款数额 fine_amount")
    parameter = load_parameter("penalty.on_the_spot_collection_limit").at(on)
    limit = yuan(str(parameter.value))
    small = simplified and fine <= limit
    hard = simplified and hard_to_collect_later
    reasons = (
        Reason(
            zh=(
                f"当场处罚且罚款 {_money(fine)} 元{'不超过' if fine <= limit else '超过'}"
                f" {_money(limit)} 元"
                if simplified
                else "不是当场作出的处罚决定"
            ),
            en=(
                f"on-the-spot decision with a fine of {_money(fine)} yuan "
                f"{'within' if fine <= limit else 'above'} {_money(limit)} yuan"
                if simplified
                else "not an on-the-spot decision"
            ),
            citation=parameter.reference,
            code="collection.small",
            met=small,
        ),
        Reason(
            zh="当场处罚且不当场收缴事后难以执行"
            if hard
            else "不属于事后难以执行的当场处罚",
            en="on-the-spot decision that would be hard to collect later"
            if hard
            else "not an on-the-spot decision that would be hard to collect later",
            citation="《行政处罚法》(2021-01-22) 第68条第2项",
            code="collection.hard",
            met=hard,
        ),
        Reason(
            zh="边远、水上、交通不便地区，当事人缴纳确有困难并提出当场缴纳"
            if remote_area_request
            else "不属于边远、水上、交通不便地区经当事人提出的情形",
            en="remote, waterborne or poorly connected area, at the party's request"
            if remote_area_request
            else "not a remote-area collection requested by the party",
            citation="《行政处罚法》(2021-01-22) 第69条",
            code="collection.remote",
            met=remote_area_request,
        ),
    )
    return Decision(any(r.met for r in reasons), reasons)
