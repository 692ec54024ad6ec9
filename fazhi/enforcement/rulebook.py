"""The one place where the enforcement module asks the penalty rules (``fazhi.rules.enforcement``).

The statutory numbers — hearing thresholds (《行政处罚法》第63条), on-the-spot
limits (第51条), penalty kinds (第9条), the list of major cases (第58条) and
discretion benchmarks (第34条) — are dated data in ``fazhi.rules``; nothing
here holds a number. This module turns a case into the rules' facts (fen into
yuan, the organization's division into its province, the party kind), and their
answers into plain values the services store as JSON and the guards read. A rule
error (an unknown sector, no threshold configured…) becomes a ``DomainError``
with the rules' code, and nothing is changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from types import ModuleType
from typing import Any

from fazhi.core.errors import DomainError
from fazhi.rules.deadlines import add_months
from fazhi.rules.enforcement import benchmarks as _benchmarks
from fazhi.rules.enforcement import hearing as _hearing
from fazhi.rules.enforcement import kinds as _kinds
from fazhi.rules.enforcement import review as _review
from fazhi.rules.enforcement.outcome import fen_to_yuan
from fazhi.rules.errors import RulesError
from fazhi.rules.parameters import load_parameter

#: Party kinds of the case model → the two the statutes distinguish.
RULES_PARTY = {
    "natural_person": "natural_person",
    "legal_person": "legal_person",
    "other_organization": "legal_person",
}
GENERAL_SECTOR = "general"


@dataclass(frozen=True, slots=True)
class Reason:
    zh: str
    en: str
    citation: str = ""
    code: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "zh": self.zh,
            "en": self.en,
            "citation": self.citation,
            "code": self.code,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """Whether a rule applies (a major case, a hearing right…), with the reasons."""

    applies: bool
    reasons: tuple[Reason, ...] = ()

    def reasons_json(self) -> list[dict[str, str]]:
        return [reason.as_json() for reason in self.reasons]


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules need to know about a case (a plain value, no model)."""

    party_kind: str
    region_code: str
    sector: str = ""
    violation_code: str = ""
    kinds: tuple[str, ...] = ()
    fine_fen: int = 0
    confiscation_fen: int = 0
    circumstances: Mapping[str, Any] = field(default_factory=dict)
    hearing_held: bool = False
    hearing_eligible: bool = False

    @property
    def party(self) -> str:
        return RULES_PARTY[self.party_kind]

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(str(f) for f in self.circumstances.get("flags", ()))


@contextmanager
def _as_domain_errors() -> Iterator[None]:
    try:
        yield
    except RulesError as error:
        raise DomainError(error.zh, error.en, code=error.code) from error


def _reasons(decision: Any) -> tuple[Reason, ...]:
    return tuple(
        Reason(r.zh, r.en, r.citation, getattr(r, "code", ""))
        for r in getattr(decision, "reasons", ())
    )


def penalty_kinds() -> dict[str, tuple[str, str]]:
    """The penalty kinds of 第9条: code → (zh, en)."""
    return {k.code: (k.zh, k.en) for k in _kinds.penalty_kinds()}


def hearing(facts: Facts, *, on: dt.date) -> Finding:
    """Whether the proposed penalty gives the party the right to a hearing (第63条)."""
    with _as_domain_errors():
        decision = _hearing.hearing_required(
            penalty_kinds=facts.kinds,
            fine_amount=fen_to_yuan(facts.fine_fen),
            confiscation_value=fen_to_yuan(facts.confiscation_fen),
            province=facts.region_code,
            sector=facts.sector or GENERAL_SECTOR,
            party=facts.party,
            on=on,
            heavier=bool(facts.circumstances.get("heavier")),
            other_statutory=bool(facts.circumstances.get("hearing_by_other_law")),
            local_basis=bool(facts.circumstances.get("local_basis")),
        )
    return Finding(bool(decision.answer), _reasons(decision))


def on_the_spot_refusal(facts: Facts, *, on: dt.date) -> Reason | None:
    """Why the simplified procedure may not be used for this penalty (第51条), or None."""
    with _as_domain_errors():
        decision = _hearing.simplified_procedure_allowed(
            party=facts.party,
            penalty_kinds=facts.kinds,
            fine_amount=fen_to_yuan(facts.fine_fen),
            on=on,
            facts_conclusive=bool(facts.circumstances.get("facts_conclusive", True)),
            legal_basis=bool(facts.circumstances.get("legal_basis", True)),
        )
    if decision.answer:
        return None
    failed = decision.failed or decision.reasons
    return Reason(
        "；".join(r.zh for r in failed),
        "; ".join(r.en for r in failed),
        "；".join(dict.fromkeys(r.citation for r in failed if r.citation)),
        "on_spot_not_allowed",
    )


def major_overrides(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """An organization's adjustments (MajorCaseOverride rows) in the rules' form.

    ``exclude`` disables a default trigger by its code; ``include`` adds one whose
    ``condition`` holds the trigger's conditions (``flags_any``, ``kinds_any``,
    ``fine_at_least``…) and, under ``define_flags``, any flags of its own.
    """
    disable: list[str] = []
    add: list[dict[str, Any]] = []
    flags: dict[str, Any] = {}
    for row in rows:
        if row["effect"] == "exclude":
            disable.append(row["code"])
            continue
        condition = dict(row.get("condition") or {})
        flags.update(condition.pop("define_flags", {}) or {})
        add.append(
            {
                "code": row["code"],
                "ground": condition.pop("ground", "catalogue"),
                "zh": row["description"],
                "en": condition.pop("en", row["description"]),
                **condition,
            }
        )
    return {"flags": flags, "disable": disable, "add": add}


def major(facts: Facts, overrides: Mapping[str, Any], *, on: dt.date) -> Finding:
    """Whether the case is a major one that needs the legal review (第58条)."""
    with _as_domain_errors():
        decision = _review.is_major(
            _review.CaseFacts(
                penalty_kinds=frozenset(facts.kinds),
                fine_amount=fen_to_yuan(facts.fine_fen),
                party=facts.party,  # type: ignore[arg-type]
                hearing_held=facts.hearing_held,
                hearing_eligible=facts.hearing_eligible,
                flags=facts.flags,
            ),
            overrides,
            on=on,
        )
    return Finding(bool(decision.answer), _reasons(decision))


def _discretion() -> ModuleType | None:
    """The discretion benchmarks, once the rules provide them (integration point)."""
    try:
        return importlib.import_module("fazhi.rules.enforcement.discretion")
    except ImportError:
        return None


def _evaluate(facts: Facts, on: dt.date) -> Any:
    module = _discretion()
    if module is None or not facts.violation_code:
        return None
    with _as_domain_errors():
        return module.evaluate(facts.violation_code, _discretion_facts(facts), on=on)


_DISCRETION_KEYS = (
    "circumstances",
    "amounts",
    "age_at_act",
    "act_ended_on",
    "discovered_on",
)


def _discretion_facts(facts: Facts) -> dict[str, Any]:
    """The case facts the benchmarks read (``circumstances``, ``amounts``…); other
    keys of the case's facts (``flags`` for the major-case list…) are not theirs."""
    chosen = {
        k: facts.circumstances[k] for k in _DISCRETION_KEYS if k in facts.circumstances
    }
    return {"party": facts.party, **chosen}


def assess(facts: Facts, *, on: dt.date) -> dict[str, Any]:
    """The discretion assessment (裁量基准) as stored on the case; ``{}`` when the
    violation has no benchmark (or the benchmarks are not loaded)."""
    assessment = _evaluate(facts, on)
    if assessment is None:
        return {}
    as_dict = getattr(assessment, "as_dict", None)
    data: dict[str, Any] = as_dict() if callable(as_dict) else {}
    data.setdefault("non_penalty", bool(getattr(assessment, "non_penalty", False)))
    data.setdefault("reasons", [r.as_json() for r in _reasons(assessment)])
    data["on"] = on.isoformat()
    plain: dict[str, Any] = _plain(data)
    return plain


def deviation(
    facts: Facts, *, kinds: Sequence[str], fine_fen: int, on: dt.date
) -> dict[str, Any] | None:
    """How a proposal or decision departs from the benchmark, or None when it keeps within it."""
    return departure(benchmark(facts, on=on), kinds=kinds, fine_fen=fine_fen)


def benchmark(facts: Facts, *, on: dt.date) -> Any:
    """The benchmark's assessment of the facts on ``on`` (第34条), or None without one.

    It does not depend on the amount decided: a bulk import keeps it per
    violation, circumstances and day and compares each amount with
    :func:`departure`.
    """
    return _evaluate(facts, on)


def benchmark_key(facts: Facts) -> tuple[str, str, str] | None:
    """What :func:`benchmark` reads of the facts besides the day: the violation, the
    party and the facts the benchmarks read, as text; None when they have no JSON form."""
    circumstances = facts.circumstances
    if not any(k in circumstances for k in _DISCRETION_KEYS):
        return facts.violation_code, facts.party, ""
    try:
        situation = json.dumps(
            _discretion_facts(facts), sort_keys=True, ensure_ascii=False
        )
    except (TypeError, ValueError):
        return None
    return facts.violation_code, facts.party, situation


def departure_key(assessment: Any) -> Any:
    """What :func:`departure` reads of an assessment: all of it but its day.

    The comparison reads the kinds and ranges the benchmark found, never the day
    they were found for, so the assessments of many days share their answers.
    """
    if assessment is None:
        return None
    try:
        key = dataclasses.replace(assessment, on=dt.date.min)
        hash(key)
    except (TypeError, ValueError):
        return id(assessment)
    return key


def departure(
    assessment: Any, *, kinds: Sequence[str], fine_fen: int
) -> dict[str, Any] | None:
    """How ``kinds`` and ``fine_fen`` depart from an assessment of :func:`benchmark`."""
    module = _discretion()
    if assessment is None or module is None:
        return None
    with _as_domain_errors():
        found = module.check_decision(assessment, list(kinds), fen_to_yuan(fine_fen))
    if found is None:
        return None
    as_dict = getattr(found, "as_dict", None)
    if callable(as_dict):
        plain: dict[str, Any] = _plain(as_dict())
        return plain
    return {"zh": found.zh, "en": found.en, "citation": getattr(found, "citation", "")}


def _plain(value: Any) -> Any:
    """JSON-ready: Decimals and dates as strings, tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# --- publicity (执法公示) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicationPeriod:
    months: int
    basis: str

    def ends_on(self, published_on: dt.date) -> dt.date:
        """The day the period expires (民法典 第201、202条: day 0 not counted)."""
        return add_months(published_on, self.months)


def publication_period(
    *, kinds: Sequence[str], fine_fen: int, on: dt.date
) -> PublicationPeriod:
    """How long a published decision stays public (parameter
    ``penalty.publicity_period``; 《行政处罚法》第48条 sets no period, the
    default follows 《市场监督管理行政处罚信息公示规定》第13条): the short period
    when only the short kinds were imposed, or only a fine below the configured amount.
    """
    with _as_domain_errors():
        dated = load_parameter("penalty.publicity_period").at(on)
    value = dated.value
    short_kinds = set(value.get("short_kinds") or ())
    low_fine = value.get("short_fine_below_yuan")
    chosen = set(kinds)
    light = bool(chosen) and chosen <= short_kinds
    if (
        not light
        and low_fine is not None
        and chosen <= short_kinds | {"fine"}
        and "fine" in chosen
        and fen_to_yuan(fine_fen) < Decimal(str(low_fine))
    ):
        light = True
    months = int(value["short_months"] if light else value["months"])
    return PublicationPeriod(months, dated.reference)


@dataclass(frozen=True, slots=True)
class PublicTier:
    name: str
    when: str
    kinds: str
    fines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PublicBenchmark:
    """One violation of a published discretion benchmark (第34条: 应当向社会公布)."""

    code: str
    name: str
    sector: str
    province: str
    set_title: str
    note: str
    violation_basis: str
    penalty_basis: str
    tiers: tuple[PublicTier, ...]


def _fine_text(band: Any, low: Decimal, high: Decimal) -> str:
    if band.unit == "multiple":
        return f"{band.zh}：{low:g}倍至{high:g}倍"
    return f"{band.zh}：{low:,}元至{high:,}元"


def public_benchmarks(*, on: dt.date) -> list[PublicBenchmark]:
    """The discretion benchmarks in force on ``on``, in words, for the public page."""
    names = penalty_kinds()
    found: list[PublicBenchmark] = []
    with _as_domain_errors():
        sets = _benchmarks.bundled_benchmarks().sets
    for benchmark_set in sets:
        for entry in benchmark_set.entries:
            if entry.since > on or (entry.until is not None and entry.until < on):
                continue
            bands = {b.id: b for b in entry.fine.bands} if entry.fine else {}
            tiers = tuple(
                PublicTier(
                    name=tier.name_zh,
                    when=tier.zh,
                    kinds="、".join(
                        names.get(k, (k, k))[0] for k in sorted(tier.kinds)
                    ),
                    fines=tuple(
                        _fine_text(bands[band_id], low, high)
                        for band_id, (low, high) in (tier.fine or {}).items()
                        if band_id in bands
                    ),
                )
                for tier in entry.tiers
            )
            found.append(
                PublicBenchmark(
                    code=entry.code,
                    name=entry.name,
                    sector=entry.sector,
                    province=entry.province,
                    set_title=benchmark_set.title,
                    note=benchmark_set.note,
                    violation_basis=entry.violation_basis,
                    penalty_basis=entry.penalty_basis,
                    tiers=tiers,
                )
            )
    return found
