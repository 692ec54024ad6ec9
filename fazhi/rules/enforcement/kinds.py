"""The penalty kinds of 《行政处罚法》(2021-01-22) 第9条 as a catalogue with stable codes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fazhi.rules.enforcement import _data
from fazhi.rules.errors import RulesError

__all__ = [
    "HEARING_TRIGGERS",
    "PenaltyKind",
    "check_kinds",
    "kind",
    "kinds_catalogue",
    "penalty_kinds",
]

HEARING_TRIGGERS = frozenset({"never", "amount", "value", "always", "heavier"})


@dataclass(frozen=True, slots=True)
class PenaltyKind:
    """One kind of 第9条: ``item`` is the numbered item (1-6), ``severity`` orders them
    (1 = lightest) for 减轻, ``hearing`` how it triggers a hearing under 第63条."""

    code: str
    zh: str
    en: str
    item: int
    severity: int
    hearing: str
    note: str
    citation: str


@dataclass(frozen=True, slots=True)
class KindsCatalogue:
    source: str
    since: dt.date
    kinds: Mapping[str, PenaltyKind]


def _load() -> KindsCatalogue:
    path = _data.DATA_DIR / "penalty_kinds.yaml"
    where = _data.where_of(path)
    raw = _data.mapping(
        _data.read_yaml(path), where, required=("source", "since", "kinds")
    )
    source = _data.citation(raw["source"], f"{where}.source")
    since = _data.day(raw["since"], f"{where}.since")
    kinds_raw = raw["kinds"]
    if not isinstance(kinds_raw, dict) or not kinds_raw:
        _data.fail(f"{where}.kinds", "应为非空映射", "must be a non-empty mapping")
    kinds: dict[str, PenaltyKind] = {}
    for code, entry in kinds_raw.items():
        at = f"{where}.kinds.{code}"
        item = _data.mapping(
            entry,
            at,
            required=("zh", "en", "item", "severity", "hearing"),
            optional=("note", "citation"),
        )
        number = item["item"]
        severity = item["severity"]
        if not isinstance(number, int) or not 1 <= number <= 6:
            _data.fail(
                f"{at}.item",
                "应为第9条的项号 1 至 6",
                "must be an item of art. 9 (1 to 6)",
            )
        if not isinstance(severity, int) or not 1 <= severity <= 6:
            _data.fail(f"{at}.severity", "应为 1 至 6", "must be 1 to 6")
        kinds[str(code)] = PenaltyKind(
            code=str(code),
            zh=_data.text(item["zh"], f"{at}.zh"),
            en=_data.text(item["en"], f"{at}.en"),
            item=number,
            severity=severity,
            hearing=_data.choice(item["hearing"], f"{at}.hearing", HEARING_TRIGGERS),
            note=_data.text(item["note"], f"{at}.note") if "note" in item else "",
            citation=(
                _data.citation(item["citation"], f"{at}.citation")
                if "citation" in item
                else source
            ),
        )
    return KindsCatalogue(source=source, since=since, kinds=kinds)


@functools.cache
def kinds_catalogue() -> KindsCatalogue:
    return _load()


def penalty_kinds() -> tuple[PenaltyKind, ...]:
    """Every kind in the order of 第9条."""
    return tuple(kinds_catalogue().kinds.values())


def kind(code: str) -> PenaltyKind:
    try:
        return kinds_catalogue().kinds[code]
    except KeyError:
        raise RulesError(
            f"没有编码为“{code}”的处罚种类（《行政处罚法》第9条）",
            f"there is no penalty kind '{code}' (Administrative Penalty Law art. 9)",
            code="unknown_penalty_kind",
        ) from None


def check_kinds(codes: Iterable[str]) -> frozenset[str]:
    """``codes`` as a set, each a known kind (an unknown one is a ``RulesError``)."""
    result = frozenset(codes)
    for code in sorted(result):
        kind(code)
    return result


def names_zh(codes: Iterable[str]) -> str:
    """The Chinese names of ``codes`` in the order of 第9条, joined by 、."""
    catalogue = kinds_catalogue().kinds
    chosen = set(codes)
    return "、".join(k.zh for c, k in catalogue.items() if c in chosen) or "无"


def names_en(codes: Iterable[str]) -> str:
    catalogue = kinds_catalogue().kinds
    chosen = set(codes)
    return ", ".join(k.en for c, k in catalogue.items() if c in chosen) or "none"
