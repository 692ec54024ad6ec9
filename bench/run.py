"""Run every benchmark in bench/ and record the results in docs/benchmarks.md.

Each ``bench/bench_*.py`` module exposes ``run() -> dict`` returning
``{"name", "figures": {label: value}, "goal", "met": bool}``. The table between
the markers in docs/benchmarks.md is rewritten with the figures and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def render(results: list[dict]) -> str:
    lines = [
        BEGIN,
        "",
        f"Last run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        "| benchmark | figures | goal | met |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        figures = "; ".join(f"{k}: {v}" for k, v in r["figures"].items())
        lines.append(
            f"| {r['name']} | {figures} | {r['goal']} | {'yes' if r['met'] else 'NO'} |"
        )
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="benchmark module names (default: all)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
    names = args.only or sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    results = []
    for name in names:
        print(f"== {name}", flush=True)
        result = importlib.import_module(f"bench.{name}").run()
        print(json.dumps(result, ensure_ascii=False, indent=2), flush=True)
        results.append(result)
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if args.only:
        print("(partial run: docs/benchmarks.md not rewritten)")
    else:
        DOC.write_text(head + render(results) + tail)
        print(f"recorded in {DOC.relative_to(ROOT)}")
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
