"""Regression guard: the detectors keep their figures on the labeled evaluation set.

Not a timing test (bench/bench_prereview.py measures speed). The goal of the issue is
overall recall ≥ 0.9 at precision ≥ 0.8; the held-out floors sit a little under the
figures measured when the detectors were frozen (docs/normdocs-prereview.md), so a
change that loses what generalised fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fazhi.normdocs.prereview import DETECTORS
from fazhi.normdocs.prereview.evaluation import Report, evaluate, load_items

EVAL_SET = Path(__file__).parent / "data" / "prereview_eval.yaml"
TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    items = load_items(EVAL_SET)
    ids = [d.id for d in DETECTORS]
    return {
        "all": evaluate(items, ids, today=TODAY),
        "heldout": evaluate([i for i in items if i.heldout], ids, today=TODAY),
    }


def test_overall_meets_the_goal(reports: dict[str, Report]) -> None:
    overall = reports["all"].overall
    assert overall.recall >= 0.9, reports["all"].misses
    assert overall.precision >= 0.8, reports["all"].misses


def test_every_detector_is_useful_on_the_whole_set(reports: dict[str, Report]) -> None:
    for detector_id, score in reports["all"].per_detector.items():
        assert score.recall >= 0.8, detector_id
        assert score.precision >= 0.8, detector_id


def test_held_out_floor(reports: dict[str, Report]) -> None:
    heldout = reports["heldout"].overall
    assert heldout.precision >= 0.9
    assert heldout.recall >= 0.8
