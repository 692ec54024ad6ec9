"""Scoring the masking against labelled decisions (generated or hand-written).

A personal-information span counts as masked when replacements cover it: the whole
span for numbers and addresses, the given name for names (the surname stays by
design). A name is in the SPC form when its replacement starts with the surname
(or is 某某 for a minor). A kept span counts as kept when no replacement touches it.

The hand-written set (masking_handwritten.txt) marks spans inline:
``[[name:张三]]``, ``住河北省石家庄市长安区[[address:建设路12号]]``, ``[[org:…]]``;
a block starts with ``=== id title`` and may list the recorded parties as
``@party 张三`` lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.core.masking import MaskResult, Person, mask, masked_name
from fazhi.core.tests.data.masking_generator import (
    KEEP_KINDS,
    MASK_KINDS,
    Decision,
    Span,
)

HANDWRITTEN = Path(__file__).with_name("masking_handwritten.txt")
HELDOUT = Path(__file__).with_name("masking_heldout.txt")
_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")


def parse_marked(ident: str, marked: str, parties: Iterable[str] = ()) -> Decision:
    """A decision from text with ``[[kind:text]]`` marks."""
    out: list[str] = []
    spans: list[Span] = []
    length = 0
    pos = 0
    for m in _MARK.finditer(marked):
        plain = marked[pos : m.start()]
        out.append(plain)
        length += len(plain)
        kind, text = m.group(1), m.group(2)
        if kind not in MASK_KINDS and kind not in KEEP_KINDS:
            raise ValueError(f"{ident}: unknown kind {kind!r}")
        surname = ""
        if kind == "name":
            surname = masked_name(text)[:-1] if masked_name(text).endswith("某") else ""
        spans.append(Span(length, length + len(text), kind, text, surname))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    return Decision(ident, "".join(out), spans, [Person(name=p) for p in parties])


def load_handwritten(path: Path = HANDWRITTEN) -> list[Decision]:
    decisions: list[Decision] = []
    ident = ""
    parties: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        if ident:
            decisions.append(
                parse_marked(ident, "\n".join(lines).strip("\n") + "\n", parties)
            )

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            flush()
            ident = line[4:].split()[0]
            parties = []
            lines = []
        elif line.startswith("@party "):
            parties.append(line[7:].strip())
        elif line.startswith("#") and not ident:
            continue
        else:
            lines.append(line)
    flush()
    return decisions


@dataclass
class Score:
    """Counts over a set of decisions."""

    total: Counter[str] = field(default_factory=Counter)
    hit: Counter[str] = field(default_factory=Counter)
    spc_form: int = 0
    names: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    over: list[tuple[str, str, str]] = field(default_factory=list)
    chars: int = 0
    decisions: int = 0

    def recall(self, kind: str) -> float:
        return self.hit[kind] / self.total[kind] if self.total[kind] else 1.0

    def name_recall(self) -> float:
        total = self.total["name"] + self.total["minor"]
        return (self.hit["name"] + self.hit["minor"]) / total if total else 1.0

    def identifier_recall(self) -> float:
        kinds = ("id", "phone", "bank")
        total = sum(self.total[k] for k in kinds)
        return sum(self.hit[k] for k in kinds) / total if total else 1.0

    def kept(self, kind: str) -> float:
        return self.recall(kind)


def _covered(result: MaskResult, start: int, end: int) -> bool:
    covered = bytearray(end - start)
    for r in result.replacements:
        lo, hi = max(r.start, start), min(r.end, end)
        if lo < hi:
            covered[lo - start : hi - start] = b"\x01" * (hi - lo)
    return all(covered)


def _touched(result: MaskResult, start: int, end: int) -> bool:
    return any(r.start < end and r.end > start for r in result.replacements)


def score(decisions: Iterable[Decision], *, with_parties: bool) -> Score:
    s = Score()
    for d in decisions:
        result = mask(d.text, known_persons=d.parties if with_parties else ())
        s.chars += len(d.text)
        s.decisions += 1
        for span in d.spans:
            s.total[span.kind] += 1
            if span.keep:
                if not _touched(result, span.start, span.end):
                    s.hit[span.kind] += 1
                else:
                    s.over.append((d.ident, span.kind, span.text))
                continue
            start = span.start
            if (
                span.kind == "name"
                and span.surname
                and span.text.startswith(span.surname)
            ):
                start += len(span.surname)
            if start < span.end and _covered(result, start, span.end):
                s.hit[span.kind] += 1
                if span.kind in ("name", "minor"):
                    s.names += 1
                    replacement = next(
                        r.replacement
                        for r in result.replacements
                        if r.start <= start < r.end
                    )
                    expected = (
                        "某某" if span.kind == "minor" else masked_name(span.text)
                    )
                    if replacement.startswith(expected):
                        s.spc_form += 1
            else:
                s.misses.append((d.ident, span.kind, span.text))
    return s
