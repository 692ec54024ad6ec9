"""Split a draft into clauses: articles (第X条), paragraphs (款), items (（一）, 1.),
sentences (。！？) and clauses (；).

Detectors look at one clause at a time, so a finding points at the exact words the
reviewer must look at; the enclosing sentence is kept for exceptions that sit in an
earlier clause ("依照《…法》…的规定处理；情节严重的，吊销…"). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from fazhi.laws.numerals import NUMERAL_CHARS, parse_numeral

from .model import Clause

__all__ = ["split_clauses"]

_SPACE = " \t\u3000\r\n"
ARTICLE = re.compile(
    rf"^[ \t\u3000]*第([{NUMERAL_CHARS}]+)条(?:之[一二三四五六七八九十]+)?[ \t\u3000]*"
)
SECTION = re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]+)、")
# An item marker at the start of a line or right after 。：；
ITEM = re.compile(
    r"(?:^|(?<=[。：；:;]))[ \t\u3000]*([（(]([一二三四五六七八九十]+|[0-9]+)[）)]|([0-9]+)[.．、](?![0-9]))"  # noqa: RUF001
)
SENTENCE_END = "。！？!?"
CLAUSE_END = "；;"
# A lead-in that forbids what its items list ("不得含有下列内容：").
LEAD_IN_FORBIDS = re.compile(r"不得|禁止|严禁|不准|杜绝|不应|不能")
LEAD_IN_END = "：:"


@dataclass
class _State:
    article: int | None = None
    paragraph: int | None = None
    section: str = ""
    lead_forbids: bool = False  # the previous line was a forbidding lead-in


def _item_number(marker: str) -> str:
    digits = marker.strip("（()）.．、 ")  # noqa: RUF001
    try:
        return str(parse_numeral(digits))
    except ValueError:
        return digits


def _label(state: _State, item: str | None) -> str:
    if state.article is not None:
        label = f"第{state.article}条"
        if state.paragraph and state.paragraph > 1:
            label += f"第{state.paragraph}款"
        if item:
            label += f"第{_item_number(item)}项"
        return label
    label = state.section
    if item:
        label += item
    return label


def _sentences(
    text: str, base: int, state: _State, item: str | None, forbidden: bool
) -> list[Clause]:
    """Clauses of one segment, split at sentence and clause ends."""
    out: list[Clause] = []
    sentence_start = 0
    start = 0
    for i, char in enumerate(text):
        if char in SENTENCE_END or char in CLAUSE_END or i == len(text) - 1:
            end = i + 1
            raw = text[start:end]
            stripped = raw.strip(_SPACE)
            if stripped.strip(SENTENCE_END + CLAUSE_END + "，,、：: "):
                lead = len(raw) - len(raw.lstrip(_SPACE))
                s = base + start + lead
                out.append(
                    Clause(
                        text=stripped,
                        start=s,
                        end=s + len(stripped),
                        label=_label(state, item),
                        article=state.article,
                        paragraph=state.paragraph,
                        item=_item_number(item) if item else None,
                        sentence_start=base + sentence_start,
                        forbidden_by_lead_in=forbidden,
                    )
                )
            start = end
            if char in SENTENCE_END:
                sentence_start = end
    return out


def _segments(body: str) -> list[tuple[int, str | None]]:
    """(offset, item marker) of each item segment of a line body; the lead has None."""
    cuts: list[tuple[int, str | None]] = []
    for m in ITEM.finditer(body):
        cuts.append((m.start(1), m.group(1)))
    if not cuts or cuts[0][0] > 0:
        cuts.insert(0, (0, None))
    return cuts


def split_clauses(text: str) -> list[Clause]:
    """Every clause of ``text`` in order, with offsets into ``text``."""
    clauses: list[Clause] = []
    state = _State()
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        if not body.strip(_SPACE):
            continue
        offset = 0
        starts_with_item = False
        article = ARTICLE.match(body)
        if article:
            state.article = parse_numeral(article.group(1))
            state.paragraph = 1
            state.lead_forbids = False
            offset = article.end()
        else:
            section = SECTION.match(body) if state.article is None else None
            if section:
                state.section = section.group(1) + "、"
                state.lead_forbids = False
                offset = section.end()
            elif state.article is not None:
                starts_with_item = bool(ITEM.match(body))
                if not starts_with_item:
                    state.paragraph = (state.paragraph or 1) + 1
            else:
                starts_with_item = bool(ITEM.match(body))
        rest = body[offset:]
        segments = _segments(rest)
        inherited = state.lead_forbids if starts_with_item else False
        forbidden_inline = False
        for index, (seg_start, marker) in enumerate(segments):
            seg_end = segments[index + 1][0] if index + 1 < len(segments) else len(rest)
            segment = rest[seg_start:seg_end]
            if marker is not None:
                segment = (
                    segment[len(marker) :] if segment.startswith(marker) else segment
                )
                shift = rest.find(marker, seg_start) + len(marker) - seg_start
            else:
                shift = 0
            forbidden = inherited or (forbidden_inline and marker is not None)
            clauses.extend(
                _sentences(
                    rest[seg_start + shift : seg_end],
                    line_start + offset + seg_start + shift,
                    state,
                    marker,
                    forbidden,
                )
            )
            if marker is None:
                tail = segment.rstrip(_SPACE)
                if tail[-1:] in tuple(LEAD_IN_END) and LEAD_IN_FORBIDS.search(tail):
                    forbidden_inline = True
        # A forbidding lead-in at the end of this line governs the item lines below it.
        last = body.rstrip(_SPACE)
        if last[-1:] in tuple(LEAD_IN_END) and LEAD_IN_FORBIDS.search(last):
            state.lead_forbids = True
        elif not starts_with_item:
            state.lead_forbids = False
    return _number_first_paragraphs(clauses)


def _number_first_paragraphs(clauses: list[Clause]) -> list[Clause]:
    """Write 第1款 in the labels of articles that have more than one paragraph."""
    multi = {
        c.article for c in clauses if c.article is not None and (c.paragraph or 1) > 1
    }
    out = []
    for c in clauses:
        if c.article in multi and c.paragraph == 1:
            label = f"第{c.article}条第1款" + c.label[len(f"第{c.article}条") :]
            c = replace(c, label=label)
        out.append(c)
    return out
