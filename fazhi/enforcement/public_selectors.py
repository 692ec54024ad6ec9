"""Public reads of enforcement publicity (执法公示): before, during and after.

Before (《行政处罚法》(2021-01-22) 第39条, 第34条): subjects, matters with their legal
basis, the procedures and the discretion benchmarks. During (第55条): an officer
looked up by certificate number (:func:`fazhi.enforcement.selectors.get_public_officer`).
After (第48条): the published decisions. Every read of a decision returns the
text masked once at publication; a search looks only at that masked text, so a
real name typed into the search box finds nothing. At the end, the scoped reads
the publishing organization's staff use to withdraw a decision.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.errors import NotFoundError
from fazhi.core.scope import BUSINESS, scope
from fazhi.enforcement import rulebook
from fazhi.enforcement.models import PublishedDecision
from fazhi.enforcement.selectors import AnyUser
from fazhi.enforcement.workflows import COMPLAINT, MEASURE, PENALTY, TRANSFER

MAX_TERMS = 5
MAX_QUERY = 100
SNIPPET_WIDTH = 60
_SEARCHED = (
    "facts",
    "party",
    "summary",
    "decision_number",
    "organization_name",
    "legal_basis",
    "penalty",
)


def search_terms(q: str) -> list[str]:
    """The words of a query (whitespace-separated; at most a few, each trimmed)."""
    return [t for t in q[:MAX_QUERY].split() if t][:MAX_TERMS]


def list_published(*, today: dt.date, q: str = "") -> QuerySet[PublishedDecision]:
    """Decisions shown today (not withdrawn, period not over), newest first; with
    ``q``, those whose masked text contains every word."""
    found = PublishedDecision.objects.filter(
        withdrawn_on__isnull=True,
        ended_on__isnull=True,
        published_on__lte=today,
        publication_ends_on__gte=today,
    )
    for term in search_terms(q):
        condition = Q()
        for name in _SEARCHED:
            condition |= Q(**{f"{name}__icontains": term})
        found = found.filter(condition)
    return found.order_by("-published_on", "-id")


def get_published(*, publication_id: int, today: dt.date) -> PublishedDecision:
    """One decision as the public sees it: shown, or withdrawn (the page then says
    why, without the decision); an ended or unknown one is "not found"."""
    found = (
        PublishedDecision.objects.filter(pk=publication_id, published_on__lte=today)
        .filter(
            Q(withdrawn_on__isnull=False)
            | Q(ended_on__isnull=True, publication_ends_on__gte=today)
        )
        .first()
    )
    if found is None:
        raise NotFoundError(
            "没有此公开的处罚决定（或公开期限已届满）。",
            "No such published decision (or its publication period is over).",
            code="publication_not_found",
        )
    return found


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    match: bool


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of the masked facts around the first match, cut into pieces so that
    a page marks the matches (``<mark>``) and escapes everything."""

    pieces: tuple[Piece, ...]
    leading: bool
    trailing: bool

    @property
    def text(self) -> str:
        return (
            ("…" if self.leading else "")
            + "".join(p.text for p in self.pieces)
            + ("…" if self.trailing else "")
        )

    def highlights(self) -> list[tuple[int, int]]:
        """Offsets of the matches in :attr:`text`."""
        found: list[tuple[int, int]] = []
        pos = 1 if self.leading else 0
        for piece in self.pieces:
            if piece.match:
                found.append((pos, pos + len(piece.text)))
            pos += len(piece.text)
        return found


def snippet(
    publication: PublishedDecision, q: str = "", *, width: int = SNIPPET_WIDTH
) -> Snippet:
    """The search snippet: cut from the stored masked facts (never masked on its own)."""
    text = publication.facts
    lowered = text.lower()
    terms = [t.lower() for t in search_terms(q)]
    hits = [lowered.find(t) for t in terms if t and t in lowered]
    first = min(hits) if hits else 0
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    marks = bytearray(len(window))
    low_window = window.lower()
    for term in terms:
        at = low_window.find(term)
        while at >= 0:
            marks[at : at + len(term)] = b"\x01" * len(term)
            at = low_window.find(term, at + len(term))
    pieces: list[Piece] = []
    for index, char in enumerate(window):
        match = bool(marks[index])
        if pieces and pieces[-1].match == match:
            pieces[-1] = Piece(pieces[-1].text + char, match)
        else:
            pieces.append(Piece(char, match))
    return Snippet(tuple(pieces), leading=start > 0, trailing=end < len(text))


#: The exported fields, in order: the JSON Lines keys and the CSV header.
EXPORT_FIELDS = (
    "id",
    "decision_number",
    "organization",
    "party_kind",
    "party",
    "summary",
    "facts",
    "legal_basis",
    "penalty",
    "decided_on",
    "published_on",
    "publication_ends_on",
)
#: Cells a spreadsheet would read as a formula (CSV injection): prefixed with '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def export_csv_lines(*, today: dt.date) -> Iterator[str]:
    """The export as CSV: a byte-order mark (so Excel reads UTF-8), a header of the
    JSON Lines keys, then one row per decision shown today — the same masked fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    yield "\ufeff" + _drain(buffer)
    for row in export_rows(today=today):
        writer.writerow(_csv_cell(row[name]) for name in EXPORT_FIELDS)
        yield _drain(buffer)


def export_rows(*, today: dt.date) -> Iterator[dict[str, Any]]:
    """Every decision shown today, as plain rows of masked fields (for the export)."""
    for p in list_published(today=today).iterator(chunk_size=500):
        yield {
            "id": p.pk,
            "decision_number": p.decision_number,
            "organization": p.organization_name,
            "party_kind": p.party_kind,
            "party": p.party,
            "summary": p.summary,
            "facts": p.facts,
            "legal_basis": p.legal_basis,
            "penalty": p.penalty,
            "decided_on": p.decided_on.isoformat(),
            "published_on": p.published_on.isoformat(),
            "publication_ends_on": p.publication_ends_on.isoformat(),
        }


def public_benchmarks(*, today: dt.date) -> list[rulebook.PublicBenchmark]:
    """The discretion benchmarks in force (第34条: 应当向社会公布)."""
    return rulebook.public_benchmarks(on=today)


@dataclass(frozen=True, slots=True)
class ProcedureStep:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    basis: str


@dataclass(frozen=True, slots=True)
class Procedure:
    name: str
    steps: tuple[ProcedureStep, ...]


def public_procedures() -> list[Procedure]:
    """The declared procedures (第39条: 程序应当公示), state names in words."""
    found: list[Procedure] = []
    for workflow in (PENALTY, MEASURE, TRANSFER, COMPLAINT):
        steps = tuple(
            ProcedureStep(
                name=step.name,
                label=str(step.label),
                sources=tuple(
                    str(workflow.state_label(s)) for s in sorted(step.sources)
                ),
                target=str(workflow.state_label(step.target)),
                basis=step.basis,
            )
            for step in workflow.steps
        )
        found.append(Procedure(workflow.name, steps))
    return found


# --- the publishing organization's own reads (scoped) --------------------------------------


def list_publications(*, user: AnyUser) -> QuerySet[PublishedDecision]:
    """Published decisions of the organizations the user works for (withdrawn too)."""
    return scope(
        PublishedDecision.objects.select_related("case"), user, policy=BUSINESS
    ).order_by("-published_on", "-id")


def get_publication(*, user: AnyUser, publication_id: int) -> PublishedDecision:
    """One publication the user may act on; another organization's is "not found"."""
    found = list_publications(user=user).filter(pk=publication_id).first()
    if found is None:
        raise NotFoundError(
            "没有此公开的处罚决定。",
            "No such published decision.",
            code="publication_not_found",
        )
    return found


def list_withdrawals_due(*, user: AnyUser) -> QuerySet[PublishedDecision]:
    """Decisions set aside whose publication still has to come down (第48条第2款)."""
    return list_publications(user=user).filter(
        withdrawal_due_on__isnull=False, withdrawn_on__isnull=True
    )
