"""Query understanding: from what a citizen or a clerk types to what the engine searches.

People write "行政处罚法 要求听证 几日内提出", "行政复议法第六十二条" or
"首违不罚"; the statutes say 听证, 第六十二条 and 初次违法. Before the engine
sees a query it is read here, without Django and without the index:

* an article reference (第十二条, 第12条, 第十条之一) becomes the article wanted;
* an instrument named in the query (its short title, without 中华人民共和国,
  a 民法典 part, or a common short name from ``vocabulary.yaml``) becomes the
  instrument wanted, and leaves the words to search;
* numbers are read as statutes write them (15天 → 十五日, 200块 → 二百元,
  一周 → 七日, 14岁 → 十四周岁), and a Chinese number is also searched in Arabic digits
  (三十日 or 30日);
* a way of asking (多少天, 多少钱, 什么条件, 判几年) is dropped and becomes the
  wish for its facet (期限, 数额, 条件, 刑期), as if the word had been typed;
* question words (怎么, 吗, 能不能…) and fillers (我, 了, 可以…) are dropped and split
  a term in two, except the fillers joining a noun phrase (的); a single
  character the sentence leaves behind (坏了 → 坏) is no term;
* a word naming what is asked for (期限, 种类, 定义…) is an optional wish, and
  is split off the end of a term (起诉期限 → 起诉, the wish 期限, and 起诉期限
  verbatim as a bonus): the statute states the period without the word; its
  markers (日内, 分为…) are wishes too, and 定义 asks for "X是…";
* an everyday word (高空抛物) is searched as the statute's wording too (on
  word boundaries only: 酒驾 is not in 醉酒驾驶; every such word of a term
  replaced in one wording, the longest first);
* a crime name (…罪) or the wish 刑期 implies 刑法, a place (北京, 上海市) the
  local instruments whose titles begin with it, the subject of a national
  regulation, rule or judicial interpretation (彩票, 失业保险, 赌博) that
  instrument: their articles rank first;
  a facet asked for as a list (职责, 情形) puts "下列职责" first.

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
#: The place a local instrument's title begins with (北京市控制吸烟条例: 北京市,
#: 北京), recognised in a query; the shortest match, so 杭州市城市… gives 杭州.
PLACE = re.compile(r"^([\u4e00-\u9fff]{2,7}?)(省|市|自治区)")
#: A place counts when at least this many titles begin with it (人力资源市场…
#: and 城市市容… are one title each, not places).
MIN_PLACE_TITLES = 2
#: The subject of a judicial interpretation's title (关于审理食品药品纠纷案件…,
#: 关于办理赌博刑事案件…: 食品药品纠纷, 赌博).
INTERPRETED_SUBJECT = re.compile(r"关于(?:审理|办理)(.{2,24}?)(?:刑事|民事|行政)?案件")
#: A regulation's or rule's subject counts from this length (彩票, 物业) up to
#: this one; from SUBJECT_INSIDE on it also counts inside a longer word
#: (互联网上网服务营业场所 in a sentence jieba cuts otherwise).
SUBJECT_MIN = 2
SUBJECT_MAX = 12
SUBJECT_INSIDE = 4


@dataclass(frozen=True)
class Term:
    """One required term and, for an everyday word, the statute's wording of it."""

    text: str
    alternatives: tuple[str, ...] = ()
    #: Its numbers as newer statutes write them (三十日内 → 30日): either counts.
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understood:
    terms: tuple[Term, ...] = ()
    #: Optional words (期限, 种类…): they add to the score, no document needs them.
    soft: tuple[str, ...] = ()
    #: Statute markers of the optional words (期限 → 日内, 之日起), optional too.
    marks: tuple[str, ...] = ()
    #: Optional words implied by the way of asking (多少天 → 期限), not typed,
    #: and their markers: they weigh less than a word typed.
    asked: tuple[str, ...] = ()
    asked_marks: tuple[str, ...] = ()
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
    #: Instruments the query implies without naming them (a crime name: 刑法):
    #: their articles rank first, the others still match.
    implied: tuple[str, ...] = ()
    #: Optional words asked for as a list (职责, 情形): "下列职责" heads it.
    lists: tuple[str, ...] = ()
    #: The article asked for (第十二条, 第十条之一), or "".
    article: str = ""

    def highlighted(self) -> tuple[str, ...]:
        """What the snippets mark: every positive word of the query."""
        out: list[str] = []
        for term in self.terms:
            out.append(term.text)
            out += [w for alt in term.alternatives for w in alt.split()]
        return tuple(out + list(self.soft) + list(self.asked) + list(self.phrases))

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
    #: facet words whose article lists them: "负有下列职责", "有下列情形之一"
    listing: frozenset[str]
    #: how people ask for a facet (多少天 → 期限, 多少钱 → 数额), longest first
    asking: tuple[tuple[str, str], ...]
    #: fillers that join the words of a noun phrase (的): inside a term they stay
    joining: frozenset[str]
    #: the end of a word that implies an instrument (…罪 → 刑法)
    implying: tuple[tuple[str, str], ...]
    #: facet words that imply an instrument (刑期 → 刑法)
    facet_implies: dict[str, str]
    aliases: dict[str, str]
    colloquial: tuple[tuple[str, str], ...]  # longest first
    #: how the title of a regulation or rule ends after its subject (彩票管理条例:
    #: 管理条例), longest first
    title_endings: tuple[str, ...] = ()

    @property
    def asking_pairs(self) -> tuple[str, ...]:
        """The question words that ask "A or not A" (能不能, 是不是, 有没有):
        dropped before the sentence is cut, since jieba cuts 能不能要 into 能,
        不能, 要 and 不能 would be searched."""
        return tuple(
            sorted(
                (w for w in self.question_words if len(w) >= 3 and w[1] in "不没"),
                key=lambda w: -len(w),
            )
        )


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
    facet_names = {str(e["word"]) for e in facets}
    for entry in data.get("asking") or []:
        if str(entry.get("asks")) not in facet_names:
            raise ValueError(
                f"{VOCABULARY.name}: asking entry {entry!r} asks for "
                f"{entry.get('asks')!r}, which is not a facet word"
            )
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
        facet_implies={
            str(e["word"]): str(e["implies"]) for e in facets if e.get("implies")
        },
        listing=frozenset(str(e["word"]) for e in facets if e.get("lists")),
        asking=tuple(
            sorted(
                (
                    (str(e["phrase"]), str(e["asks"]))
                    for e in _entries(data, "asking", ("phrase", "asks"))
                ),
                key=lambda p: -len(p[0]),
            )
        ),
        joining=frozenset(
            str(e["word"])
            for e in _entries(data, "filler_words", ("word",))
            if e.get("joins")
        ),
        implying=tuple(
            (str(e["suffix"]), str(e["title"]))
            for e in _entries(data, "implied_instruments", ("suffix", "title"))
        ),
        aliases={
            str(e["alias"]): str(e["title"])
            for e in _entries(data, "aliases", ("alias", "title"))
        },
        colloquial=tuple(sorted(colloquial, key=lambda p: -len(p[0]))),
        title_endings=tuple(
            sorted(
                (
                    str(e["ending"])
                    for e in _entries(data, "title_endings", ("ending",))
                ),
                key=lambda e: -len(e),
            )
        ),
    )


_jieba: Any = None


def cut(text: str) -> list[str]:
    """jieba words in precise mode (行政处罚法 stays one word)."""
    return list(_rjieba().cut(text))


def cut_for_search(text: str) -> list[str]:
    """jieba words in search mode (失业保险金 → 失业 保险 失业保险 … 失业保险金)."""
    return list(_rjieba().cut_for_search(text))


def _rjieba() -> Any:
    global _jieba
    if _jieba is None:
        import rjieba

        _jieba = rjieba
    return _jieba


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
        self._titles = frozenset(titles)
        self.longest = max((len(n) for n in self.names), default=0)
        places: dict[str, set[str]] = {}
        for title in titles:
            match = PLACE.match(title)
            if match:
                for place in (match.group(1), match.group(1) + match.group(2)):
                    places.setdefault(place, set()).add(title)
        self.places = {
            place: tuple(sorted(t))
            for place, t in places.items()
            if len(t) >= MIN_PLACE_TITLES
        }
        self.subjects = _subjects(titles, self.places, vocabulary().title_endings)

    def titles(self) -> frozenset[str]:
        return self._titles

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


def _subjects(
    titles: Iterable[str], places: dict[str, tuple[str, ...]], endings: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """The subject of each national regulation, rule and judicial interpretation
    (彩票管理条例: 彩票; 关于办理赌博刑事案件…的解释: 赌博) → its titles. A
    subject a law is named after (价格 of 价格法, 广告 of 广告法) is the law's:
    it is left out, and so are local instruments (they need their place)."""
    titles = list(titles)
    laws = [t.removeprefix(NATIONAL_PREFIX) for t in titles if t.endswith("法")]
    endings = tuple(endings)
    found: dict[str, set[str]] = {}
    for title in titles:
        place = PLACE.match(title)
        if title.endswith("法") or " " in title or (place and place.group(1) in places):
            continue
        subject = ""
        interpreted = INTERPRETED_SUBJECT.search(title)
        if interpreted:
            subject = interpreted.group(1)
        else:
            rest = title.removeprefix("国务院关于")
            ending = next((e for e in endings if rest.endswith(e)), "")
            if ending:
                subject = rest[: -len(ending)].removesuffix("的")
        if (
            SUBJECT_MIN <= len(subject) <= SUBJECT_MAX
            and not subject.endswith("法")
            and not any(subject in law for law in laws)
        ):
            found.setdefault(subject, set()).add(title)
    return {subject: tuple(sorted(t)) for subject, t in found.items()}


def _subject_titles(terms: Iterable[Term], names: TitleNames) -> list[str]:
    """The instruments whose subject a term names (彩票店 → 彩票管理条例;
    失业金, read 失业保险金 → 失业保险条例): when a question names what a
    regulation governs, its articles come first, as a crime name's in 刑法."""
    out: list[str] = []
    for term in terms:
        for text in (term.text, *term.alternatives):
            words = set(cut_for_search(text)) | {text}
            for subject, titles in names.subjects.items():
                if subject in words or (
                    len(subject) >= SUBJECT_INSIDE and subject in text
                ):
                    out += titles
    return out


def _local(text: str, names: TitleNames) -> list[str]:
    """The local instruments of the places named in ``text`` (在北京的餐厅里抽烟:
    every 北京市… title): a question naming a city or a province asks for its
    local rules, whose articles say 本市, not 北京 — they rank first."""
    return [t for word in cut(text) for t in names.places.get(word, ())]


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
    plain = statute_numbers(" ".join(rest))
    plain = SEPARATORS.sub(" ", plain).replace('"', " ").replace("“", " ")
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

    soft: list[str] = []
    asked: list[str] = []
    for phrase, facet in vocab.asking:  # 多少天 → the wish 期限
        if phrase in plain:
            plain = plain.replace(phrase, " ")
            asked.append(facet)
    for word in vocab.asking_pairs:  # 能不能要 → 能, 不能, 要 to jieba: 不能 stayed
        plain = plain.replace(word, " ")

    titles: tuple[str, ...] = ()
    implied: list[str] = []
    if names is not None:
        titles, plain = names.find(plain)
        implied += _local(plain, names)

    terms: list[Term] = []
    verbatim: list[str] = []
    breaks = vocab.question_words | (vocab.filler_words - vocab.joining)
    if implied:  # the place is no word to search: the articles say 本市
        breaks |= frozenset(names.places if names is not None else ())
    for chunk in plain.split():
        for words in _split_at_questions(cut(chunk), breaks):
            words = _trim(words, vocab.filler_words)
            term = "".join(words)
            if not term:
                continue
            if term in vocab.facet_words:
                soft.append(term)
                continue
            implied += [
                title
                for suffix, title in vocab.implying
                if term.endswith(suffix) and len(term) > len(suffix) + 1
            ]
            alternatives = _colloquial(term, vocab.colloquial)
            if len(words) > 1 and words[-1] in vocab.facet_words:
                # 起诉期限: the article says 起诉 and 六个月内, seldom 期限
                facet = words[-1]
                soft.append(facet)
                verbatim.append(term)
                term = term[: -len(facet)]
                alternatives = [a.removesuffix(facet) for a in alternatives]
            terms.append(Term(term, tuple(alternatives), arabic_numbers(term)))
    terms = _without_stray_characters(terms)
    if names is not None:
        implied += _subject_titles(terms, names)
    soft = list(dict.fromkeys(soft))
    asked = [w for w in dict.fromkeys(asked) if w not in soft]
    wishes = soft + asked
    implied += [vocab.facet_implies[w] for w in wishes if w in vocab.facet_implies]
    known = set(names.titles()) if names is not None else None
    return Understood(
        terms=tuple(dict.fromkeys(terms)),
        soft=tuple(soft),
        marks=tuple(dict.fromkeys(m for w in soft for m in vocab.facet_marks[w])),
        asked=tuple(asked),
        asked_marks=tuple(
            dict.fromkeys(m for w in asked for m in vocab.facet_marks[w])
        ),
        defines=any(w in vocab.defining for w in wishes),
        lists=tuple(w for w in wishes if w in vocab.listing),
        verbatim=tuple(verbatim),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        titles=titles,
        implied=tuple(
            t
            for t in dict.fromkeys(implied)
            if t not in titles and (known is None or t in known)
        ),
        article=article,
    )


#: A number in Arabic digits and the unit after it (15天, 200元, 3个月, 20%).
ARABIC_AMOUNT = re.compile(
    r"(?<![\d.])(\d{1,4})\s*(%|天|日|个月|年|周岁|岁|元|块|倍|小时|万)"
)
#: A date as new statutes write it (2021年1月1日): left as it is.
ARABIC_DATE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)")
#: 十五天 → 十五日: statutes count periods in 日.
DAYS = re.compile(rf"([{NUMERAL_CHARS}]+)天")
#: 十四岁 → 十四周岁: statutes give ages in 周岁.
AGE = re.compile(rf"([{NUMERAL_CHARS}]+)岁")
#: 一周, 两个星期, 1周 → 七日, 十四日: statutes count weeks in 日.
WEEKS = re.compile(r"([一二两三四五六七八九十\d]{1,3})个?(?:周|星期|礼拜)(?!岁|年)")


#: A Chinese numeral before a unit (三十日, 二百元): newer statutes (GB/T 15835)
#: write it in Arabic digits (30日, 200元).
CHINESE_AMOUNT = re.compile(
    r"(?<![第百千万零〇一二两三四五六七八九十])"
    r"([一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*)"
    r"(个月|日|年|周岁|岁|元|倍|小时|万)"
)


def arabic_numbers(text: str) -> tuple[str, ...]:
    """三十日内 → (30日,), 二百元 → (200元,): the other way statutes write numbers."""
    out = []
    for match in CHINESE_AMOUNT.finditer(text):
        try:
            out.append(f"{parse_numeral(match.group(1))}{match.group(2)}")
        except ValueError:
            continue
    return tuple(out)


def statute_numbers(text: str) -> str:
    """Numbers as statutes write them: 15天 → 十五日, 200块 → 二百元,
    20% → 百分之二十, 一周 → 七日, 十四岁 → 十四周岁 (a year such as 2021年
    is left alone)."""

    def numeral(match: re.Match[str]) -> str:
        value, unit = int(match.group(1)), match.group(2)
        if value == 0 or (unit == "年" and value >= 100):
            return match.group(0)
        number = to_numeral(value)
        if unit == "%":
            return f"百分之{number}"
        return number + {"天": "日", "块": "元"}.get(unit, unit)

    def weeks(match: re.Match[str]) -> str:
        count = match.group(1)
        try:
            value = int(count) if count.isdigit() else parse_numeral(count)
        except ValueError:
            return match.group(0)
        return f"{to_numeral(value * 7)}日" if 0 < value <= 52 else match.group(0)

    parts = ARABIC_DATE.split(text)  # odd parts are dates
    for i in range(0, len(parts), 2):
        part = WEEKS.sub(weeks, parts[i])
        part = DAYS.sub(r"\1日", ARABIC_AMOUNT.sub(numeral, part))
        parts[i] = AGE.sub(r"\1周岁", part)
    return "".join(parts)


def _colloquial(term: str, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    """The term in the statute's wording: every everyday word in it that stands
    on word boundaries (酒驾 is not in 醉酒驾驶) replaced, the longest first
    (加班费, not 加班 + 费), in one wording (房东 and 押金 in the same term)."""
    found = [(c, s) for c, s in pairs if c in term]  # pairs: longest first
    if not found:
        return []
    bounds = _boundaries(term)
    taken: list[tuple[int, int, str]] = []
    for common, statute in found:
        at = term.find(common)
        while at >= 0:
            end = at + len(common)
            free = all(end <= a or at >= b for a, b, _ in taken)
            if free and at in bounds and end in bounds:
                taken.append((at, end, statute))
            at = term.find(common, end)
    if not taken:
        return []
    out, last = [], 0
    for at, end, statute in sorted(taken):
        out += [term[last:at], statute]
        last = end
    return ["".join(out) + term[last:]]


def _without_stray_characters(terms: list[Term]) -> list[Term]:
    """The terms without the single characters a sentence leaves behind (坏了,
    怎么算, 扣几分 → 坏, 算, 扣): statutes say 损毁, 计算, 记分, so a required
    one-character term only shuts out the article asked for. Kept when it is
    the only term, or when the vocabulary knows its statute wording (偷)."""
    kept = [t for t in terms if len(t.text) > 1 or t.alternatives or t.numbers]
    return kept if kept else terms


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
