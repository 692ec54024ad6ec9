"""Import of the whole lawrefbook corpus into an empty database, then the index build."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench._laws_env import CORPUS, ROOT, run_isolated, setup_django  # noqa: E402

GOAL = "whole corpus imported and indexed (parse + write + index) in ≤ 120 s on 2 cores"
DATA = ROOT / "var" / "bench" / "laws-import"


def inner() -> dict:
    setup_django()
    from fazhi.laws.importer import import_corpus
    from fazhi.laws.search.indexing import rebuild_index

    report = import_corpus(CORPUS)
    started = time.perf_counter()
    indexed = rebuild_index()
    index_seconds = time.perf_counter() - started
    again = import_corpus(CORPUS)
    return {
        "name": "laws corpus import",
        "figures": {
            "files": report.files,
            "instruments": report.instruments,
            "versions": report.versions,
            "articles": report.articles,
            "files with problems": len(report.problems),
            "import s": round(report.seconds, 1),
            "index build s": round(index_seconds, 1),
            "import + index s": round(report.seconds + index_seconds, 1),
            "indexed documents": indexed,
            "re-import s (unchanged)": round(again.seconds, 1),
            "re-import changed": again.created + again.updated,
        },
        "goal": GOAL,
        "met": report.seconds + index_seconds <= 120
        and again.created + again.updated == 0,
    }


def run() -> dict:
    if not CORPUS.exists():
        return {
            "name": "laws corpus import",
            "figures": {"skipped": "no corpus"},
            "goal": GOAL,
            "met": False,
        }
    shutil.rmtree(DATA, ignore_errors=True)
    return run_isolated(Path(__file__), DATA)


if __name__ == "__main__":
    if "--inner" in sys.argv:
        print(json.dumps(inner(), ensure_ascii=False))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
