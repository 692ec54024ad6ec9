"""The embedded search engine: a tantivy index on local disk.

Chinese has no spaces, so text is indexed several ways: as words cut by jieba
(``words``/``title_words``, pre-tokenized, the main ranking signal); as the
sequence of its bigrams with positions (``grams``; 行政复议 → 行政 政复 复议), so
a phrase query finds a term verbatim even inside other words; as loose
bigrams (``body`` for snippet highlighting, ``heading``, ``title`` for
suggestions); and as single characters with positions (``exact``) for
one-character queries, exact phrases ("…") and exclusions (-词). Dates are YYYYMMDD integers in fast fields so
``as_of`` is two range filters. A static prior per document (legal rank, and
whether the instrument implements or interprets another one) multiplies the
score; see docs/laws.md for the measurements behind each weight.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import tantivy

from fazhi.laws.search.base import (
    Hit,
    IndexDocument,
    SearchQuery,
    SearchResults,
)

BIGRAM = "zh_bigram"
UNIGRAM = "zh_char"
OPEN_END = 99991231
#: Ranking weights, tuned against bench/queries.yaml (see docs/laws.md).
WORD_BOOST = 1.0
TITLE_WORD_BOOST = 3.0
BIGRAM_BOOST = 0.0  # recall of substrings comes from the grams phrase
TITLE_BOOST = 0.0
HEADING_BOOST = 0.6
PHRASE_BOOST = 1.5
#: The verbatim-term bonus as a phrase of consecutive bigrams ("grams": few
#: postings, fast), of jieba words ("words") or of characters ("exact", slow).
PHRASE_FIELD = "grams"
RANK_EXPONENT = 3.0
#: tantivy multiplies a score by log2(2 + weight): a prior p in [floor, 1] is
#: stored as 2 ** (p / floor) - 2 so that the multiplier is proportional to p.
PRIOR_FLOOR = 0.01  # 2 ** 100 still fits a 32-bit float
DERIVED_FACTOR = 0.3
#: A paragraph outside any article (preamble, an amendment's 说明) after articles.
PARAGRAPH_FACTOR = 0.5
#: Whether a document must contain every term (else: most terms rank first).
MATCH_ALL_TERMS = True
#: From this many terms on, a document may miss one of them (people add words
#: the law does not use: 定义, 种类); one that has them all scores far higher.
MAY_MISS_ONE_FROM = 3
#: Titles of instruments that implement or interpret another one (实施条例、
#: 司法解释…): when the query does not ask for them, the base law comes first.
DERIVED_MARKS = (
    "实施",
    "细则",
    "解释",
    "若干",
    "关于",
    "规定",
    "办法",
    "意见",
    "修正案",
    "修改",
)
#: Queries built per distinct term: a term's query depends on the term alone, and
#: the same terms (罚款, 行政复议…) come back in search after search.
TERM_CACHE_SIZE = 4096
TERM_SPLIT = re.compile(r'"[^"]*"|“[^”]*”|\S+')
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


def is_derived(title: str) -> bool:
    return any(mark in title for mark in DERIVED_MARKS)


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("doc_type", stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("version_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("instrument_id", stored=True, indexed=True, fast=True)
    sb.add_text_field("title", stored=True, tokenizer_name=BIGRAM)
    sb.add_text_field("short_title", stored=True, tokenizer_name="raw")
    sb.add_text_field("body", stored=True, tokenizer_name=BIGRAM)
    sb.add_text_field("words", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("title_words", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("grams", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("exact", stored=False, tokenizer_name=UNIGRAM)
    sb.add_text_field("heading", stored=False, tokenizer_name=BIGRAM)
    sb.add_text_field("article", stored=True, tokenizer_name="raw")
    sb.add_text_field("url", stored=True, tokenizer_name="raw")
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
    """A :class:`~fazhi.laws.search.base.SearchBackend` over one index folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._index = self._open()
        self._relevance = functools.lru_cache(TERM_CACHE_SIZE)(self._build_relevance)
        self._phrase = functools.lru_cache(TERM_CACHE_SIZE)(self._build_phrase)
        self._highlight = functools.lru_cache(TERM_CACHE_SIZE)(self._build_highlight)
        words("预热")  # load the jieba dictionary now, not in the first query

    def _open(self) -> tantivy.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError:  # an index from an older schema: start again
            shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            index = tantivy.Index(self.schema, path=str(self.path), reuse=False)
        _register(index)
        return index

    # -- writing ---------------------------------------------------------------
    def _document(self, doc: IndexDocument) -> tantivy.Document:
        return tantivy.Document(
            key=doc.key,
            doc_type=doc.doc_type,
            version_id=doc.version_id,
            instrument_id=doc.instrument_id,
            title=f"{doc.short_title} {doc.title}",
            short_title=doc.short_title,
            body=doc.body,
            words=" ".join(words(doc.body)),
            title_words=" ".join(words(doc.short_title)),
            grams=" ".join(gram_sequence(doc.body)),
            exact=f"{doc.short_title} {doc.body}",
            heading=doc.heading,
            article=doc.article,
            url=doc.url,
            kind=doc.kind,
            issuing_body=doc.issuing_body or "-",
            region=doc.region or "-",
            promulgated=day_number(doc.promulgated_on),
            effective=day_number(doc.effective_on or doc.promulgated_on),
            ends=day_number(doc.ends_on, OPEN_END),
            weight=_weight(doc, derived_penalty=True),
            weight_plain=_weight(doc, derived_penalty=False),
        )

    def _writer(self) -> Any:
        return self._index.writer(heap_size=128_000_000, num_threads=2)

    def rebuild(self, documents: list[IndexDocument]) -> int:
        with self._lock:
            writer = self._writer()
            writer.delete_all_documents()
            for doc in documents:
                writer.add_document(self._document(doc))
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()
        return len(documents)

    def replace_instruments(
        self, instrument_ids: set[int], documents: list[IndexDocument]
    ) -> None:
        with self._lock:
            writer = self._writer()
            for instrument_id in instrument_ids:
                writer.delete_documents_by_term("instrument_id", instrument_id)
            for doc in documents:
                writer.add_document(self._document(doc))
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()

    def count(self) -> int:
        return int(self._index.searcher().num_docs)

    # -- reading ---------------------------------------------------------------
    def _term(self, field: str, value: Any) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _build_phrase(self, text: str) -> tantivy.Query | None:
        chars: list[str | tuple[int, str]] = [
            c for c in text.lower() if not PUNCTUATION.match(c)
        ]
        if not chars:
            return None
        if len(chars) == 1:
            return self._term("exact", chars[0])
        return tantivy.Query.phrase_query(self.schema, "exact", chars)

    def _build_relevance(self, term: str) -> tantivy.Query | None:
        """One term: its jieba words in body and title, its bigrams, its phrase."""
        grams = bigrams(term)
        if not grams:
            return self._phrase(term)
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []

        def add(query: tantivy.Query, boost: float) -> None:
            if boost:
                should.append(
                    (tantivy.Occur.Should, tantivy.Query.boost_query(query, boost))
                )

        for word in dict.fromkeys(words(term)):
            add(self._term("words", word), WORD_BOOST)
            add(self._term("title_words", word), TITLE_WORD_BOOST)
        for gram in grams:
            add(self._term("body", gram), BIGRAM_BOOST)
            add(self._term("title", gram), TITLE_BOOST)
            add(self._term("heading", gram), HEADING_BOOST)
        if PHRASE_FIELD == "grams":
            sequence: list[str | tuple[int, str]] = list(gram_sequence(term))
            if len(sequence) > 1:
                add(
                    tantivy.Query.phrase_query(self.schema, "grams", sequence),
                    PHRASE_BOOST,
                )
            elif sequence:
                add(self._term("grams", sequence[0]), PHRASE_BOOST)
        elif PHRASE_FIELD == "words":
            cut: list[str | tuple[int, str]] = list(words(term))
            if len(cut) > 1:
                add(tantivy.Query.phrase_query(self.schema, "words", cut), PHRASE_BOOST)
        elif len(grams) > 1:
            phrase = self._phrase(term)
            if phrase is not None:
                add(phrase, PHRASE_BOOST)
        return tantivy.Query.boolean_query(should)

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

    def build_query(
        self, q: SearchQuery, terms: list[str] | None = None, *, strict: bool = True
    ) -> Any:
        """Every term must match (``strict``), or at least one of them."""
        parts = terms if terms is not None else TERM_SPLIT.findall(q.text)
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        required: list[tantivy.Query] = []
        positive: list[tantivy.Query] = []
        for part in parts:
            if part.startswith("-") and len(part) > 1:
                phrase = self._phrase(part[1:].strip('"“”'))
                if phrase is not None:
                    clauses.append((tantivy.Occur.MustNot, phrase))
                continue
            if part[:1] in '"“' and len(part) > 2:
                phrase = self._phrase(part[1:-1])
                if phrase is not None:
                    clauses.append((tantivy.Occur.Must, phrase))
                    relevance = self._relevance(part[1:-1])
                    if relevance is not None:
                        positive.append(relevance)
                continue
            relevance = self._relevance(part)
            if relevance is not None:
                required.append(relevance)
        if strict and MAY_MISS_ONE_FROM and len(required) >= MAY_MISS_ONE_FROM:
            # every subset missing one term; a document with all of them matches
            # each subset, so its score adds up (n - 1) times.
            subsets = [
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, r) for j, r in enumerate(required) if j != i]
                )
                for i in range(len(required))
            ]
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, q) for q in subsets]
                    ),
                )
            )
        elif strict:
            clauses += [(tantivy.Occur.Must, r) for r in required]
        elif len(required) > 1:
            any_term = [(tantivy.Occur.Should, r) for r in required]
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(any_term)))
        else:
            return None
        for relevance in positive:
            clauses.append((tantivy.Occur.Should, relevance))
        if not any(o == tantivy.Occur.Must for o, _ in clauses):
            return None
        for f in self._filters(q):
            clauses.append((tantivy.Occur.Must, f))
        return tantivy.Query.boolean_query(clauses), parts

    def search(self, query: SearchQuery) -> SearchResults:
        """Top hits of the query; when no document has every term, the documents
        with most of them (the suggestions then say which term to drop)."""
        built = self.build_query(query, strict=MATCH_ALL_TERMS)
        if built is None and not MATCH_ALL_TERMS:
            built = self.build_query(query)
        if built is None:
            return SearchResults(total=0, hits=[])
        tquery, parts = built
        searcher = self._index.searcher()
        weight = "weight_plain" if is_derived(query.text) else "weight"
        result = searcher.search(
            tquery,
            limit=query.limit,
            offset=query.offset,
            count=True,
            weight_by_field=weight,
        )
        strict_total = int(getattr(result, "count", 0) or 0)
        if not strict_total:
            relaxed = self.build_query(query, parts, strict=False)
            if relaxed is not None:
                tquery = relaxed[0]
                result = searcher.search(
                    tquery,
                    limit=query.limit,
                    offset=query.offset,
                    count=True,
                    weight_by_field=weight,
                )
        hits = self._hits(
            searcher, self._highlight(tuple(parts)), result.hits, query.snippets
        )
        results = SearchResults(total=int(getattr(result, "count", 0) or 0), hits=hits)
        if query.facets and results.total:
            results.facets = self._facets(searcher, tquery)
        if not strict_total:
            results.relaxed = results.total > 0
            results.suggestions = self.suggest(query, parts)
        return results

    def _build_highlight(self, parts: tuple[str, ...]) -> tantivy.Query:
        """What the snippets mark: the bigrams of the positive terms in the body
        (built apart from the search query, which does not use body bigrams)."""
        grams = {
            g for p in parts if not p.startswith("-") for g in bigrams(p.strip('"“”'))
        }
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._term("body", g)) for g in sorted(grams)]
        )

    def _hits(
        self, searcher: Any, tquery: Any, raw: list[Any], snippets: bool
    ) -> list[Hit]:
        generator = None
        if snippets and raw:
            generator = tantivy.SnippetGenerator.create(
                searcher, tquery, self.schema, "body"
            )
            generator.set_max_num_chars(120)
        hits = []
        for score, address in raw:
            doc = searcher.doc(address)
            snippet = ""
            if generator is not None:
                snippet = generator.snippet_from_doc(doc).to_html()
            if not snippet:
                snippet = (doc.get_first("body") or "")[:120]
            hits.append(
                Hit(
                    key=doc.get_first("key"),
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
                    snippet=snippet.replace("<b>", "<mark>").replace("</b>", "</mark>"),
                    url=doc.get_first("url"),
                    score=float(score),
                )
            )
        return hits

    def _facets(self, searcher: Any, tquery: Any) -> dict[str, dict[str, int]]:
        spec = {
            name: {"terms": {"field": name, "size": 50}}
            for name in ("kind", "region", "issuing_body")
        }
        raw = searcher.aggregate(tquery, spec)
        return {
            name: {
                b["key"]: int(b["doc_count"])
                for b in raw.get(name, {}).get("buckets", [])
                if b["key"] != "-"
            }
            for name in spec
        }

    def suggest(self, query: SearchQuery, parts: list[str]) -> list[str]:
        """When nothing matches: drop one term at a time, then look at titles."""
        searcher = self._index.searcher()
        suggestions: list[str] = []
        words = [p for p in parts if not p.startswith("-")]
        if len(words) > 1:
            for dropped in words:
                rest = [w for w in words if w is not dropped]
                built = self.build_query(query, rest)
                if built and getattr(searcher.search(built[0], limit=1), "count", 0):
                    suggestions.append(" ".join(rest))
        grams = [g for w in words for g in bigrams(w.strip('"“”'))]
        if grams:
            titles = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._term("title", g)) for g in grams]
                + [(tantivy.Occur.Must, self._term("doc_type", "title"))]
            )
            for _score, address in searcher.search(titles, limit=5).hits:
                short = str(searcher.doc(address).get_first("short_title"))
                if short not in suggestions:
                    suggestions.append(short)
        return suggestions[:8]
