"""Search quality and engine latency over the judged query set (bench/queries.yaml).

R@1, R@10 and MRR count a query as answered when the expected article of the
expected instrument is among the first 1 / 10 article hits (as of today).
Latency is the engine's time per query (search + snippets of 10 hits).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench._laws_env import CORPUS, ROOT, run_isolated, setup_django  # noqa: E402

GOAL = "R@1 ≥ 0.85, R@10 ≥ 0.95, engine p50 ≤ 2 ms, p95 ≤ 15 ms"
DATA = ROOT / "var" / "bench" / "laws"
ROUNDS = 5


def inner() -> dict:
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
    if backend.count() != expected_count():
        rebuild_index()
    queries = yaml.safe_load((HERE / "queries.yaml").read_text())["queries"]
    judged = [q for q in queries if q.get("instrument") and not q.get("set")]
    holdout = [q for q in queries if q.get("set") == "holdout"]
    day = today()
    ranks: list[int | None] = []
    held: list[int | None] = []
    misses = []
    for q in judged + holdout:
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
        (held if q.get("set") else ranks).append(rank)
        if rank != 1:
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
    n = len(judged)
    r1 = sum(r == 1 for r in ranks) / n
    r10 = sum(r is not None for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    return {
        "name": "laws search (judged queries, engine latency)",
        "figures": {
            "judged queries": n,
            "R@1": round(r1, 3),
            "R@10": round(r10, 3),
            "MRR": round(mrr, 3),
            "held-out queries": len(held),
            "held-out R@1": round(sum(r == 1 for r in held) / max(1, len(held)), 3),
            "held-out R@10": round(
                sum(r is not None for r in held) / max(1, len(held)), 3
            ),
            "p50 ms": round(p50, 2),
            "p95 ms": round(p95, 2),
            "indexed documents": backend.count(),
        },
        "goal": GOAL,
        "met": r1 >= 0.85 and r10 >= 0.95 and p50 <= 2 and p95 <= 15,
        "misses": misses,
    }


def run() -> dict:
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
