"""Automated legality and fair-competition pre-review of draft normative documents.

Reads a draft and flags clauses that create penalties, licences or compulsory
measures, reduce rights or add obligations without a higher-law basis, contain
prohibited fair-competition content (《公平竞争审查条例》第8至11条), set no or too long a
validity period, rest on internal meeting minutes, order a general suspension of
production, or levy fees without basis. Findings are advice: the reviewer records a
disposition for each. Pure Python and data files — no database — so services, pages,
the API and the benchmark call it alike::

    from fazhi.normdocs.prereview import review, DETECTORS, VERSION
    findings = review(text, title="XX市…暂行办法", whole_document=True)

The detectors, their patterns, exceptions, citations and texts in both languages are
in ``data/``; see docs/normdocs-prereview.md.
"""

from __future__ import annotations

from .catalogue import PrereviewDataError, catalogue, load_catalogue
from .clauses import split_clauses
from .engine import review
from .model import Citation, Clause, DetectorInfo, Finding, RuleInfo

__all__ = [
    "DETECTORS",
    "VERSION",
    "Citation",
    "Clause",
    "DetectorInfo",
    "Finding",
    "PrereviewDataError",
    "RuleInfo",
    "detector",
    "load_catalogue",
    "review",
    "split_clauses",
]

DETECTORS: tuple[DetectorInfo, ...]
"""Every detector, in report order: id, names, summary and citation in both languages."""

VERSION: str
"""Engine version and a fingerprint of the data files: store it with the findings."""


def __getattr__(name: str) -> object:
    # The catalogue (≈ 0.2 s of regex compilation) loads on first use, not at import,
    # so importing the normdocs app stays cheap; a broken data file fails there and in
    # the tests.
    if name == "DETECTORS":
        return tuple(d.info for d in catalogue().detectors)
    if name == "VERSION":
        return catalogue().version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def detector(detector_id: str) -> DetectorInfo:
    """The catalogue entry of one detector (KeyError if unknown)."""
    return catalogue().detector(detector_id).info
