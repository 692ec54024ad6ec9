"""Major enforcement decisions that need the legal review (法制审核) before the head
decides, 《行政处罚法》(2021-01-22) 第58条第1款.

The four statutory grounds are always checked. An organ's own catalogue of major
decisions (重大执法决定法制审核目录清单) starts from the default list in
``enforcement_data/major_cases.yaml``; the application stores each organ's overrides
(triggers disabled, triggers and flags added) and passes them in. Triggers that restate
the statute (``statutory: true``) cannot be disabled.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fazhi.rules.enforcement import _data
from fazhi.rules.enforcement.kinds import check_kinds, kinds_catalogue
from fazhi.rules.enforcement.outcome import (
    Decision,
    PartyKind,
    Reason,
    party_kind,
    yuan,
)
from fazhi.rules.errors import RulesError

__all__ = [
    "CaseFacts",
    "MajorCaseCatalogue",
    "MajorCaseOverrides",
    "MajorTrigger",
    "is_major",
    "major_case_catalogue",
    "parse_major_overrides",
]

ARTICLE = "《行政处罚法》(2021-01-22) 第58条第1款"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the legal-review question needs to know about a case."""

    penalty_kinds: frozenset[str] = frozenset()
    fine_amount: Decimal = Decimal("0")
    party: PartyKind | None = None
    hearing_held: bool = False
    hearing_eligible: bool = False
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MajorTrigger:
    code: str
    zh: str
    en: str
    ground: str
    statutory: bool = False
    kinds_any: frozenset[str] = frozenset()
    flags_any: frozenset[str] = frozenset()
    flags_all: frozenset[str] = frozenset()
    hearing_held: bool | None = None
    hearing_eligible: bool | None = None
    fine_at_least: Mapping[PartyKind, Decimal] | None = None

    def matches(self, facts: CaseFacts) -> bool:
        if self.kinds_any and not self.kinds_any & facts.penalty_kinds:
            return False
        if self.flags_any and not self.flags_any & facts.flags:
            return False
        if self.flags_all and not self.flags_all <= facts.flags:
            return False
        if self.hearing_held is not None and facts.hearing_held != self.hearing_held:
            return False
        if (
            self.hearing_eligible is not None
            and facts.hearing_eligible != self.hearing_eligible
        ):
            return False
        if self.fine_at_least is not None:
            if facts.party is None or "fine" not in facts.penalty_kinds:
                return False
            if facts.fine_amount < self.fine_at_least[facts.party]:
                return False
        return True


@dataclass(frozen=True, slots=True)
class MajorCaseCatalogue:
    flags: Mapping[str, tuple[str, str]]
    grounds: Mapping[str, tuple[str, str, str]]  # code → (zh, en, citation)
    triggers: tuple[MajorTrigger, ...]


@dataclass(frozen=True, slots=True)
class MajorCaseOverrides:
    """An organ's changes to the default catalogue."""

    disabled: frozenset[str] = frozenset()
    added: tuple[MajorTrigger, ...] = ()
    flags: Mapping[str, tuple[str, str]] = field(default_factory=dict)


_TRIGGER_KEYS = (
    "statutory",
    "kinds_any",
    "flags_any",
    "flags_all",
    "hearing_held",
    "hearing_eligible",
    "fine_at_least",
)


def _flags(raw: object, where: str) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, dict):
        _data.fail(where, "应为映射", "must be a mapping")
    result: dict[str, tuple[str, str]] = {}
    for code, entry in raw.items():
        at = f"{where}.{code}"
        item = _data.mapping(entry, at, required=("zh", "en"))
        result[str(code)] = (
            _data.text(item["zh"], f"{at}.zh"),
            _data.text(item["en"], f"{at}.en"),
        )
    return result


def _trigger(
    raw: object,
    where: str,
    *,
    grounds: Mapping[str, object],
    flags: Mapping[str, object],
    allow_statutory: bool,
) -> MajorTrigger:
    item = _data.mapping(
        raw, where, required=("code", "ground", "zh", "en"), optional=_TRIGGER_KEYS
    )
    statutory = _data.boolean(item.get("statutory", False), f"{where}.statutory")
    if statutory and not allow_statutory:
        _data.fail(
            f"{where}.statutory",
            "机关增加的规则不能标为法定规则",
            "an organ's own trigger cannot be marked statutory",
        )
    kinds = set(kinds_catalogue().kinds)
    fine_at_least: dict[PartyKind, Decimal] | None = None
    if "fine_at_least" in item:
        amounts = _data.mapping(
            item["fine_at_least"],
            f"{where}.fine_at_least",
            required=("natural_person", "legal_person"),
        )
        fine_at_least = {
            p: _data.number(amounts[p.value], f"{where}.fine_at_least.{p.value}")
            for p in PartyKind
        }
    trigger = MajorTrigger(
        code=_data.text(item["code"], f"{where}.code"),
        zh=_data.text(item["zh"], f"{where}.zh"),
        en=_data.text(item["en"], f"{where}.en"),
        ground=_data.choice(item["ground"], f"{where}.ground", grounds),
        statutory=statutory,
        kinds_any=frozenset(
            _data.codes(item.get("kinds_any", []), f"{where}.kinds_any", allowed=kinds)
        ),
        flags_any=frozenset(
            _data.codes(item.get("flags_any", []), f"{where}.flags_any", allowed=flags)
        ),
        flags_all=frozenset(
            _data.codes(item.get("flags_all", []), f"{where}.flags_all", allowed=flags)
        ),
        hearing_held=(
            _data.boolean(item["hearing_held"], f"{where}.hearing_held")
            if "hearing_held" in item
            else None
        ),
        hearing_eligible=(
            _data.boolean(item["hearing_eligible"], f"{where}.hearing_eligible")
            if "hearing_eligible" in item
            else None
        ),
        fine_at_least=fine_at_least,
    )
    if not (
        trigger.kinds_any
        or trigger.flags_any
        or trigger.flags_all
        or trigger.hearing_held is not None
        or trigger.hearing_eligible is not None
        or trigger.fine_at_least is not None
    ):
        _data.fail(
            where, "规则至少需要一个条件", "a trigger needs at least one condition"
        )
    return trigger


def _load() -> MajorCaseCatalogue:
    path = _data.DATA_DIR / "major_cases.yaml"
    where = _data.where_of(path)
    raw = _data.mapping(
        _data.read_yaml(path),
        where,
        required=("since", "flags", "grounds", "triggers"),
    )
    _data.day(raw["since"], f"{where}.since")
    flags = _flags(raw["flags"], f"{where}.flags")
    grounds: dict[str, tuple[str, str, str]] = {}
    if not isinstance(raw["grounds"], dict):
        _data.fail(f"{where}.grounds", "应为映射", "must be a mapping")
    for code, entry in raw["grounds"].items():
        at = f"{where}.grounds.{code}"
        item = _data.mapping(entry, at, required=("zh", "en", "citation"))
        grounds[str(code)] = (
            _data.text(item["zh"], f"{at}.zh"),
            _data.text(item["en"], f"{at}.en"),
            _data.citation(item["citation"], f"{at}.citation"),
        )
    triggers: list[MajorTrigger] = []
    for index, entry in enumerate(_data.sequence(raw["triggers"], f"{where}.triggers")):
        trigger = _trigger(
            entry,
            f"{where}.triggers[{index}]",
            grounds=grounds,
            flags=flags,
            allow_statutory=True,
        )
        if any(t.code == trigger.code for t in triggers):
            _data.fail(
                f"{where}.triggers[{index}]",
                f"规则编码“{trigger.code}”重复",
                f"trigger code '{trigger.code}' repeated",
            )
        triggers.append(trigger)
    statutory_grounds = {t.ground for t in triggers if t.statutory}
    missing = {g for g in grounds if g != "catalogue"} - statutory_grounds
    if missing:
        _data.fail(
            f"{where}.triggers",
            f"第58条的情形缺少法定规则：{'、'.join(sorted(missing))}",
            f"statutory grounds without a statutory trigger: {', '.join(sorted(missing))}",
        )
    return MajorCaseCatalogue(flags=flags, grounds=grounds, triggers=tuple(triggers))


@functools.cache
def major_case_catalogue() -> MajorCaseCatalogue:
    return _load()


def parse_major_overrides(data: Mapping[str, Any] | None) -> MajorCaseOverrides:
    """An organ's overrides as stored by the application (JSON or YAML)::

        {"flags": {"foreign": {"zh": "涉外案件", "en": "foreign-related case"}},
         "disable": ["cross_region"],
         "add": [{"code": "foreign", "ground": "catalogue", "zh": "涉外案件",
                  "en": "foreign-related case", "flags_any": ["foreign"]}]}

    Raise ``RulesDataError`` for anything malformed, a disabled statutory trigger or an
    added code that already exists.
    """
    if data is None:
        return MajorCaseOverrides()
    where = "major_case_overrides"
    raw = _data.mapping(data, where, optional=("flags", "disable", "add"))
    catalogue = major_case_catalogue()
    own_flags = _flags(raw.get("flags", {}), f"{where}.flags")
    clash = set(own_flags) & set(catalogue.flags)
    if clash:
        _data.fail(
            f"{where}.flags",
            f"标记已存在：{'、'.join(sorted(clash))}",
            f"flags already defined: {', '.join(sorted(clash))}",
        )
    flags = {**catalogue.flags, **own_flags}
    known = {t.code: t for t in catalogue.triggers}
    disabled = _data.codes(raw.get("disable", []), f"{where}.disable", allowed=known)
    for code in disabled:
        if known[code].statutory:
            _data.fail(
                f"{where}.disable",
                f"“{code}”复述《行政处罚法》第58条，不能停用",
                f"'{code}' restates art. 58 and cannot be disabled",
            )
    added: list[MajorTrigger] = []
    for index, entry in enumerate(_data.sequence(raw.get("add", []), f"{where}.add")):
        trigger = _trigger(
            entry,
            f"{where}.add[{index}]",
            grounds=catalogue.grounds,
            flags=flags,
            allow_statutory=False,
        )
        if trigger.code in known or any(t.code == trigger.code for t in added):
            _data.fail(
                f"{where}.add[{index}]",
                f"规则编码“{trigger.code}”已存在",
                f"trigger code '{trigger.code}' already exists",
            )
        added.append(trigger)
    return MajorCaseOverrides(
        disabled=frozenset(disabled), added=tuple(added), flags=own_flags
    )


def is_major(
    case_facts: CaseFacts,
    overrides: MajorCaseOverrides | Mapping[str, Any] | None = None,
    *,
    on: dt.date | None = None,
) -> Decision:
    """Whether the case needs the legal review before the decision (第58条), with the
    statutory ground or catalogue item of each trigger that applies."""
    if on is not None and on < kinds_catalogue().since:
        raise RulesError(
            f"{on} 之前的《行政处罚法》版本不在语料库中",
            f"the Administrative Penalty Law before {kinds_catalogue().since} "
            "is not in the corpus",
            code="not_in_force",
        )
    if not isinstance(overrides, MajorCaseOverrides):
        overrides = parse_major_overrides(overrides)
    catalogue = major_case_catalogue()
    facts = CaseFacts(
        penalty_kinds=check_kinds(case_facts.penalty_kinds),
        fine_amount=yuan(case_facts.fine_amount, field="罚款数额 fine_amount"),
        party=party_kind(case_facts.party) if case_facts.party is not None else None,
        hearing_held=case_facts.hearing_held,
        hearing_eligible=case_facts.hearing_eligible,
        flags=frozenset(case_facts.flags),
    )
    unknown = facts.flags - set(catalogue.flags) - set(overrides.flags)
    if unknown:
        raise RulesError(
            f"未知的案件标记：{'、'.join(sorted(unknown))}",
            f"unknown case flags: {', '.join(sorted(unknown))}",
            code="unknown_case_flag",
        )
    triggers = [t for t in catalogue.triggers if t.code not in overrides.disabled]
    triggers.extend(overrides.added)
    reasons: list[Reason] = []
    for trigger in triggers:
        if trigger.matches(facts):
            ground_zh, ground_en, citation = catalogue.grounds[trigger.ground]
            reasons.append(
                Reason(
                    zh=f"{trigger.zh}（{ground_zh}）",
                    en=f"{trigger.en} ({ground_en})",
                    citation=citation,
                    code=f"major.{trigger.code}",
                    met=True,
                )
            )
    if reasons:
        return Decision(True, tuple(reasons))
    return Decision(
        False,
        (
            Reason(
                zh="不属于第58条规定应当法制审核的情形，也未列入本机关重大执法决定目录",
                en="none of the grounds of art. 58 applies and the case is not in "
                "the organ's catalogue of major decisions",
                citation=ARTICLE,
                code="major.none",
                met=False,
            ),
        ),
    )
