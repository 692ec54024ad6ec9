"""Score the detectors on a labeled evaluation set (precision and recall per detector).

The set (fazhi/normdocs/tests/data/prereview_eval.yaml) lists clauses and whole drafts
with the detector ids a careful reviewer would flag. A detector reported on an item
that expects it is a true positive, one that does not a false positive, an expected one
not reported a false negative; "overall" is the micro average. Items marked
``heldout`` were not looked at while the detectors were tuned and are scored apart.
Used by bench/bench_prereview.py and the regression test.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .engine import review

__all__ = ["EvalItem", "Score", "evaluate", "load_items"]

_ITEM_KEYS = {"id", "text", "expect", "title", "document", "effective_on", "heldout"}


@dataclass(frozen=True, slots=True)
class EvalItem:
    id: str
    text: str
    expect: frozenset[str]
    title: str = ""
    document: bool = False
    effective_on: dt.date | None = None
    heldout: bool = False


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    items: int = 0
    clauses: int = 0
    seconds: float = 0.0
    overall: Score = field(default_factory=Score)
    per_detector: dict[str, Score] = field(default_factory=dict)
    # (item id, expected, reported) for every item the detectors got wrong
    misses: list[tuple[str, frozenset[str], frozenset[str]]] = field(
        default_factory=list
    )


def load_items(path: Path) -> list[EvalItem]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for raw in data["items"]:
        unknown = set(raw) - _ITEM_KEYS
        if unknown:
            raise ValueError(f"{raw.get('id')}: unknown keys {sorted(unknown)}")
        effective_on = raw.get("effective_on")
        if isinstance(effective_on, str):
            effective_on = dt.date.fromisoformat(effective_on)
        items.append(
            EvalItem(
                id=str(raw["id"]),
                text=str(raw["text"]),
                expect=frozenset(raw.get("expect") or ()),
                title=str(raw.get("title") or ""),
                document=bool(raw.get("document", False)),
                effective_on=effective_on,
                heldout=bool(raw.get("heldout", False)),
            )
        )
    ids = [i.id for i in items]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate item ids in the evaluation set")
    return items


def evaluate(
    items: Iterable[EvalItem], detector_ids: Iterable[str], *, today: dt.date
) -> Report:
    """Run ``review`` on every item; ``today`` stands in for an unstated day of effect."""
    from .clauses import split_clauses

    report = Report()
    report.per_detector = {d: Score() for d in detector_ids}
    began = time.perf_counter()
    for item in items:
        found = review(
            item.text,
            title=item.title,
            whole_document=item.document,
            effective_on=item.effective_on or today,
        )
        reported = frozenset(f.detector for f in found)
        report.items += 1
        for detector_id, score in report.per_detector.items():
            hit, want = detector_id in reported, detector_id in item.expect
            if hit and want:
                score.tp += 1
            elif hit:
                score.fp += 1
            elif want:
                score.fn += 1
        if reported != item.expect:
            report.misses.append((item.id, item.expect, reported))
    report.seconds = time.perf_counter() - began
    for score in report.per_detector.values():
        report.overall.tp += score.tp
        report.overall.fp += score.fp
        report.overall.fn += score.fn
    report.clauses = sum(len(split_clauses(i.text)) for i in items)
    return report


def figures(report: Report) -> dict[str, Any]:
    """Rounded figures per detector, for the benchmark table and the docs."""
    out: dict[str, Any] = {
        "precision": round(report.overall.precision, 3),
        "recall": round(report.overall.recall, 3),
    }
    for detector_id, score in report.per_detector.items():
        out[detector_id] = (
            round(score.precision, 2),
            round(score.recall, 2),
            score.tp + score.fn,
        )
    return out
