"""Pre-review detectors: precision and recall per detector on the labeled evaluation set.

Goal (issue): overall (micro-averaged) recall ≥ 0.9 at precision ≥ 0.8 on the
evaluation set fazhi/normdocs/tests/data/prereview_eval.yaml. Held-out items (never
used while tuning: a seeded 25 % split of the first batch, and batch C written after
tuning) are reported apart — they are the estimate of how the detectors do on wording
they have not seen. Throughput is clauses per second through ``review``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.normdocs.prereview import DETECTORS, VERSION, review
from fazhi.normdocs.prereview.clauses import split_clauses
from fazhi.normdocs.prereview.evaluation import Report, evaluate, load_items

EVAL_SET = (
    Path(__file__).resolve().parent.parent
    / "fazhi/normdocs/tests/data/prereview_eval.yaml"
)
GOAL_RECALL = 0.9
GOAL_PRECISION = 0.8
# An unstated day of effect ("自印发之日起施行") is taken as this day, so the figures
# do not move with the calendar.
TODAY = dt.date(2025, 6, 1)
TIMING_ROUNDS = 20


def _pr(report: Report) -> str:
    o = report.overall
    return f"P {o.precision:.3f} / R {o.recall:.3f}"


def _throughput(texts: list[str]) -> float:
    clauses = sum(len(split_clauses(t)) for t in texts)
    began = time.perf_counter()
    for _ in range(TIMING_ROUNDS):
        for text in texts:
            review(text, whole_document=True, effective_on=TODAY)
    return clauses * TIMING_ROUNDS / (time.perf_counter() - began)


def run() -> dict[str, object]:
    """Score every detector; figures for bench/run.py."""
    items = load_items(EVAL_SET)
    ids = [d.id for d in DETECTORS]
    everything = evaluate(items, ids, today=TODAY)
    tuning = evaluate([i for i in items if not i.heldout], ids, today=TODAY)
    heldout = evaluate([i for i in items if i.heldout], ids, today=TODAY)
    batch_c = evaluate(
        [i for i in items if i.id.startswith("blind-")], ids, today=TODAY
    )
    figures: dict[str, object] = {
        "detectors version": VERSION,
        "items": everything.items,
        "clauses": everything.clauses,
        "precision": round(everything.overall.precision, 3),
        "recall": round(everything.overall.recall, 3),
        f"tuning ({tuning.items} items)": _pr(tuning),
        f"held-out ({heldout.items} items)": _pr(heldout),
        f"held-out batch C, written after tuning ({batch_c.items} items)": _pr(batch_c),
    }
    for detector_id in ids:
        t = tuning.per_detector[detector_id]
        h = heldout.per_detector[detector_id]
        figures[detector_id] = (
            f"tuning P {t.precision:.2f} R {t.recall:.2f} (n={t.tp + t.fn}), "
            f"held-out P {h.precision:.2f} R {h.recall:.2f} (n={h.tp + h.fn})"
        )
    figures["clauses per second"] = round(_throughput([i.text for i in items]))
    met = (
        everything.overall.recall >= GOAL_RECALL
        and everything.overall.precision >= GOAL_PRECISION
    )
    return {
        "name": "normdocs pre-review (labeled clauses)",
        "figures": figures,
        "goal": (
            f"overall recall ≥ {GOAL_RECALL} at precision ≥ {GOAL_PRECISION} "
            "(micro, whole evaluation set); held-out reported apart"
        ),
        "met": met,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
