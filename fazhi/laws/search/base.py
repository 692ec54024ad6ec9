"""The search engine seen by the rest of the laws app: a protocol and its value types.

The tantivy implementation lives in :mod:`fazhi.laws.search.tantivy_backend`;
another engine (OpenSearch for a national deployment) implements the same protocol.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class IndexDocument:
    """One searchable unit: an article (条) or a title (the instrument's version)."""

    key: str  # "a:<provision id>" or "t:<version id>"
    doc_type: str  # "article" | "title"
    version_id: int
    instrument_id: int
    title: str
    short_title: str
    body: str
    heading: str
    article: str
    kind: str
    rank: int
    issuing_body: str
    region: str
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    ends_on: dt.date  # first day no longer in force (9999-12-31 while open)
    url: str


@dataclass(frozen=True)
class SearchQuery:
    text: str
    as_of: dt.date | None = None  # None with status="any" searches every version
    status: str = "in_force"  # in_force | not_yet_in_force | ended | any
    kinds: tuple[str, ...] = ()
    issuing_body: str = ""
    region: str = ""
    promulgated_from: dt.date | None = None
    promulgated_to: dt.date | None = None
    doc_type: str = ""  # "", "article" or "title"
    limit: int = 10
    offset: int = 0
    facets: bool = False
    snippets: bool = True


@dataclass(frozen=True)
class Hit:
    key: str
    doc_type: str
    version_id: int
    title: str
    short_title: str
    article: str
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    ends_on: dt.date
    kind: str
    snippet: str
    url: str
    score: float


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    #: No document has every term: these hits have some of them.
    relaxed: bool = False


class SearchBackend(Protocol):
    def rebuild(self, documents: list[IndexDocument]) -> int: ...

    def replace_instruments(
        self, instrument_ids: set[int], documents: list[IndexDocument]
    ) -> None: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def count(self) -> int: ...
