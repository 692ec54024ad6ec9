"""The embedded search engine: a tantivy index on local disk.

Chinese has no spaces, so text is indexed several ways: as words cut by jieba
(``words``/``title_words``/``lead_words`` — the article, its instrument's
title, the article's first sentence — pre-tokenized, the main ranking signal);
as the sequence of its bigrams with positions (``grams``; 行政复议 → 行政 政复
复议), so a phrase query finds a term verbatim even inside other words, and
exact phrases ("…") and exclusions (-词) too; as loose bigrams (``heading``;
``title`` for suggestions, and phrases in titles); and as single characters
(``chars``) for one-character queries. The text itself is not searched; the
snippets are cut from the database's copy (or ``body``, stored when the backend
has no ``texts`` loader). Dates are YYYYMMDD integers in fast fields so
``as_of`` is two range filters. A static prior per document (legal rank, and
whether the instrument implements or interprets another one) multiplies the
score. The query is first read by
:mod:`fazhi.laws.search.query` (instrument named, 第N条, question words,
everyday words). See docs/laws.md for the measurements behind each weight.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import heapq
import html
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sized
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from fazhi.laws.numerals import NUMERAL_CHARS
from fazhi.laws.search.base import (
    Hit,
    IndexDocument,
    SearchQuery,
    SearchResults,
)
from fazhi.laws.search.query import Term, TitleNames, Understood, understand

BIGRAM = "zh_bigram"
UNIGRAM = "zh_char"
OPEN_END = 99991231
#: Ranking weights, tuned against bench/queries.yaml (see docs/laws.md).
WORD_BOOST = 1.0
TITLE_WORD_BOOST = 3.0
TITLE_BOOST = 0.0
HEADING_BOOST = 0.6
#: The heading's bigrams add to a term found in the article; alone they do not
#: make a match (a bigram of the term in the chapter title is too little).
HEADING_ONLY_ADDS = True
PHRASE_BOOST = 1.5
#: The words of the article's first sentence (see lead()).
LEAD_BOOST = 1.5
#: A word inside another word of the same term (行政 in 行政复议) is left out
#: of the query when more than this share of the documents has it: it costs
#: the most (the longest posting lists) and tells the least (measured: no
#: change in ranking, a fifth less engine time).
SUBWORD_DF_SHARE = 1 / 16
SUBWORD_DF_MIN = 1000
#: A word in more than this share of the documents (的, 和, 应当) is left out of
#: a term of several words: it adds next to nothing to the score (idf < 0.7)
#: and made the term match almost every document, so every one was scored
#: (measured on the real corpus: the same first hit for 153 of the 156 queries
#: of bench/queries.yaml and the same judged ranks, p95 6.3 → 3.5 ms of CPU).
COMMON_WORD_SHARE = 0.5
COMMON_WORD_MIN = 1000
#: The same share caps any word matched in the instrument titles (every article
#: of the 行政… laws has 行政) and, a quarter of it, a bigram matched in the
#: heading path (第一, 总则): common ones are not searched there.
HEADING_DF_FACTOR = 0.25
#: The verbatim-term bonus is a phrase of consecutive bigrams ("grams": few
#: postings, fast; the only field that keeps positions).
RANK_EXPONENT = 3.0
#: tantivy multiplies a score by log2(2 + weight): a prior p in [floor, 1] is
#: stored as 2 ** (p / floor) - 2 so that the multiplier is proportional to p.
PRIOR_FLOOR = 0.01  # 2 ** 100 still fits a 32-bit float
#: An implementing or interpreting instrument (and every judicial
#: interpretation) after the law it serves. 0.3 put a judicial interpretation
#: (rank 7: 0.343 × 0.3) seven times below a law with the same words; 0.6 and
#: 0.8 keep every read group as it was, 1.0 lost a tuning query (docs/laws.md,
#: "Group 6"). Stored in the index: a change needs a reindex.
DERIVED_FACTOR = 0.6
#: A paragraph outside any article (preamble, an amendment's 说明) after articles.
PARAGRAPH_FACTOR = 0.5
#: Whether a document must contain every term (else: most terms rank first).
MATCH_ALL_TERMS = True
#: From this many terms on, a document may miss one of them (people add words
#: the law does not use: 定义, 种类); one that has them all scores far higher.
MAY_MISS_ONE_FROM = 3
#: ...but when this many documents have every term, they are the answer (on
#: every page, so the total stays the same): a document missing a term seldom
#: outranks them (it scores 1/(n-1) of its sum), and the conjunction costs far
#: less than "n - 1 of n" (measured: same ranking, a sixth less time). 3
#: rather than 10 since sentences are split into more terms (same ranking on
#: every judged group, p95 12.7 instead of 15.6 ms CPU at load ≈ 8).
EVERY_TERM_FIRST = 3
#: An optional word of the query (期限, 种类…, see query.py) when the document has
#: it: counted twice, like a word typed, but no document needs it.
SOFT_BOOST = 2.0
#: A wish's statute marker made of very common words (元以上) is found verbatim
#: (a phrase of bigrams), not as a term's words: 以上 is in one article of
#: seven and its postings tripled the query time.
MARK_AS_PHRASE = True
MARK_PHRASE_BOOST = 3.0
#: ...when one of its words is in more than this many times SUBWORD_DF_SHARE
#: of the documents (以上: 1/7); 以下 and 下列 (1/10) still count as words
#: (at 1 ×, 具备下列 as a phrase lost a judged query).
MARK_DF_FACTOR = 2.0
#: The same wish implied by the way of asking (多少天 → 期限), not typed.
ASKED_BOOST = 0.5
#: A query asking what its words mean (定义): the article saying "X是…" or
#: "本法所称X" first (the way statutes define).
DEFINITION_PATTERNS = ("{term}是", "所称{term}")
DEFINITION_BOOST = 2.0
#: A facet asked for as a list (职责, 情形): the article heading the list
#: ("负有下列职责：", "有下列情形之一的") first — statutes list in one article.
LIST_PATTERN = "下列{word}"
LIST_BOOST = 2.0
#: An instrument the query implies (a crime name: 刑法; a place: its local
#: rules; a regulation's subject: 彩票 → 彩票管理条例) without naming it: its
#: matching articles first, but the others still match. (An additive 10, about
#: one term's score, left the 刑法 article second; 1000, which put every
#: matching article of the regulation before a law's article that answers
#: better — 物业费 in 民法典 — lost two read queries; 50 loses none.)
IMPLIED_SCORE = 50.0
#: When nothing of the instrument named in the query matches, the same words in
#: other instruments, the named one (and article) still first.
NAMED_BOOST = 1000.0
#: Snippet length in characters, and the context kept before the first mark.
SNIPPET_CHARS = 120
SNIPPET_LEAD = 12
#: Titles of instruments that implement or interpret another one (实施条例、
#: 司法解释…): when the query does not ask for them, the base law comes first.
#: Not 规定, 办法, 意见, 关于 or 若干: most rules so named (机动车登记规定,
#: 禁止使用童工规定) implement nothing, and the penalty buried them under any law
#: with the same words (docs/laws.md, "Group 5").
DERIVED_MARKS = ("实施", "细则", "解释", "修正案", "修改")
#: Queries built per distinct term: a term's query depends on the term alone, and
#: the same terms (罚款, 行政复议…) come back in search after search.
TERM_CACHE_SIZE = 4096
PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def day_number(day: dt.date | None, default: int = 0) -> int:
    return day.year * 10000 + day.month * 100 + day.day if day else default


def number_day(value: int) -> dt.date | None:
    if not value or value >= OPEN_END:
        return None if not value else dt.date(9999, 12, 31)
    return dt.date(value // 10000, value // 100 % 100, value % 100)


def bigrams(text: str) -> list[str]:
    """Distinct bigrams of each run of letters (punctuation separates runs)."""
    seen: dict[str, None] = {}
    for run in PUNCTUATION.split(text.lower()):
        if len(run) == 1:
            continue
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2], None)
    return list(seen)


def gram_sequence(text: str) -> list[str]:
    """Every bigram in order (repeats kept), runs separated by punctuation."""
    out: list[str] = []
    for run in PUNCTUATION.split(text.lower()):
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    return out


_jieba: Any = None


def words(text: str) -> list[str]:
    """jieba words (search mode: 行政复议 → 行政 复议 行政复议), punctuation dropped."""
    global _jieba
    if _jieba is None:
        import rjieba

        _jieba = rjieba
    return [w for w in _jieba.cut_for_search(text.lower()) if not PUNCTUATION.match(w)]


NUMERAL = re.compile(rf"^[{NUMERAL_CHARS}]")


def query_words(term: str) -> list[str]:
    """The jieba words of a query term, without the tail of a number: 十五日
    gives 十五 and 十五日, not 五日 (another period of time)."""
    found = list(dict.fromkeys(words(term)))
    numbers = [w for w in found if len(w) > 1 and NUMERAL.match(w)]
    return [
        w
        for w in found
        if not (
            NUMERAL.match(w)
            and any(w != n and w in n and not n.startswith(w) for n in numbers)
        )
    ]


LEAD_END = re.compile(r"[。：:；;\n]")


def lead(text: str) -> str:
    """An article's first sentence, where statutes state the rule (the rest are
    its list items, exceptions and procedure)."""
    for sentence in LEAD_END.split(text):
        if sentence.strip():
            return sentence
    return ""


def is_derived(title: str) -> bool:
    return any(mark in title for mark in DERIVED_MARKS)


#: What the index keeps of each searched text field (tantivy's IndexRecordOption):
#: positions only where a phrase query reads them (``grams``), term
#: frequencies where BM25 scores the field. With the texts left to the database
#: and the keys and addresses not indexed, the real corpus's index went from
#: 205 to 100 MB (same hits, scores and totals on every query of
#: bench/queries.yaml).
SCORED = "freq"
PHRASED = "position"
#: The article text is not searched (its bigrams are in ``grams``); the snippets
#: are cut from it. With a ``texts`` loader (the database, which holds every
#: text anyway: a sixth of the index) the index keeps none; without one it is
#: stored as GB18030 bytes, two bytes a Chinese character instead of UTF-8's
#: three.
BODY_ENCODING = "gb18030"
#: Memory of the index writer (a budget, not allocated at once): an import's
#: few instruments, and a whole rebuild — which with 128 MB flushed six
#: segments of the real corpus instead of two, and every search paid for them
#: (measured: 1 ms of CPU at the median, a fifth of a search).
WRITER_HEAP = 128_000_000
REBUILD_HEAP = 1_000_000_000
#: The texts of index documents by key, read where the index does not keep them.
TextLoader = Callable[[list[str]], Mapping[str, str]]
#: An index of more documents than this is split into shards, one per core (at
#: most), searched at once: tantivy searches the segments of one index one
#: after the other, and every match of a common query is scored, so at 30× the
#: corpus one core set the time (measured: p95 84 ms on one index). Each shard
#: keeps its own word statistics; with a million documents and more in each,
#: a word's weight differs between them in the last digits only. Below it (the
#: whole national corpus is 155,000 documents) one index, exactly as before.
SHARD_DOCUMENTS = 1_000_000
#: Shards beyond the first live in these subfolders of the index folder.
SHARD_FOLDER = "shard-{}"


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    # read back, never searched: not indexed (each is a term of its own)
    sb.add_bytes_field("key", stored=True)
    sb.add_bytes_field("url", stored=True)
    sb.add_text_field("doc_type", stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("version_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("instrument_id", stored=True, indexed=True, fast=True)
    sb.add_text_field("title", stored=True, tokenizer_name=BIGRAM, index_option=SCORED)
    sb.add_text_field("short_title", stored=True, tokenizer_name="raw")
    sb.add_bytes_field("body", stored=True)
    for name in ("words", "title_words", "lead_words"):
        sb.add_text_field(name, tokenizer_name="whitespace", index_option=SCORED)
    sb.add_text_field("grams", tokenizer_name="whitespace", index_option=PHRASED)
    sb.add_text_field("chars", tokenizer_name=UNIGRAM, index_option=SCORED)
    sb.add_text_field("heading", tokenizer_name=BIGRAM, index_option=SCORED)
    sb.add_text_field("article", stored=True, tokenizer_name="raw")
    for name in ("kind", "issuing_body", "region"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    for name in ("promulgated", "effective", "ends"):
        sb.add_integer_field(name, stored=True, indexed=True, fast=True)
    sb.add_float_field("weight", stored=False, indexed=False, fast=True)
    sb.add_float_field("weight_plain", stored=False, indexed=False, fast=True)
    return sb.build()


def _register(index: tantivy.Index) -> None:
    index.register_tokenizer(
        BIGRAM,
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False))
        .filter(tantivy.Filter.lowercase())
        .build(),
    )
    index.register_tokenizer(
        UNIGRAM,
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"[^\s\p{P}]"))
        .filter(tantivy.Filter.lowercase())
        .build(),
    )


def _weight(doc: IndexDocument, *, derived_penalty: bool) -> float:
    """Legal rank as a multiplier: the constitution and laws before rules; an
    implementing or interpreting instrument after the law it serves."""
    weight = float((doc.rank / 10.0) ** RANK_EXPONENT)
    if derived_penalty and (
        doc.kind == "judicial_interpretation" or is_derived(doc.short_title)
    ):
        weight *= DERIVED_FACTOR
    if doc.doc_type == "article" and not doc.article:
        weight *= PARAGRAPH_FACTOR
    return float(2 ** (max(weight, PRIOR_FLOOR) / PRIOR_FLOOR) - 2)


class TantivyBackend:
    """A :class:`~fazhi.laws.search.base.SearchBackend` over one index folder
    (split into shards from SHARD_DOCUMENTS documents on)."""

    def __init__(self, path: Path, texts: TextLoader | None = None) -> None:
        self.path = Path(path)
        self._texts = texts
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._shards = self._open()
        self._relevance = functools.lru_cache(TERM_CACHE_SIZE)(self._build_relevance)
        self._phrase = functools.lru_cache(TERM_CACHE_SIZE)(self._build_phrase)
        self._number = functools.lru_cache(TERM_CACHE_SIZE)(self._build_number)
        self._understood = functools.lru_cache(TERM_CACHE_SIZE)(self._build_understood)
        self._names: TitleNames | None = None
        self._built = functools.lru_cache(TERM_CACHE_SIZE)(self._build_for)
        words("预热")  # load the jieba dictionary now, not in the first query
        self._title_names()  # and the instruments' names

    @property
    def _index(self) -> tantivy.Index:
        """The first shard (the whole index when it has one)."""
        return self._shards[0]

    def _open(self, shards: int | None = None) -> list[tantivy.Index]:
        """The index's shards: the folder itself, then each ``shard-N`` in it
        (as many as there are, or ``shards``: the others are removed)."""
        self.path.mkdir(parents=True, exist_ok=True)
        if shards is None:
            shards = 1
            while (self.path / SHARD_FOLDER.format(shards) / "meta.json").exists():
                shards += 1
        extra = shards
        while (self.path / SHARD_FOLDER.format(extra)).exists():
            shutil.rmtree(self.path / SHARD_FOLDER.format(extra))
            extra += 1
        folders = [self.path] + [
            self.path / SHARD_FOLDER.format(n) for n in range(1, shards)
        ]
        return [self._open_folder(folder) for folder in folders]

    def _open_folder(self, folder: Path) -> tantivy.Index:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        except ValueError:  # an index from an older schema: start again
            shutil.rmtree(folder)
            folder.mkdir(parents=True)
            index = tantivy.Index(self.schema, path=str(folder), reuse=False)
        _register(index)
        return index

    # -- writing ---------------------------------------------------------------
    def _document(self, doc: IndexDocument) -> tantivy.Document:
        if self._texts is None:
            return self._fields(doc, body=doc.body.encode(BODY_ENCODING))
        return self._fields(doc)

    def _fields(self, doc: IndexDocument, **stored: Any) -> tantivy.Document:
        return tantivy.Document(
            **stored,
            key=doc.key.encode(),
            doc_type=doc.doc_type,
            version_id=doc.version_id,
            instrument_id=doc.instrument_id,
            title=f"{doc.short_title} {doc.title}",
            short_title=doc.short_title,
            words=" ".join(words(doc.body)),
            title_words=" ".join(words(doc.short_title)),
            lead_words=" ".join(words(lead(doc.body)))
            if doc.doc_type == "article"
            else "",
            grams=" ".join(gram_sequence(doc.body)),
            chars=f"{doc.short_title} {doc.body}",
            heading=doc.heading,
            article=doc.article,
            url=doc.url.encode(),
            kind=doc.kind,
            issuing_body=doc.issuing_body or "-",
            region=doc.region or "-",
            promulgated=day_number(doc.promulgated_on),
            effective=day_number(doc.effective_on or doc.promulgated_on),
            ends=day_number(doc.ends_on, OPEN_END),
            weight=_weight(doc, derived_penalty=True),
            weight_plain=_weight(doc, derived_penalty=False),
        )

    def _writers(self, heap: int = WRITER_HEAP) -> list[Any]:
        """One writer per shard, sharing the heap and two indexing threads."""
        threads = max(1, 2 // len(self._shards))
        return [
            index.writer(heap_size=heap // len(self._shards), num_threads=threads)
            for index in self._shards
        ]

    def _shard_of(self, doc: IndexDocument) -> int:
        """An instrument's documents stay together, in one shard."""
        return doc.instrument_id % len(self._shards)

    def _write(self, writers: list[Any], documents: Iterable[IndexDocument]) -> int:
        written = 0
        for doc in documents:
            writers[self._shard_of(doc)].add_document(self._document(doc))
            written += 1
        for writer in writers:
            writer.commit()
        for writer in writers:
            writer.wait_merging_threads()
        for index in self._shards:
            index.reload()
        self._changed()
        return written

    def rebuild(self, documents: Iterable[IndexDocument]) -> int:
        """Index ``documents`` afresh: in one index, or in shards when there are
        more than SHARD_DOCUMENTS (a sized collection tells how many)."""
        size = len(documents) if isinstance(documents, Sized) else 0
        shards = max(1, min(os.cpu_count() or 1, -(-size // SHARD_DOCUMENTS)))
        with self._lock:
            if shards != len(self._shards):
                self._shards = self._open(shards)
            writers = self._writers(REBUILD_HEAP)
            for writer in writers:
                writer.delete_all_documents()
            return self._write(writers, documents)

    def replace_instruments(
        self, instrument_ids: set[int], documents: list[IndexDocument]
    ) -> None:
        with self._lock:
            writers = self._writers()
            for writer in writers:
                for instrument_id in instrument_ids:
                    writer.delete_documents_by_term("instrument_id", instrument_id)
            self._write(writers, documents)

    def count(self) -> int:
        return self._statistics().documents()

    def _searchers(self) -> list[Any]:
        """A searcher of each shard. Another process (a rebuild) may have split
        the index or joined its shards since: then they are opened again."""
        n = len(self._shards)
        if (self.path / SHARD_FOLDER.format(n) / "meta.json").exists() or (
            n > 1 and not (self.path / SHARD_FOLDER.format(n - 1)).exists()
        ):
            with self._lock:
                self._shards = self._open()
            self._changed()
        return [index.searcher() for index in self._shards]

    def _statistics(self) -> _Statistics:
        """The shards' document counts, read through one searcher of each."""
        return _Statistics(self._searchers())

    # -- reading ---------------------------------------------------------------
    def _term(self, field: str, value: Any) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _build_phrase(self, text: str) -> tantivy.Query | None:
        """Text verbatim, punctuation aside: in the article, its consecutive
        bigrams as a phrase; in the instrument's title, all of its bigrams. One
        character: the character field."""
        chars = "".join(c for c in text.lower() if not PUNCTUATION.match(c))
        if not chars:
            return None
        if len(chars) == 1:
            return self._term("chars", chars)
        sequence: list[str | tuple[int, str]] = list(gram_sequence(chars))
        in_body = (
            tantivy.Query.phrase_query(self.schema, "grams", sequence)
            if len(sequence) > 1
            else self._term("grams", chars)
        )
        in_title = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._term("title", g)) for g in bigrams(chars)]
        )
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, in_body), (tantivy.Occur.Should, in_title)]
        )

    def _build_relevance(self, term: str) -> tantivy.Query | None:
        """One term: its jieba words in the body, the instrument title and the
        article's first sentence, its bigrams in the headings, and the term
        verbatim (a phrase of its consecutive bigrams)."""
        grams = bigrams(term)
        if not grams:
            return self._phrase(term)
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []

        def add(query: tantivy.Query, boost: float) -> None:
            if boost:
                should.append(
                    (tantivy.Occur.Should, tantivy.Query.boost_query(query, boost))
                )

        found = query_words(term)
        stats = self._statistics()
        documents = stats.documents()
        cap = max(SUBWORD_DF_MIN, int(documents * SUBWORD_DF_SHARE))
        found = [
            w
            for w in found
            if not (
                any(w != o and w in o for o in found)
                and stats.doc_freq("words", w) > cap
            )
        ]
        if len(found) > 1:
            common = max(COMMON_WORD_MIN, documents * COMMON_WORD_SHARE)
            found = [w for w in found if stats.doc_freq("words", w) <= common] or found
        for word in found:
            add(self._term("words", word), WORD_BOOST)
            if stats.doc_freq("title_words", word) <= cap:
                add(self._term("title_words", word), TITLE_WORD_BOOST)
            add(self._term("lead_words", word), LEAD_BOOST)
        headings: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for gram in grams:
            add(self._term("title", gram), TITLE_BOOST)
            if (
                HEADING_BOOST
                and stats.doc_freq("heading", gram) <= cap * HEADING_DF_FACTOR
            ):
                headings.append(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(
                            self._term("heading", gram), HEADING_BOOST
                        ),
                    )
                )
        sequence: list[str | tuple[int, str]] = list(gram_sequence(term))
        if len(sequence) > 1:
            add(
                tantivy.Query.phrase_query(self.schema, "grams", sequence),
                PHRASE_BOOST,
            )
        elif sequence:
            add(self._term("grams", sequence[0]), PHRASE_BOOST)
        if not headings or not HEADING_ONLY_ADDS:
            return tantivy.Query.boolean_query(should + headings)
        # a heading's bigram (行政 of 第二章 行政复议申请) adds to a match, it is
        # not one: 行政拘留 is not found in an article under that heading
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.boolean_query(should)), *headings]
        )

    def _filters(self, q: SearchQuery) -> list[tantivy.Query]:
        integer = tantivy.FieldType.Integer
        filters: list[tantivy.Query] = []
        if q.as_of is not None and q.status != "any":
            day = day_number(q.as_of)
            if q.status == "in_force":
                filters.append(self._range("effective", integer, None, day))
                filters.append(self._range("ends", integer, day + 1, None))
            elif q.status == "not_yet_in_force":
                filters.append(self._range("effective", integer, day + 1, None))
            elif q.status == "ended":
                filters.append(self._range("ends", integer, None, day))
        if q.kinds:
            filters.append(
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, self._term("kind", k)) for k in q.kinds]
                )
            )
        if q.issuing_body:
            filters.append(self._term("issuing_body", q.issuing_body))
        if q.region:
            filters.append(self._term("region", q.region))
        if q.doc_type:
            filters.append(self._term("doc_type", q.doc_type))
        if q.promulgated_from or q.promulgated_to:
            filters.append(
                self._range(
                    "promulgated",
                    integer,
                    day_number(q.promulgated_from) or None,
                    day_number(q.promulgated_to) or None,
                )
            )
        return filters

    def _range(
        self, field: str, kind: Any, low: int | None, high: int | None
    ) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, field, kind, low, high)

    # -- understanding the query ------------------------------------------------
    def _title_names(self) -> TitleNames:
        """The instruments' names in the index, read once per index change."""
        names = self._names
        if names is None:
            titles = self._term("doc_type", "title")
            shorts: list[str] = []
            for searcher in self._searchers():
                total = _count(searcher.search(titles, limit=1))
                found = searcher.search(titles, limit=max(total, 1), count=False)
                shorts += (
                    str(searcher.doc(address).get_first("short_title"))
                    for _score, address in found.hits
                )
            names = self._names = TitleNames(shorts)
        return names

    def _changed(self) -> None:
        """After a write: names, document frequencies and queries may differ."""
        self._names = None
        self._understood.cache_clear()
        self._relevance.cache_clear()
        self._number.cache_clear()
        self._built.cache_clear()

    def _build_understood(self, text: str) -> Understood:
        return understand(text, self._title_names())

    # -- the query ----------------------------------------------------------------
    def _build_number(self, text: str) -> tantivy.Query | None:
        """A number as newer statutes write it (30日): its digits as a word,
        in the body and the first sentence. (Its bigrams as a phrase were
        measured: 15 and 5日 are in every date, which tripled the query time.)"""
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for word in query_words(text):
            if word[:1].isdigit():
                should.append((tantivy.Occur.Should, self._term("words", word)))
                should.append(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(
                            self._term("lead_words", word), LEAD_BOOST
                        ),
                    )
                )
        return tantivy.Query.boolean_query(should) if should else None

    def _mark(self, mark: str) -> tantivy.Query | None:
        """A statute marker of a wish (日内, 元以下): verbatim, as consecutive
        bigrams, or the whole relevance of a term (MARK_AS_PHRASE)."""
        stats = self._statistics()
        cap = max(SUBWORD_DF_MIN, int(stats.documents() * SUBWORD_DF_SHARE))
        if not MARK_AS_PHRASE or all(
            stats.doc_freq("words", w) <= cap * MARK_DF_FACTOR
            for w in query_words(mark)
        ):
            return self._relevance(mark)
        sequence: list[str | tuple[int, str]] = list(gram_sequence(mark))
        if not sequence:
            return None
        query = (
            tantivy.Query.phrase_query(self.schema, "grams", sequence)
            if len(sequence) > 1
            else self._term("grams", sequence[0])
        )
        return tantivy.Query.boost_query(query, MARK_PHRASE_BOOST)

    def _term_query(self, term: Term) -> tantivy.Query | None:
        """A term, or the statute's wording of it (all of that wording's words)."""
        relevance = self._relevance(term.text)
        numbers = [q for q in map(self._number, term.numbers) if q is not None]
        if numbers and relevance is not None:
            # 三十日 or 30日: a document with either matches the term
            relevance = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, relevance)]
                + [(tantivy.Occur.Should, n) for n in numbers]
            )
        if not term.alternatives:
            return relevance
        options = [relevance] if relevance is not None else []
        for alternative in term.alternatives:
            parts = [self._relevance(p) for p in alternative.split()]
            must = [(tantivy.Occur.Must, p) for p in parts if p is not None]
            if must:
                options.append(tantivy.Query.boolean_query(must))
        if not options:
            return None
        # the best of them, not their sum: a document with the words typed does
        # not score twice
        return tantivy.Query.disjunction_max_query(options, 0 or None)

    def build_query(
        self,
        q: SearchQuery,
        understood: Understood,
        *,
        strict: bool = True,
        restrict: bool = True,
        every: bool = False,
    ) -> tantivy.Query | None:
        """The engine's query for what the person asked.

        ``strict``: every term (from three terms on: all but one, unless
        ``every``); otherwise at least one. ``restrict``: only the instrument
        and article named in the query; otherwise they merely rank first."""
        Occur = tantivy.Occur  # noqa: N806
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        required = [
            r for r in (self._term_query(t) for t in understood.terms) if r is not None
        ]
        for text in understood.excluded:
            phrase = self._phrase(text)
            if phrase is not None:
                clauses.append((Occur.MustNot, phrase))
        for text in understood.phrases:
            phrase = self._phrase(text)
            if phrase is not None:
                clauses.append((Occur.Must, phrase))
                relevance = self._relevance(text)
                if relevance is not None:
                    clauses.append((Occur.Should, relevance))
        if (
            strict
            and not every
            and MAY_MISS_ONE_FROM
            and len(required) >= MAY_MISS_ONE_FROM
        ):
            # n - 1 of the n terms must match; a document with all of them
            # scores n - 1 times its sum (as the OR of the "all but one"
            # conjunctions would, at the cost of two clauses instead of n)
            clauses.append(
                (
                    Occur.Must,
                    tantivy.Query.boolean_query(
                        [(Occur.Should, r) for r in required],
                        minimum_number_should_match=len(required) - 1,
                    ),
                )
            )
            all_terms = tantivy.Query.boolean_query([(Occur.Must, r) for r in required])
            clauses.append(
                (Occur.Should, tantivy.Query.boost_query(all_terms, len(required) - 2))
            )
        elif strict and every and len(required) >= max(MAY_MISS_ONE_FROM, 1):
            # the same scores as above for a document with every term
            clauses += [
                (Occur.Must, tantivy.Query.boost_query(r, len(required) - 1))
                for r in required
            ]
        elif strict or len(required) == 1:
            clauses += [(Occur.Must, r) for r in required]
        elif required:
            any_term = [(Occur.Should, r) for r in required]
            clauses.append((Occur.Must, tantivy.Query.boolean_query(any_term)))
        for wishes, marks, boost in (
            (understood.soft, understood.marks, SOFT_BOOST),
            (understood.asked, understood.asked_marks, ASKED_BOOST),
        ):
            for word in wishes if boost else ():
                relevance = self._relevance(word)
                if relevance is not None:
                    clauses.append(
                        (Occur.Should, tantivy.Query.boost_query(relevance, boost))
                    )
            for mark in marks if boost else ():
                found = self._mark(mark)
                if found is not None:
                    clauses.append(
                        (Occur.Should, tantivy.Query.boost_query(found, boost))
                    )
        for text in understood.verbatim:
            sequence: list[str | tuple[int, str]] = list(gram_sequence(text))
            if len(sequence) > 1:
                phrase = tantivy.Query.phrase_query(self.schema, "grams", sequence)
                clauses.append(
                    (Occur.Should, tantivy.Query.boost_query(phrase, PHRASE_BOOST))
                )
        if understood.defines:
            for term in understood.terms:
                for pattern in DEFINITION_PATTERNS:
                    grams: list[str | tuple[int, str]] = list(
                        gram_sequence(pattern.format(term=term.text))
                    )
                    if len(grams) > 1:
                        phrase = tantivy.Query.phrase_query(self.schema, "grams", grams)
                        clauses.append(
                            (
                                Occur.Should,
                                tantivy.Query.boost_query(phrase, DEFINITION_BOOST),
                            )
                        )
        for word in understood.lists:
            listing: list[str | tuple[int, str]] = list(
                gram_sequence(LIST_PATTERN.format(word=word))
            )
            clauses.append(
                (
                    Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.phrase_query(self.schema, "grams", listing),
                        LIST_BOOST,
                    ),
                )
            )
        if understood.implied and IMPLIED_SCORE:
            implied = tantivy.Query.boolean_query(
                [
                    (Occur.Should, self._term("short_title", t))
                    for t in understood.implied
                ]
            )
            clauses.append(
                (Occur.Should, tantivy.Query.const_score_query(implied, IMPLIED_SCORE))
            )
        named = self._named(understood)
        if named is not None:
            if restrict:
                clauses.append((Occur.Must, named))
            elif any(o == Occur.Must for o, _ in clauses):
                clauses.append(
                    (Occur.Should, tantivy.Query.boost_query(named, NAMED_BOOST))
                )
        if not any(o == Occur.Must for o, _ in clauses):
            return None
        if not required and not understood.phrases and not understood.article:
            # only an instrument named: its title first, then its articles
            clauses.append((Occur.Should, self._term("doc_type", "title")))
        for f in self._filters(q):
            clauses.append((Occur.Must, f))
        return tantivy.Query.boolean_query(clauses)

    def _named(self, understood: Understood) -> tantivy.Query | None:
        """The instrument(s) and article named in the query, or None."""
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if understood.titles:
            parts.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query(
                        [
                            (tantivy.Occur.Should, self._term("short_title", t))
                            for t in understood.titles
                        ]
                    ),
                )
            )
        if understood.article:
            parts.append(
                (tantivy.Occur.Must, self._term("article", understood.article))
            )
        if not parts:
            return None
        return tantivy.Query.const_score_query(tantivy.Query.boolean_query(parts), 1.0)

    def _build_for(
        self, key: SearchQuery, strict: bool, restrict: bool, every: bool
    ) -> tantivy.Query | None:
        """build_query, cached: the same query text and filters come back."""
        return self.build_query(
            key,
            self._understood(key.text),
            strict=strict,
            restrict=restrict,
            every=every,
        )

    # -- searching ----------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        """Top hits of the query. When the named instrument or article has no
        match, the same words anywhere; when no document has every term, the
        documents with most of them (the suggestions then say which term to drop)."""
        understood = self._understood(query.text)
        searchers = self._searchers()
        weight = "weight_plain" if is_derived(query.text) else "weight"
        # (strict, restrict, every, enough): the first attempt with at least
        # `enough` matches answers
        may_miss = bool(MAY_MISS_ONE_FROM) and len(understood.terms) >= (
            MAY_MISS_ONE_FROM
        )
        attempts = []
        for restrict in (
            (True, False) if understood.titles or understood.article else (False,)
        ):
            if may_miss and EVERY_TERM_FIRST:
                attempts.append((True, restrict, True, EVERY_TERM_FIRST))
            attempts.append((True, restrict, False, 1))
        attempts.append((False, False, False, 1))
        found: list[Found] = []
        total = 0
        tquery = None
        strict_total = 0
        for strict, restrict, every, enough in attempts:
            built = self._built(_query_key(query), strict, restrict, every)
            if built is None:
                continue
            tquery = built
            found, total = _top(searchers, built, query.limit, query.offset, weight)
            if total >= enough:
                strict_total = total if strict else 0
                break
        if tquery is None:
            return SearchResults(total=0, hits=[])
        hits = self._hits(understood.highlighted(), found, query.snippets)
        results = SearchResults(total=total, hits=hits)
        if query.facets and results.total:
            results.facets = self._facets(searchers, tquery)
        if not strict_total:
            results.relaxed = results.total > 0
            results.suggestions = self.suggest(query, understood)
        return results

    def _hits(
        self, marked: tuple[str, ...], found: list[Found], snippets: bool
    ) -> list[Hit]:
        grams = highlight_grams(marked) if snippets else frozenset()
        docs = [searcher.doc(address) for _score, searcher, address in found]
        keys = [doc.get_first("key").decode() for doc in docs]
        texts = self._texts(keys) if snippets and self._texts and keys else {}
        hits = []
        for (score, _searcher, _address), doc, key in zip(
            found, docs, keys, strict=True
        ):
            body = texts.get(key) or (doc.get_first("body") or b"").decode(
                BODY_ENCODING
            )
            hits.append(
                Hit(
                    key=key,
                    doc_type=doc.get_first("doc_type"),
                    version_id=int(doc.get_first("version_id")),
                    title=doc.get_first("title").split(" ", 1)[-1],
                    short_title=doc.get_first("short_title"),
                    article=doc.get_first("article") or "",
                    promulgated_on=number_day(int(doc.get_first("promulgated"))),
                    effective_on=number_day(int(doc.get_first("effective"))),
                    ends_on=number_day(int(doc.get_first("ends")))
                    or dt.date(9999, 12, 31),
                    kind=doc.get_first("kind"),
                    snippet=snippet(body, grams) if snippets else "",
                    url=doc.get_first("url").decode(),
                    score=float(score),
                )
            )
        return hits

    def _facets(self, searchers: list[Any], tquery: Any) -> dict[str, dict[str, int]]:
        spec = {
            name: {"terms": {"field": name, "size": 50}}
            for name in ("kind", "region", "issuing_body")
        }
        facets: dict[str, dict[str, int]] = {name: {} for name in spec}
        for searcher in searchers:
            raw = searcher.aggregate(tquery, spec)
            for name, counts in facets.items():
                for bucket in raw.get(name, {}).get("buckets", []):
                    if bucket["key"] != "-":
                        key = bucket["key"]
                        counts[key] = counts.get(key, 0) + int(bucket["doc_count"])
        return facets

    def suggest(self, query: SearchQuery, understood: Understood) -> list[str]:
        """When nothing matches: drop one term at a time, then look at titles."""
        searchers = self._searchers()
        suggestions: list[str] = []
        words = understood.words()
        if len(words) > 1:
            for dropped in words:
                rest = [w for w in words if w is not dropped]
                built = self.build_query(
                    query, Understood(terms=tuple(Term(w) for w in rest))
                )
                if built is not None and any(
                    _count(searcher.search(built, limit=1)) for searcher in searchers
                ):
                    suggestions.append(" ".join(rest))
        grams = [g for w in words for g in bigrams(w)]
        if grams:
            # the same status, date and other filters as the search: a title in
            # force only later, or repealed, is no suggestion for today's law
            filters = self._filters(dataclasses.replace(query, doc_type="title"))
            titles = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._term("title", g)) for g in grams]
                + [(tantivy.Occur.Must, f) for f in filters]
            )
            for _score, searcher, address in _top(searchers, titles, 5)[0]:
                short = str(searcher.doc(address).get_first("short_title"))
                if short not in suggestions:
                    suggestions.append(short)
        return suggestions[:8]


@dataclasses.dataclass(frozen=True)
class _Statistics:
    """Document counts summed over the shards, from searchers taken once."""

    searchers: list[Any]

    def documents(self) -> int:
        return sum(int(s.num_docs) for s in self.searchers)

    def doc_freq(self, field: str, value: str) -> int:
        """How many documents of every shard have ``value`` in ``field``."""
        return sum(int(s.doc_freq(field, value)) for s in self.searchers)


#: A hit as the shards give it: its score, the shard's searcher, its address there.
Found = tuple[float, Any, Any]
#: Searches the shards at once (tantivy lets go of the interpreter while it
#: searches); created at the first search of an index with more than one, in
#: each process (a pool's threads do not survive a fork: gunicorn's workers).
_pools: dict[int, ThreadPoolExecutor] = {}


def _top(
    searchers: list[Any],
    query: tantivy.Query,
    limit: int,
    offset: int = 0,
    weight: str | None = None,
) -> tuple[list[Found], int]:
    """The page ``offset``..``offset + limit`` of the best hits of every shard,
    and how many documents match in all."""

    def one(searcher: Any, first: int, size: int) -> Any:
        return searcher.search(
            query, limit=size, offset=first, count=True, weight_by_field=weight
        )

    if len(searchers) == 1:
        result = one(searchers[0], offset, limit)
        found = [(score, searchers[0], address) for score, address in result.hits]
        return found, _count(result)
    pool = _pools.get(os.getpid())
    if pool is None:
        pool = _pools[os.getpid()] = ThreadPoolExecutor(os.cpu_count() or 2)
    results = list(
        pool.map(lambda searcher: one(searcher, 0, offset + limit), searchers)
    )
    every = [
        (score, n, address)
        for n, result in enumerate(results)
        for score, address in result.hits
    ]
    best = heapq.nlargest(offset + limit, every, key=lambda hit: hit[0])[offset:]
    found = [(score, searchers[n], address) for score, n, address in best]
    return found, sum(_count(result) for result in results)


def _count(result: Any) -> int:
    """The number of matching documents a search counted (0 if not counted)."""
    return int(getattr(result, "count", None) or 0)


def _query_key(query: SearchQuery) -> SearchQuery:
    """What the engine's query depends on (not the page, facets or snippets)."""
    return dataclasses.replace(query, limit=0, offset=0, facets=False, snippets=False)


@functools.lru_cache(maxsize=TERM_CACHE_SIZE)
def highlight_grams(texts: tuple[str, ...]) -> frozenset[str]:
    """The bigrams (or single characters) a snippet marks."""
    grams: set[str] = set()
    for text in texts:
        found = bigrams(text)
        grams.update(found or [c for c in text.lower() if not PUNCTUATION.match(c)])
    return frozenset(grams)


def snippet(body: str, grams: frozenset[str], size: int = SNIPPET_CHARS) -> str:
    """At most ``size`` characters of ``body`` from shortly before its first
    match, HTML-escaped, each run of matching bigrams in ``<mark>``.

    Done here rather than with tantivy's snippet generator: the hit's body is
    already loaded, and a few ``str.find`` cost less than a second query."""
    if not body:
        return ""
    lower = body.lower()
    start = 0
    if len(body) > size:
        found = [at for at in map(lower.find, grams) if at >= 0]
        if found:
            start = max(0, min(min(found) - SNIPPET_LEAD, len(body) - size))
    text = body[start : start + size]
    window = lower[start : start + size]
    escape = _escape if HTML_SPECIAL.search(text) else _same
    spans: list[tuple[int, int]] = []
    for gram in grams:
        at = window.find(gram)
        while at >= 0:
            spans.append((at, at + len(gram)))
            at = window.find(gram, at + 1)
    if not spans:
        return escape(text)
    spans.sort()
    out: list[str] = []
    at = 0
    for begin, stop in _merged(spans):
        out.append(escape(text[at:begin]))
        out.append(f"<mark>{escape(text[begin:stop])}</mark>")
        at = stop
    out.append(escape(text[at:]))
    return "".join(out)


HTML_SPECIAL = re.compile(r"[&<>]")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _same(text: str) -> str:
    return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    merged = [spans[0]]
    for begin, stop in spans[1:]:
        if begin <= merged[-1][1]:
            if stop > merged[-1][1]:
                merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((begin, stop))
    return merged
