"""Load and validate the detector data files under ``data/``.

The detectors are data: trigger patterns, exceptions, citations and both languages'
texts live in YAML (``data/detectors/*.yaml``, shared fragments in
``data/common.yaml``, validity limits in ``data/validity.yaml``). Everything is checked
when loaded (once per process, on first use) — unknown keys, ids, severities,
citations, every regular expression — so a broken file fails in the tests, never
quietly in front of a reviewer.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.rules.errors import RulesError
from fazhi.rules.parameters import Parameter, load_parameter

from .model import Citation, DetectorInfo, RuleInfo

__all__ = [
    "DATA_DIR",
    "Catalogue",
    "CompiledDetector",
    "CompiledRule",
    "PrereviewDataError",
    "ValiditySettings",
    "catalogue",
    "load_catalogue",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
ENGINE_VERSION = "1.0"
SEVERITIES = ("high", "medium", "low")
KINDS = ("patterns", "validity_too_long", "validity_missing")
ID = re.compile(r"^[a-z][a-z0-9_]*$")
MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")

_DETECTOR_KEYS = {
    "id",
    "kind",
    "order",
    "severity",
    "name",
    "summary",
    "citation",
    "see_also",
    "note",
    "general",
    "unless",
    "unless_before",
    "rules",
}
_RULE_KEYS = {
    "id",
    "zh",
    "en",
    "citation",
    "patterns",
    "requires",
    "unless",
    "unless_before",
    "negatable",
}
_CITATION_KEYS = {"text", "en", "corpus", "phrase"}
# libyaml's safe loader when built in (ten times faster: the catalogue loads at import).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PrereviewDataError(ValueError):
    """A detector data file is malformed; the message names the file and the place."""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    info: RuleInfo
    patterns: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]  # searched in the sentence up to the clause end
    unless_before: tuple[re.Pattern[str], ...]  # searched up to the end of the match
    negatable: bool


@dataclass(frozen=True, slots=True)
class CompiledDetector:
    info: DetectorInfo
    kind: str
    order: int
    rules: tuple[CompiledRule, ...]


@dataclass(frozen=True, slots=True)
class ValidityLimit:
    """The limits in force on a day (from the dated parameter)."""

    default_years: int
    provisional_years: int
    provisional_marker: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ValiditySettings:
    parameter: Parameter
    self_reference: re.Pattern[str]
    years: re.Pattern[str]
    until: re.Pattern[str]
    indefinite: re.Pattern[str]
    start: re.Pattern[str]
    commencement: re.Pattern[str]
    messages: dict[str, dict[str, str]]

    def limit_at(self, day: dt.date) -> ValidityLimit:
        """The limits in force on ``day`` (the earliest known ones before that)."""
        index = self.parameter.index_at(day.toordinal())
        return _limit(self.parameter.history[max(index, 0)].value, self.parameter.name)


def _limit(value: Any, where: str) -> ValidityLimit:
    data = _mapping(value, where)
    years = {}
    for key in ("max_years", "provisional_max_years"):
        number = data.get(key)
        if not isinstance(number, int) or number <= 0:
            raise _fail(f"{where}.{key}", "expected a positive integer")
        years[key] = number
    markers = data.get("provisional_markers")
    if not isinstance(markers, list) or not markers:
        raise _fail(f"{where}.provisional_markers", "expected a list of words")
    return ValidityLimit(
        default_years=years["max_years"],
        provisional_years=years["provisional_max_years"],
        provisional_marker=re.compile(
            "|".join(re.escape(_text(m, where)) for m in markers)
        ),
    )


@dataclass(frozen=True, slots=True)
class Catalogue:
    detectors: tuple[CompiledDetector, ...]
    validity: ValiditySettings
    negation: re.Pattern[str]
    negation_tail: re.Pattern[str]
    version: str

    def detector(self, detector_id: str) -> CompiledDetector:
        for d in self.detectors:
            if d.info.id == detector_id:
                return d
        raise KeyError(detector_id)


def _fail(where: str, message: str) -> PrereviewDataError:
    return PrereviewDataError(f"{where}: {message}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "expected a mapping")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected a non-empty string")
    return value.strip()


def _bilingual(value: Any, where: str) -> tuple[str, str]:
    data = _mapping(value, where)
    if set(data) != {"zh", "en"}:
        raise _fail(where, "expected exactly the keys zh and en")
    return _text(data["zh"], f"{where}.zh"), _text(data["en"], f"{where}.en")


def _expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 8:
        raise _fail(where, "macros nest too deeply (a cycle?)")

    def substitute(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise _fail(where, f"unknown macro {{{name}}}")
        return _expand(macros[name], macros, where, depth + 1)

    return MACRO.sub(substitute, pattern)


def _compile(pattern: Any, macros: dict[str, str], where: str) -> re.Pattern[str]:
    raw = _text(pattern, where)
    expanded = _expand(raw, macros, where)
    try:
        compiled = re.compile(expanded)
    except re.error as exc:
        raise _fail(where, f"invalid regular expression: {exc}") from exc
    if compiled.search(""):
        raise _fail(where, "the pattern matches the empty string")
    return compiled


def _patterns(
    value: Any, macros: dict[str, str], where: str, *, required: bool
) -> tuple[re.Pattern[str], ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise _fail(where, "expected a non-empty list of patterns")
    return tuple(_compile(p, macros, f"{where}[{i}]") for i, p in enumerate(value))


def _citation(value: Any, where: str) -> Citation:
    data = _mapping(value, where)
    unknown = set(data) - _CITATION_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    corpus = data.get("corpus")
    if corpus is not None and not isinstance(corpus, str):
        raise _fail(f"{where}.corpus", "expected a corpus path or null")
    phrase = data.get("phrase")
    if phrase is not None:
        phrase = _text(phrase, f"{where}.phrase")
    if corpus is not None and phrase is None:
        raise _fail(where, "a citation in the corpus needs a verbatim phrase")
    text = _text(data.get("text"), f"{where}.text")
    if phrase is not None and phrase not in text:
        raise _fail(where, "the phrase must be quoted in the citation text")
    if corpus is None and "不在法规语料库中" not in text:
        raise _fail(where, "a source outside the corpus must say so (不在法规语料库中)")
    return Citation(
        text=text, en=_text(data.get("en"), f"{where}.en"), corpus=corpus, phrase=phrase
    )


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
    except yaml.YAMLError as exc:
        raise _fail(path.name, f"not valid YAML: {exc}") from exc


def _detector(
    path: Path,
    macros: dict[str, str],
    notes: dict[str, tuple[str, str, Citation]],
) -> CompiledDetector:
    where = f"detectors/{path.name}"
    data = _mapping(_load_yaml(path), where)
    unknown = set(data) - _DETECTOR_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    detector_id = _text(data.get("id"), f"{where}.id")
    if not ID.match(detector_id) or path.stem != detector_id:
        raise _fail(where, "id must be snake_case and equal the file name")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(f"{where}.kind", f"expected one of {KINDS}")
    severity = data.get("severity")
    if severity not in SEVERITIES:
        raise _fail(f"{where}.severity", f"expected one of {SEVERITIES}")
    order = data.get("order")
    if not isinstance(order, int):
        raise _fail(f"{where}.order", "expected an integer")
    general = data.get("general", False)
    if not isinstance(general, bool):
        raise _fail(f"{where}.general", "expected true or false")
    name_zh, name_en = _bilingual(data.get("name"), f"{where}.name")
    summary_zh, summary_en = _bilingual(data.get("summary"), f"{where}.summary")
    citation = _citation(data.get("citation"), f"{where}.citation")
    see_also_raw = data.get("see_also") or []
    if not isinstance(see_also_raw, list):
        raise _fail(f"{where}.see_also", "expected a list")
    see_also = tuple(
        _citation(c, f"{where}.see_also[{i}]") for i, c in enumerate(see_also_raw)
    )
    note_zh = note_en = ""
    note = data.get("note")
    if note is not None:
        if note not in notes:
            raise _fail(f"{where}.note", f"unknown note {note!r} (see common.yaml)")
        note_zh, note_en, note_citation = notes[note]
        see_also += (note_citation,)
    shared_unless = _patterns(
        data.get("unless"), macros, f"{where}.unless", required=False
    )
    shared_before = _patterns(
        data.get("unless_before"), macros, f"{where}.unless_before", required=False
    )
    rules: list[CompiledRule] = []
    rule_infos: list[RuleInfo] = []
    raw_rules = data.get("rules")
    if kind == "patterns":
        if not isinstance(raw_rules, list) or not raw_rules:
            raise _fail(f"{where}.rules", "a pattern detector needs a list of rules")
    elif raw_rules is not None:
        raise _fail(f"{where}.rules", f"a {kind} detector takes no rules")
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules or []):
        rwhere = f"{where}.rules[{i}]"
        rule = _mapping(raw, rwhere)
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            raise _fail(rwhere, f"unknown keys {sorted(unknown)}")
        rule_id = _text(rule.get("id"), f"{rwhere}.id")
        if not ID.match(rule_id) or rule_id in seen:
            raise _fail(f"{rwhere}.id", "rule ids must be snake_case and unique")
        seen.add(rule_id)
        negatable = rule.get("negatable", True)
        if not isinstance(negatable, bool):
            raise _fail(f"{rwhere}.negatable", "expected true or false")
        rule_info = RuleInfo(
            id=f"{detector_id}.{rule_id}",
            zh=_text(rule.get("zh"), f"{rwhere}.zh"),
            en=_text(rule.get("en"), f"{rwhere}.en"),
            citation=(
                _citation(rule["citation"], f"{rwhere}.citation")
                if "citation" in rule
                else citation
            ),
        )
        rule_infos.append(rule_info)
        rules.append(
            CompiledRule(
                info=rule_info,
                patterns=_patterns(
                    rule.get("patterns"), macros, f"{rwhere}.patterns", required=True
                ),
                requires=_patterns(
                    rule.get("requires"), macros, f"{rwhere}.requires", required=False
                ),
                unless=shared_unless
                + _patterns(
                    rule.get("unless"), macros, f"{rwhere}.unless", required=False
                ),
                unless_before=shared_before
                + _patterns(
                    rule.get("unless_before"),
                    macros,
                    f"{rwhere}.unless_before",
                    required=False,
                ),
                negatable=negatable,
            )
        )
    info = DetectorInfo(
        id=detector_id,
        name_zh=name_zh,
        name_en=name_en,
        summary_zh=summary_zh,
        summary_en=summary_en,
        citation=citation,
        severity=severity,
        scope="document" if kind == "validity_missing" else "clause",
        see_also=see_also,
        note_zh=note_zh,
        note_en=note_en,
        general=general,
        rules=tuple(rule_infos),
    )
    return CompiledDetector(info=info, kind=kind, order=order, rules=tuple(rules))


def _validity(path: Path, macros: dict[str, str]) -> ValiditySettings:
    where = path.name
    data = _mapping(_load_yaml(path), where)
    name = _text(data.get("parameter"), f"{where}.parameter")
    try:
        parameter = load_parameter(name)
    except (RulesError, KeyError, OSError) as exc:
        raise _fail(
            f"{where}.parameter", f"no dated parameter {name!r}: {exc}"
        ) from exc
    for dated in parameter.history:  # every dated value must have the expected shape
        _limit(dated.value, f"{where}.parameter {name} ({dated.since})")
    patterns = _mapping(data.get("patterns"), f"{where}.patterns")
    compiled = {
        name: _compile(patterns.get(name), macros, f"{where}.patterns.{name}")
        for name in ("years", "until", "indefinite", "start", "commencement")
    }
    for name, groups in (("years", {"years"}), ("until", {"y", "m", "d"})):
        if not groups <= set(compiled[name].groupindex):
            raise _fail(
                f"{where}.patterns.{name}", f"needs the groups {sorted(groups)}"
            )
    if not {"y", "m", "d"} <= set(compiled["start"].groupindex):
        raise _fail(f"{where}.patterns.start", "needs the groups y, m, d")
    raw_messages = _mapping(data.get("messages"), f"{where}.messages")
    messages: dict[str, dict[str, str]] = {}
    for name in ("years", "until", "indefinite", "missing"):
        zh, en = _bilingual(raw_messages.get(name), f"{where}.messages.{name}")
        messages[name] = {"zh": zh, "en": en}
    for name in ("provisional", "ordinary"):
        zh, en = _bilingual(raw_messages.get(name), f"{where}.messages.{name}")
        messages[name] = {"zh": zh, "en": en}
    return ValiditySettings(
        parameter=parameter,
        self_reference=_compile(
            data.get("self_reference"), macros, f"{where}.self_reference"
        ),
        years=compiled["years"],
        until=compiled["until"],
        indefinite=compiled["indefinite"],
        start=compiled["start"],
        commencement=compiled["commencement"],
        messages=messages,
    )


def _fingerprint(data_dir: Path, paths: list[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode("utf-8"))
    for path in paths:
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read, validate and compile every data file (raises PrereviewDataError)."""
    common = _mapping(_load_yaml(data_dir / "common.yaml"), "common.yaml")
    raw_macros = _mapping(common.get("macros"), "common.yaml.macros")
    macros: dict[str, str] = {}
    for name, value in raw_macros.items():
        if not MACRO.fullmatch("{" + str(name) + "}"):
            raise _fail("common.yaml.macros", f"macro names are upper case: {name!r}")
        macros[name] = _text(value, f"common.yaml.macros.{name}")
    for name in macros:  # every macro must expand and compile on its own
        _compile(macros[name], macros, f"common.yaml.macros.{name}")
    notes: dict[str, tuple[str, str, Citation]] = {}
    for name, raw in _mapping(common.get("notes") or {}, "common.yaml.notes").items():
        note = _mapping(raw, f"common.yaml.notes.{name}")
        notes[name] = (
            _text(note.get("zh"), f"common.yaml.notes.{name}.zh"),
            _text(note.get("en"), f"common.yaml.notes.{name}.en"),
            _citation(note.get("citation"), f"common.yaml.notes.{name}.citation"),
        )
    paths = sorted((data_dir / "detectors").glob("*.yaml"))
    if not paths:
        raise _fail("detectors", "no detector files")
    detectors = sorted(
        (_detector(p, macros, notes) for p in paths), key=lambda d: d.order
    )
    kinds = [d.kind for d in detectors]
    for kind in ("validity_too_long", "validity_missing"):
        if kinds.count(kind) > 1:
            raise _fail("detectors", f"more than one {kind} detector")
    orders = [d.order for d in detectors]
    if len(set(orders)) != len(orders):
        raise _fail("detectors", "two detectors share an order")
    files = [data_dir / "common.yaml", data_dir / "validity.yaml", *paths]
    validity = _validity(data_dir / "validity.yaml", macros)
    fingerprint = _fingerprint(data_dir, files, repr(validity.parameter.history))
    return Catalogue(
        detectors=tuple(detectors),
        validity=validity,
        negation=_compile("{NEG}", macros, "common.yaml.macros.NEG"),
        negation_tail=_compile("{NEG_TAIL}", macros, "common.yaml.macros.NEG_TAIL"),
        version=f"{ENGINE_VERSION}+{fingerprint}",
    )


@functools.cache
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded once."""
    return load_catalogue()
