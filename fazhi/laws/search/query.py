"""Query understanding: from what a citizen or a clerk types to what the engine searches.

People write "行政处罚法 要求听证 几日内提出", "行政复议法第六十二条" or
"首违不罚"; the statutes say 听证, 第六十二条 and 初次违法. Before the engine
sees a query it is read here, without Django and without the index:

* an article reference (第十二条, 第12条, 第十条之一) becomes the article wanted;
* an instrument named in the query (its short title, without 中华人民共和国,
  a 民法典 part, or a common short name from ``vocabulary.yaml``) becomes the
  instrument wanted, and leaves the words to search;
* question words (怎么, 吗, 多久…) are dropped and split a term in two;
  fillers (我, 的, 可以…) are dropped at either end of a term;
* a word naming what is asked for (期限, 种类, 定义…) is an optional wish, and
  is split off the end of a term (起诉期限 → 起诉, the wish 期限, and 起诉期限
  verbatim as a bonus): the statute states the period without the word; its
  markers (日内, 分为…) are wishes too, and 定义 asks for "X是…";
* an everyday word (高空抛物) is searched as the statute's wording too.

The vocabulary is data (``vocabulary.yaml``), each entry with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from fazhi.laws.numerals import NUMERAL_CHARS, parse_numeral, to_numeral

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
#: 第十二条, 第12条, 第一百三十三条之一; a 款/项 after it narrows nothing here.
ARTICLE_REF = re.compile(
    rf"第([{NUMERAL_CHARS}]+)条(?:之([一二三四五六七八九十]+))?"
    rf"(?:第[{NUMERAL_CHARS}]+款)?(?:第[{NUMERAL_CHARS}]+项)?"
)
TOKENS = re.compile(r'"[^"]*"|“[^”]*”|\S+')
#: Punctuation a person types between words (，。？！、《》…): a space here.
SEPARATORS = re.compile(r"[^\w\"“”\-]+", re.UNICODE)
NATIONAL_PREFIX = "中华人民共和国"
#: The shortest name of an instrument recognised in a query (刑法, 宪法).
MIN_NAME = 2
MAX_NAME = 40


@dataclass(frozen=True)
class Term:
    """One required term and, for an everyday word, the statute's wording of it."""

    text: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understood:
    terms: tuple[Term, ...] = ()
    #: Optional words (期限, 种类…): they add to the score, no document needs them.
    soft: tuple[str, ...] = ()
    #: Statute markers of the optional words (期限 → 日内, 之日起), optional too.
    marks: tuple[str, ...] = ()
    #: The query asks what its terms mean (定义, 含义): "X是…", "X是指…" first.
    defines: bool = False
    #: Terms as typed before an optional word was split off (起诉期限): found
    #: verbatim, they still rank first.
    verbatim: tuple[str, ...] = ()
    #: "…" in the query: must occur verbatim.
    phrases: tuple[str, ...] = ()
    #: -词 in the query: must not occur.
    excluded: tuple[str, ...] = ()
    #: Short titles of the instruments named in the query.
    titles: tuple[str, ...] = ()
    #: The article asked for (第十二条, 第十条之一), or "".
    article: str = ""

    def highlighted(self) -> tuple[str, ...]:
        """What the snippets mark: every positive word of the query."""
        out: list[str] = []
        for term in self.terms:
            out.append(term.text)
            out += [w for alt in term.alternatives for w in alt.split()]
        return tuple(out + list(self.soft) + list(self.phrases))

    def words(self) -> list[str]:
        """The terms as typed (after understanding), for suggestions."""
        return [t.text for t in self.terms] + list(self.phrases)


@dataclass(frozen=True)
class Vocabulary:
    question_words: frozenset[str]
    filler_words: frozenset[str]
    facet_words: frozenset[str]
    #: facet word → statute markers searched with it (期限 → 日内, 之日起)
    facet_marks: dict[str, tuple[str, ...]]
    #: facet words that ask for a definition (定义, 含义)
    defining: frozenset[str]
    aliases: dict[str, str]
    colloquial: tuple[tuple[str, str], ...]  # longest first


def _entries(
    data: dict[str, Any], section: str, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    entries = data.get(section) or []
    for entry in entries:
        missing = [k for k in (*keys, "why") if not str(entry.get(k) or "").strip()]
        if missing:
            raise ValueError(
                f"{VOCABULARY.name}: {section} entry {entry!r} lacks {missing}"
            )
    return entries


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary file, checked: every entry has its words and its reason."""
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    facets = _entries(data, "facet_words", ("word",))
    colloquial = [
        (str(e["term"]), str(e["statute"]))
        for e in _entries(data, "colloquial", ("term", "statute"))
    ]
    return Vocabulary(
        question_words=frozenset(
            str(e["word"]) for e in _entries(data, "question_words", ("word",))
        ),
        filler_words=frozenset(
            str(e["word"]) for e in _entries(data, "filler_words", ("word",))
        ),
        facet_words=frozenset(str(e["word"]) for e in facets),
        facet_marks={
            str(e["word"]): tuple(str(m) for m in e.get("marks") or ()) for e in facets
        },
        defining=frozenset(str(e["word"]) for e in facets if e.get("defines")),
        aliases={
            str(e["alias"]): str(e["title"])
            for e in _entries(data, "aliases", ("alias", "title"))
        },
        colloquial=tuple(sorted(colloquial, key=lambda p: -len(p[0]))),
    )


_jieba: Any = None


def cut(text: str) -> list[str]:
    """jieba words in precise mode (行政处罚法 stays one word)."""
    global _jieba
    if _jieba is None:
        import rjieba

        _jieba = rjieba
    return list(_jieba.cut(text))


def article_label(number: str, suffix: str = "") -> str:
    """第12条 → 第十二条; 第十条之一 stays as it is."""
    label = f"第{to_numeral(parse_numeral(number))}条"
    return f"{label}之{suffix}" if suffix else label


class TitleNames:
    """The names under which the query may name an instrument."""

    def __init__(self, short_titles: Iterable[str]) -> None:
        names: dict[str, set[str]] = {}

        def add(name: str, title: str) -> None:
            name = name.replace(" ", "")
            if MIN_NAME <= len(name) <= MAX_NAME:
                names.setdefault(name, set()).add(title)

        titles = set(short_titles)
        for title in titles:
            add(title, title)
            if title.startswith(NATIONAL_PREFIX):
                add(title[len(NATIONAL_PREFIX) :], title)
            if " " in title:  # 民法典 合同编: 民法典 names every part
                add(title.split()[0], title)
        for alias, title in vocabulary().aliases.items():
            if title in titles:
                add(alias, title)
        self.names = {name: tuple(sorted(t)) for name, t in names.items()}
        self.longest = max((len(n) for n in self.names), default=0)

    def find(self, text: str) -> tuple[tuple[str, ...], str]:
        """The instruments named in ``text`` and the text without their names.

        A name counts only where it starts and ends on a word boundary of the
        query (公司法 is not named in 公司法定代表人)."""
        if not self.names:
            return (), text
        bounds = _boundaries(text)
        found: list[str] = []
        out: list[str] = []
        i = 0
        while i < len(text):
            hit = 0
            if i in bounds:
                for size in range(min(self.longest, len(text) - i), MIN_NAME - 1, -1):
                    if i + size in bounds and text[i : i + size] in self.names:
                        hit = size
                        break
            if hit:
                found += [t for t in self.names[text[i : i + hit]] if t not in found]
                out.append(" ")
                i += hit
            else:
                out.append(text[i])
                i += 1
        return tuple(found), "".join(out)


def _boundaries(text: str) -> set[int]:
    """Offsets where a jieba word of ``text`` starts or ends."""
    bounds = {0, len(text)}
    offset = 0
    for word in cut(text):
        offset += len(word)
        bounds.add(offset)
    return bounds


def understand(text: str, names: TitleNames | None = None) -> Understood:
    """Read a query: article, instruments, terms, optional words, phrases."""
    vocab = vocabulary()
    phrases: list[str] = []
    excluded: list[str] = []
    rest: list[str] = []
    for token in TOKENS.findall(text.lower()):
        if token.startswith("-") and len(token) > 1:
            excluded.append(token[1:].strip('"“”'))
        elif token[:1] in '"“' and len(token) > 2:
            phrases.append(token[1:-1])
        else:
            rest.append(token)
    plain = SEPARATORS.sub(" ", " ".join(rest)).replace('"', " ").replace("“", " ")
    plain = plain.replace("”", " ")

    article = ""
    reference = ARTICLE_REF.search(plain)
    if reference:
        try:
            article = article_label(reference.group(1), reference.group(2) or "")
        except ValueError:
            article = ""
        if article:
            plain = ARTICLE_REF.sub(" ", plain)

    titles: tuple[str, ...] = ()
    if names is not None:
        titles, plain = names.find(plain)

    terms: list[Term] = []
    soft: list[str] = []
    verbatim: list[str] = []
    for chunk in plain.split():
        for words in _split_at_questions(cut(chunk), vocab.question_words):
            words = _trim(words, vocab.filler_words)
            term = "".join(words)
            if not term:
                continue
            if term in vocab.facet_words:
                soft.append(term)
                continue
            alternatives = [
                term.replace(common, statute)
                for common, statute in vocab.colloquial
                if common in term
            ]
            if len(words) > 1 and words[-1] in vocab.facet_words:
                # 起诉期限: the article says 起诉 and 六个月内, seldom 期限
                facet = words[-1]
                soft.append(facet)
                verbatim.append(term)
                term = term[: -len(facet)]
                alternatives = [a.removesuffix(facet) for a in alternatives]
            terms.append(Term(term, tuple(alternatives)))
    soft = list(dict.fromkeys(soft))
    return Understood(
        terms=tuple(dict.fromkeys(terms)),
        soft=tuple(soft),
        marks=tuple(dict.fromkeys(m for w in soft for m in vocab.facet_marks[w])),
        defines=any(w in vocab.defining for w in soft),
        verbatim=tuple(verbatim),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        titles=titles,
        article=article,
    )


def _trim(words: list[str], fillers: frozenset[str]) -> list[str]:
    """The words without fillers at either end (我被…, …了)."""
    start, end = 0, len(words)
    while start < end and words[start] in fillers:
        start += 1
    while end > start and words[end - 1] in fillers:
        end -= 1
    return words[start:end]


def _split_at_questions(words: list[str], questions: frozenset[str]) -> list[list[str]]:
    """Runs of words between question words (a question word ends a term)."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word in questions:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(word)
    return [run for run in runs if run]
