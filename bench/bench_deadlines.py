"""1,000,000 statutory deadlines: mixed rules, start dates 2004 to 2026, extensions, pauses.

Goal (reliability-performance anchors §2.4): ≤ 5 s for 1,000,000 computations on the
2-core reference machine. Work is split over the available cores (at most 2 by
default) with multiprocessing; the single-process rate is reported too.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.rules import Pause, compute, default_calendar, get_rule, rule_ids

TOTAL = 1_000_000
GOAL_SECONDS = 5.0
SEED = 20240927


def _workload(
    count: int, seed: int
) -> list[tuple[str, dt.date | dt.datetime, int, tuple[Pause, ...], str | None]]:
    """Random but valid calls: start dates inside each rule's period of force."""
    rng = random.Random(seed)
    last = dt.date(2026, 12, 31).toordinal()
    choices = []
    for rule_id in rule_ids():
        rule = get_rule(rule_id)
        for name, variant in rule.current().variants.items():
            since = min(v.since for v in rule.versions if name in v.variants)
            first = max(since, dt.date(2004, 1, 1)).toordinal()
            choices.append((rule_id, name, variant, first))
    calls = []
    for _ in range(count):
        rule_id, name, variant, first = rng.choice(choices)
        day = dt.date.fromordinal(rng.randint(first, last))
        if variant.kind in ("window",) or variant.declared_unit == "hours":
            start: dt.date | dt.datetime = dt.datetime.combine(
                day, dt.time(rng.randint(0, 23), 30)
            )
        else:
            start = day
        extend = 0
        if variant.extension is not None and rng.random() < 0.2:
            cap = variant.extension.max or 30
            extend = rng.randint(1, cap)
        pauses: tuple[Pause, ...] = ()
        if variant.pausable and rng.random() < 0.1:
            begin = day + dt.timedelta(days=rng.randint(1, 20))
            pauses = (Pause(begin, begin + dt.timedelta(days=rng.randint(0, 15))),)
        calls.append((rule_id, start, extend, pauses, name))
    return calls


def _run_chunk(args: tuple[int, int]) -> tuple[int, float, float]:
    count, seed = args
    calls = _workload(count, seed)
    default_calendar()
    compute("licensing.decision_deadline", dt.date(2024, 1, 2))
    wall, cpu = time.perf_counter(), time.process_time()
    done = 0
    for rule_id, start, extend, pauses, name in calls:
        compute(rule_id, start, extend=extend, pauses=pauses, variant=name)
        done += 1
    return done, time.perf_counter() - wall, time.process_time() - cpu


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def run(total: int = TOTAL, workers: int | None = None) -> dict[str, object]:
    """Compute ``total`` deadlines; return the figures for bench/run.py."""
    cores = os.cpu_count() or 1
    workers = workers or min(2, cores)
    share = total // workers
    chunks = [
        (share + (1 if i < total % workers else 0), SEED + i) for i in range(workers)
    ]
    started = time.perf_counter()
    if workers == 1:
        results = [_run_chunk(chunks[0])]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_chunk, chunks)
    done = sum(r[0] for r in results)
    compute_seconds = max(r[1] for r in results)  # the workers run side by side
    cpu_seconds = sum(r[2] for r in results)
    elapsed = time.perf_counter() - started
    single_rate = done / cpu_seconds if cpu_seconds else 0.0
    return {
        "name": "deadlines",
        "figures": {
            "deadlines": done,
            "workers": workers,
            "seconds (compute, wall)": round(compute_seconds, 2),
            "seconds (incl. set-up)": round(elapsed, 2),
            "rate per second": round(done / compute_seconds),
            "single-process rate per CPU-second": round(single_rate),
            "CPU": _cpu_model(),
            "cores": cores,
        },
        "goal": f"{TOTAL:,} deadlines ≤ {GOAL_SECONDS:g} s on 2 cores",
        "met": compute_seconds * TOTAL / max(done, 1) <= GOAL_SECONDS,
    }


if __name__ == "__main__":
    import json

    total = int(sys.argv[1]) if len(sys.argv) > 1 else TOTAL
    print(json.dumps(run(total), ensure_ascii=False, indent=2))
