"""Run the detectors over a draft.

Per clause and per detector rule: find a trigger, then drop it when a word before it
forbids it (不得…, 严禁…, or a forbidding lead-in of an item list), when a required
context is missing, or when an exception applies (a higher-level provision is applied,
"依照《…法》第N条的规定处以罚款"). The catch-all detector (reduces rights / adds
obligations) is dropped on a clause another detector already flags. The validity
period is checked per clause (too long) and over the whole draft (missing).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from fazhi.laws.numerals import parse_numeral

from .catalogue import Catalogue, CompiledDetector, CompiledRule, catalogue
from .clauses import split_clauses
from .model import Clause, Finding, RuleInfo

__all__ = ["review"]

NEGATION_WINDOW = 30  # characters before a trigger searched for a forbidding word
CONDITION_END = re.compile(
    r"的[，,]"
)  # "对…的，" ends a condition: negation before it is not ours
TITLE = re.compile(r"《[^》]*》?")  # a quoted title: its words are a name, not content


def _in_title(clause: Clause, start: int) -> bool:
    return any(m.start() < start < m.end() for m in TITLE.finditer(clause.text))


def _negated(cat: Catalogue, clause: Clause, start: int) -> bool:
    if clause.forbidden_by_lead_in:
        return True
    window = clause.text[max(0, start - NEGATION_WINDOW) : start]
    cut = None
    for m in CONDITION_END.finditer(window):
        cut = m.end()
    if cut is not None:
        window = window[cut:]
    return bool(cat.negation.search(window) or cat.negation_tail.search(window))


def _finding(
    detector: CompiledDetector,
    rule: RuleInfo,
    clause: Clause,
    start: int,
    end: int,
    text: str,
    *,
    rule_zh: str | None = None,
    rule_en: str | None = None,
) -> Finding:
    info = detector.info
    return Finding(
        detector=info.id,
        rule_id=rule.id,
        clause=clause,
        evidence=text[start:end],
        evidence_start=start,
        evidence_end=end,
        severity=info.severity,
        citation=rule.citation,
        rule_zh=rule_zh or rule.zh,
        rule_en=rule_en or rule.en,
        name_zh=info.name_zh,
        name_en=info.name_en,
        note_zh=info.note_zh,
        note_en=info.note_en,
        see_also=info.see_also,
    )


def _match_rule(
    cat: Catalogue, rule: CompiledRule, clause: Clause, text: str
) -> tuple[int, int] | None:
    """Offsets (into ``text``) of the first trigger of ``rule`` that stands, if any."""
    for pattern in rule.patterns:
        for m in pattern.finditer(clause.text):
            if _in_title(clause, m.start()):
                continue
            if rule.negatable and _negated(cat, clause, m.start()):
                continue
            before = text[clause.sentence_start : clause.start + m.end()]
            if any(u.search(before) for u in rule.unless_before):
                continue
            # Checked only once a trigger stands: most clauses have none.
            if any(not r.search(clause.text) for r in rule.requires):
                return None
            context = text[clause.sentence_start : clause.end]
            if any(u.search(context) for u in rule.unless):
                return None
            return clause.start + m.start(), clause.start + m.end()
    return None


def _match_patterns(
    cat: Catalogue, detector: CompiledDetector, clause: Clause, text: str
) -> Finding | None:
    for rule in detector.rules:
        span = _match_rule(cat, rule, clause, text)
        if span is not None:
            return _finding(detector, rule.info, clause, *span, text)
    return None


# ------------------------------------------------------------------ validity period


def _today() -> dt.date:
    """The office's today (Django's time zone when set up, else China Standard Time)."""
    try:
        from django.utils import timezone

        return timezone.localdate()
    except Exception:  # Django not configured: the package is usable without it.
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


class _Validity:
    """Validity statements of one draft, evaluated against the limits in the data."""

    def __init__(
        self,
        cat: Catalogue,
        text: str,
        title: str,
        effective_on: dt.date | None,
    ) -> None:
        self.cat = cat
        self.settings = cat.validity
        self.text = text
        self.title = title
        start = self.settings.start.search(text)
        self.first_day = (_date(start) if start else None) or effective_on
        self.stated = False  # a validity statement was seen

    def _limit(self, clause: Clause, first: dt.date) -> tuple[int, str]:
        limit = self.settings.limit_at(first)
        marker = limit.provisional_marker
        if marker.search(self.title) or marker.search(clause.text):
            return limit.provisional_years, "provisional"
        return limit.default_years, "ordinary"

    def check(self, detector: CompiledDetector, clause: Clause) -> Finding | None:
        s = self.settings
        if not s.self_reference.search(clause.text):
            return None
        own_start = s.start.search(clause.text)
        first = (_date(own_start) if own_start else None) or self.first_day or _today()
        limit, kind = self._limit(clause, first)
        values = {
            "limit": str(limit),
            "kind_zh": s.messages[kind]["zh"],
            "kind_en": s.messages[kind]["en"],
        }
        m = s.indefinite.search(clause.text)
        if m:
            self.stated = True
            return self._report(detector, clause, m, "indefinite", values)
        m = s.years.search(clause.text)
        if m:
            self.stated = True
            try:
                years = parse_numeral(m.group("years"))
            except ValueError:
                return None
            if years > limit:
                values["years"] = str(years)
                return self._report(detector, clause, m, "years", values)
            return None
        for m in s.until.finditer(clause.text):
            end = _date(m)
            if end is None:
                continue
            self.stated = True
            if end > _add_years(first, limit):
                values["start"] = first.isoformat()
                values["end"] = end.isoformat()
                return self._report(detector, clause, m, "until", values)
            return None
        return None

    def _report(
        self,
        detector: CompiledDetector,
        clause: Clause,
        m: re.Match[str],
        message: str,
        values: dict[str, str],
    ) -> Finding:
        template = self.settings.messages[message]
        zh = template["zh"].format(**{**values, "kind": values["kind_zh"]})
        en = template["en"].format(**{**values, "kind": values["kind_en"]})
        info = RuleInfo(
            id=f"{detector.info.id}.{message}",
            zh=zh,
            en=en,
            citation=detector.info.citation,
        )
        return _finding(
            detector,
            info,
            clause,
            clause.start + m.start(),
            clause.start + m.end(),
            self.text,
        )

    def missing(
        self, detector: CompiledDetector, clauses: list[Clause]
    ) -> Finding | None:
        if self.stated or not clauses:
            return None
        anchor = clauses[-1]
        span = (anchor.start, anchor.end)
        for clause in reversed(clauses):
            m = self.settings.commencement.search(clause.text)
            if m:
                anchor = clause
                span = (clause.start + m.start(), clause.start + m.end())
                break
        template = self.settings.messages["missing"]
        info = RuleInfo(
            id=f"{detector.info.id}.missing",
            zh=template["zh"],
            en=template["en"],
            citation=detector.info.citation,
        )
        return _finding(detector, info, anchor, *span, self.text)


def _title(text: str, title: str) -> str:
    """The given title, else a first line that reads like one (for 暂行/试行)."""
    if title:
        return title
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) <= 60 and not re.search(r"[。；：:，]", line):
                return line
            break
    return ""


def review(
    text: str,
    *,
    title: str = "",
    whole_document: bool = True,
    effective_on: dt.date | None = None,
    detectors: Iterable[str] | None = None,
) -> list[Finding]:
    """Pre-review a draft normative document; findings in text order.

    ``title`` decides the provisional (暂行/试行) validity limit; ``whole_document``
    turns on the check that the draft states a validity period at all (off when a single
    clause or an excerpt is reviewed); ``effective_on`` is the planned first day in force
    when the text does not say it ("自印发之日起施行"), today if not given;
    ``detectors`` restricts the run to some detector ids.
    """
    cat = catalogue()
    wanted = set(detectors) if detectors is not None else None
    if wanted is not None:
        unknown = wanted - {d.info.id for d in cat.detectors}
        if unknown:
            raise ValueError(f"unknown detector ids: {sorted(unknown)}")
    active = [d for d in cat.detectors if wanted is None or d.info.id in wanted]
    clauses = split_clauses(text)
    validity = _Validity(cat, text, _title(text, title), effective_on)
    validity_too_long = next(
        (d for d in cat.detectors if d.kind == "validity_too_long"), None
    )
    findings: list[Finding] = []
    for clause in clauses:
        found: list[Finding] = []
        for detector in active:
            if detector.kind == "patterns":
                f = _match_patterns(cat, detector, clause, text)
            elif detector.kind == "validity_too_long":
                f = validity.check(detector, clause)
            else:
                continue
            if f is not None:
                found.append(f)
        if validity_too_long is not None and not any(
            d.kind == "validity_too_long" for d in active
        ):
            validity.check(validity_too_long, clause)  # still note a stated period
        if any(not cat.detector(f.detector).info.general for f in found):
            found = [f for f in found if not cat.detector(f.detector).info.general]
        findings.extend(found)
    if whole_document:
        for detector in active:
            if detector.kind == "validity_missing":
                f = validity.missing(detector, clauses)
                if f is not None:
                    findings.append(f)
    order = {d.info.id: d.order for d in cat.detectors}
    findings.sort(key=lambda f: (f.clause.start, order[f.detector]))
    return findings
