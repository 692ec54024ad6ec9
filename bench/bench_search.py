"""Search quality and engine latency over the judged query set (bench/queries.yaml).

R@1, R@10 and MRR count a query as answered when the expected article of the
expected instrument is among the first 1 / 10 article hits (as of today).
The headline figures are over every judged query; each group is also reported
apart: the queries the ranking was tuned on, and the held-out groups
(``set: holdout`` … ``holdout5`` in queries.yaml), each written before the
changes it checks (docs/laws.md says which groups were read since), and the
development group (``set: dev6``), written before the changes it drove and
read while making them. Latency is the engine's time per query (search + snippets
of 10 hits) over every query of the file, one- and two-character ones included.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench._laws_env import CORPUS, ROOT, run_isolated, setup_django  # noqa: E402

GOAL = "R@1 ≥ 0.85, R@10 ≥ 0.95, engine p50 ≤ 2 ms, p95 ≤ 15 ms"
DATA = ROOT / "var" / "bench" / "laws"
#: The prior the bench index was built with (see prior_stamp).
PRIOR_FILE = DATA / "search-prior.json"
ROUNDS = 5
#: The groups whose misses are printed: the tuning set and the development
#: group (``set: dev6``), which the ranking is worked on; the held-out groups'
#: misses are never shown.
READ = ("tuning", "dev6")


def inner() -> dict[str, Any]:
    import yaml

    setup_django()
    from fazhi.laws.importer import import_corpus
    from fazhi.laws.models import Version
    from fazhi.laws.search.base import SearchQuery
    from fazhi.laws.search.indexing import (
        expected_count,
        get_backend,
        rebuild_index,
        today,
    )

    if not Version.objects.exists():
        import_corpus(CORPUS)
    backend = get_backend()
    prior = prior_stamp()
    stale = not PRIOR_FILE.exists() or PRIOR_FILE.read_text() != prior
    if stale or backend.count() != expected_count():
        rebuild_index()
    PRIOR_FILE.write_text(prior)
    queries = yaml.safe_load((HERE / "queries.yaml").read_text())["queries"]
    judged = [q for q in queries if q.get("instrument")]
    day = today()
    ranks: dict[str, list[int | None]] = {}
    misses = []
    for q in judged:
        res = backend.search(
            SearchQuery(text=q["q"], as_of=day, doc_type="article", limit=10)
        )
        rank = next(
            (
                i
                for i, h in enumerate(res.hits, 1)
                if h.short_title == q["instrument"] and h.article == q["article"]
            ),
            None,
        )
        group = q.get("set") or "tuning"
        ranks.setdefault(group, []).append(rank)
        if rank != 1 and group in READ:  # held-out misses stay unread
            top = res.hits[0] if res.hits else None
            misses.append(
                f"{q['q']} → {rank}; top {top.short_title if top else '-'} "
                f"{top.article if top else ''}"
            )
    timings = []
    for _ in range(ROUNDS):
        for q in queries:
            started = time.perf_counter()
            backend.search(SearchQuery(text=q["q"], as_of=day, limit=10))
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    every = [r for group in ranks.values() for r in group]
    r1, r10, mrr = quality(every)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    figures: dict[str, object] = {
        "judged queries": len(every),
        "R@1": r1,
        "R@10": r10,
        "MRR": mrr,
    }
    for group, label in (
        ("tuning", "tuning set"),
        ("holdout", "held out"),
        ("holdout2", "held out 2"),
        ("holdout3", "held out 3"),
        ("holdout4", "held out 4"),
        ("holdout5", "held out 5"),
        ("dev6", "development 6"),
    ):
        if ranks.get(group):
            g1, g10, gm = quality(ranks[group])
            figures[f"{label} (n={len(ranks[group])}) R@1/R@10/MRR"] = (
                f"{g1}/{g10}/{gm}"
            )
    figures.update(
        {
            "p50 ms": round(p50, 2),
            "p95 ms": round(p95, 2),
            "load average": round(os.getloadavg()[0], 2),
            "indexed documents": backend.count(),
        }
    )
    return {
        "name": "laws search (judged queries, engine latency)",
        "figures": figures,
        "goal": GOAL,
        "met": r1 >= 0.85 and r10 >= 0.95 and p50 <= 2 and p95 <= 15,
        "misses": misses,
    }


def prior_stamp() -> str:
    """The static prior's constants: each indexed document stores its prior, so
    an index built under other constants is rebuilt (it would keep the old
    weights: the same count of documents, other scores)."""
    from fazhi.laws.search import tantivy_backend as engine

    return json.dumps(
        {
            name: getattr(engine, name)
            for name in (
                "RANK_EXPONENT",
                "DERIVED_FACTOR",
                "DERIVED_MARKS",
                "PARAGRAPH_FACTOR",
                "PRIOR_FLOOR",
            )
        },
        ensure_ascii=False,
    )


def quality(ranks: list[int | None]) -> tuple[float, float, float]:
    """R@1, R@10 and MRR of these ranks (None: not in the first 10)."""
    n = max(1, len(ranks))
    return (
        round(sum(r == 1 for r in ranks) / n, 3),
        round(sum(r is not None for r in ranks) / n, 3),
        round(sum(1 / r for r in ranks if r) / n, 3),
    )


def run() -> dict[str, Any]:
    if not CORPUS.exists():
        return {
            "name": "laws search",
            "figures": {"skipped": "no corpus"},
            "goal": GOAL,
            "met": False,
        }
    result = run_isolated(Path(__file__), DATA)
    result.pop("misses", None)
    return result


if __name__ == "__main__":
    if "--inner" in sys.argv:
        print(json.dumps(inner(), ensure_ascii=False))
    else:
        print(
            json.dumps(run_isolated(Path(__file__), DATA), ensure_ascii=False, indent=2)
        )
