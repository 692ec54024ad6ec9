"""1,000,000 statutory deadlines: mixed rules, start dates 2004 to 2026, extensions, pauses.

Goal (reliability-performance anchors §2.4): ≤ 5 s wall time for 1,000,000
computations on the 2-core reference machine, split over 2 worker processes.

Each worker is a fresh process (``spawn``): it generates its share of the calls,
builds the working-day calendar and compiles the rules (the set-up, reported
separately), waits for the other worker at a barrier and then computes its share.
The timed part runs from the barrier to the last worker's end. The single-process
rate is measured the same way with one worker. The load average at the start is
reported: the figures are only comparable when the machine is otherwise idle.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import sys
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.rules import (
    Pause,
    RulesError,
    compute,
    default_calendar,
    get_rule,
    rule_ids,
)

TOTAL = 1_000_000
SINGLE = 200_000
WORKERS = 2
GOAL_SECONDS = 5.0
SEED = 20240927

Call = tuple[str, dt.date | dt.datetime, int, tuple[Pause, ...], str | None]


def _workload(count: int, seed: int) -> list[Call]:
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
    calls: list[Call] = []
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


_BARRIER: list[Barrier] = []


def _init(barrier: Barrier) -> None:
    _BARRIER.append(barrier)


def _now() -> float:
    # CLOCK_MONOTONIC is system-wide, so the workers' clocks can be compared.
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def _run_chunk(args: tuple[int, int]) -> dict[str, float]:
    """Set up, wait for the other workers, compute ``count`` deadlines."""
    count, seed = args
    began = _now()
    default_calendar()
    for rule_id in rule_ids():  # compile every rule once (the engine's set-up)
        for name in get_rule(rule_id).variants:
            try:
                compute(rule_id, dt.datetime(2025, 6, 3, 10), variant=name)
            except RulesError:
                continue
    ready = _now()
    calls = _workload(count, seed)
    generated = _now()
    _BARRIER[0].wait()
    start, cpu = _now(), time.process_time()
    for rule_id, day, extend, pauses, name in calls:
        compute(rule_id, day, extend=extend, pauses=pauses, variant=name)
    end = _now()
    return {
        "done": count,
        "setup": ready - began,
        "workload": generated - ready,
        "start": start,
        "end": end,
        "cpu": time.process_time() - cpu,
    }


def _measure(total: int, workers: int) -> list[dict[str, float]]:
    share = total // workers
    chunks = [
        (share + (1 if i < total % workers else 0), SEED + i) for i in range(workers)
    ]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers)
    with context.Pool(workers, initializer=_init, initargs=(barrier,)) as pool:
        return pool.map(_run_chunk, chunks, chunksize=1)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def run(
    total: int = TOTAL, workers: int = WORKERS, single: int = SINGLE
) -> dict[str, object]:
    """Compute ``total`` deadlines on ``workers`` processes; figures for bench/run.py."""
    load = os.getloadavg()
    solo = _measure(single, 1)[0]
    solo_wall = solo["end"] - solo["start"]
    results = _measure(total, workers)
    done = int(sum(r["done"] for r in results))
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    cpu = sum(r["cpu"] for r in results)
    per_million = wall * TOTAL / max(done, 1)
    load_end = os.getloadavg()
    return {
        "name": "deadlines",
        "figures": {
            "single-process deadlines per second": round(single / solo_wall),
            "single-process deadlines per CPU-second": round(
                single / max(solo["cpu"], 1e-9)
            ),
            "deadlines": done,
            "workers": workers,
            "seconds (compute, wall)": round(wall, 2),
            "seconds for 1,000,000 (wall)": round(per_million, 2),
            "CPU-seconds (all workers)": round(cpu, 2),
            "set-up per worker, s (calendar + rules)": round(
                max(r["setup"] for r in results), 2
            ),
            "workload generation per worker, s": round(
                max(r["workload"] for r in results), 2
            ),
            "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" for x in load),
            "load average at end (1 min)": round(load_end[0], 2),
            "CPU": _cpu_model(),
            "cores": os.cpu_count() or 1,
        },
        "goal": f"{TOTAL:,} deadlines ≤ {GOAL_SECONDS:g} s on {WORKERS} cores",
        "met": per_million <= GOAL_SECONDS,
    }


if __name__ == "__main__":
    import json

    total = int(sys.argv[1]) if len(sys.argv) > 1 else TOTAL
    print(json.dumps(run(total), ensure_ascii=False, indent=2))
