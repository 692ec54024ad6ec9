"""What the pre-review returns: clauses, findings and the detector catalogue.

Pure data (no Django models): findings are advice to the reviewer, who records a
disposition for each; the normdocs services store them with ``Finding.as_dict()``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def pick(zh: str, en: str) -> str:
    """The text for the active Django language (zh-Hans when Django is not set up)."""
    try:
        from django.utils.translation import get_language

        language = get_language() or ""
    except Exception:  # Django not configured: the package is usable without it.
        language = ""
    return en if language.lower().startswith("en") else zh


@dataclass(frozen=True, slots=True)
class Citation:
    """A provision the finding rests on, in the citation form of statutory-rules.md."""

    text: str  # 《行政处罚法》(2021-01-22) 第16条 “…”
    en: str  # Administrative Penalty Law (2021-01-22), Art. 16
    corpus: str | None = None  # path inside the law corpus; None when not in it
    phrase: str | None = None  # a verbatim phrase of the cited provision

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "en": self.en, "corpus": self.corpus}


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence or clause of the draft, with its place in the text.

    ``start``/``end`` are character offsets into the reviewed text (``text[start:end]``
    is ``self.text``); ``label`` is "第10条第2款第3项" for a numbered draft, the
    section marker ("二、（一）") for a notice, or "".
    """

    text: str
    start: int
    end: int
    label: str = ""
    article: int | None = None
    paragraph: int | None = None
    item: str | None = None
    # Where the enclosing sentence starts: exceptions (a cited higher law) may sit in
    # an earlier clause of the same sentence.
    sentence_start: int = 0
    # The clause is an item under a lead-in that forbids ("不得含有下列内容：").
    forbidden_by_lead_in: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
        }


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str  # "<detector>.<rule>"
    zh: str
    en: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class DetectorInfo:
    """One entry of the catalogue the UI lists (``DETECTORS``)."""

    id: str
    name_zh: str
    name_en: str
    summary_zh: str
    summary_en: str
    citation: Citation
    severity: str  # "high" | "medium"
    scope: str  # "clause" | "document"
    see_also: tuple[Citation, ...] = ()
    note_zh: str = ""
    note_en: str = ""
    general: bool = False  # catch-all: dropped where another detector flags the clause
    rules: tuple[RuleInfo, ...] = ()

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def summary(self) -> str:
        return pick(self.summary_zh, self.summary_en)


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged clause: which detector, which rule, where, and why."""

    detector: str
    rule_id: str
    clause: Clause
    evidence: str  # the matched words
    evidence_start: int  # offsets into the reviewed text
    evidence_end: int
    severity: str
    citation: Citation
    rule_zh: str
    rule_en: str
    name_zh: str
    name_en: str
    note_zh: str = ""
    note_en: str = ""
    see_also: tuple[Citation, ...] = field(default=())

    @property
    def key(self) -> str:
        """Stable across re-runs of an unchanged clause, so a disposition can follow it."""
        raw = f"{self.detector}\x1f{self.rule_id}\x1f{self.clause.text}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def rule(self) -> str:
        return pick(self.rule_zh, self.rule_en)

    @property
    def note(self) -> str:
        return pick(self.note_zh, self.note_en)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage next to the reviewer's disposition."""
        return {
            "key": self.key,
            "detector": self.detector,
            "rule_id": self.rule_id,
            "severity": self.severity,
            "name": {"zh": self.name_zh, "en": self.name_en},
            "rule": {"zh": self.rule_zh, "en": self.rule_en},
            "note": {"zh": self.note_zh, "en": self.note_en},
            "citation": self.citation.as_dict(),
            "see_also": [c.as_dict() for c in self.see_also],
            "clause": self.clause.as_dict(),
            "evidence": {
                "text": self.evidence,
                "start": self.evidence_start,
                "end": self.evidence_end,
            },
        }
