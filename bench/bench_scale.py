"""Law search at 30 times the corpus: index build, size on disk and engine latency.

Anchors P2 and P4 (/work/shared/docs/reliability-performance-anchors.md): a
national portal holds 30 to 50 times our corpus. The corpus of bench_search
(var/bench/laws/, built when missing) is copied COPIES times: copy 0 is the real
one; every other copy becomes the same instruments issued in one province (title,
issuing body and region of that province, every version's dates moved back by up
to ten years), and about a quarter of its articles are changed slightly (a
numeral, the government named, a sentence added), deterministically (SEED).

The index is built by the project's own code — ``get_backend().rebuild()`` with
the production schema, tokenizers and writer — into var/bench/scale/index, fed
lazily so the 4.7 million documents never sit in memory at once. jieba words and
bigram sequences of texts that repeat unchanged from copy 0 (bodies, titles and
first sentences) are memoised during
the build (the functions are pure, so the index is the same; only the build is
shorter than a production re-index, which segments every text again: the figure
"segmenting a production re-index would add" estimates that part). The index
keeps no text: in production the snippets' texts are read from the database,
here from memory (the copies' texts, changed or not); their size is reported
apart ("texts in the database").

Latency: every query of bench/queries.yaml plus two-character terms, as of today,
10 hits with snippets (as bench_search measures it), one untimed round to warm
the page cache, then ROUNDS timed rounds.

Opt-in, about a quarter of an hour: ``make bench-scale``, or
``FAZHI_BENCH_SCALE=1 python bench/run.py bench_scale``. Without it ``run()``
reports the last run's figures kept in var/bench/scale/result.json.
``FAZHI_BENCH_SCALE_COPIES`` changes the factor (3 for a quick try),
``FAZHI_BENCH_SCALE_REUSE=1`` keeps an index already built for that factor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench._laws_env import CORPUS, ROOT, setup_django  # noqa: E402

NAME = "laws search at 30× the corpus (engine)"
GOAL = "engine p95 ≤ 50 ms, index ≤ 3 GB (P2); build ≤ 20 min (P4)"
DATA = ROOT / "var" / "bench" / "laws"
OUT = ROOT / "var" / "bench" / "scale"
RESULT = OUT / "result.json"
COPIES = int(os.environ.get("FAZHI_BENCH_SCALE_COPIES", "30"))
SEED = 20261122
#: Share of a copy's articles changed slightly.
PERTURBED = 0.25
#: Dates of a copy's version move back by up to this many days.
MAX_SHIFT_DAYS = 3650
ROUNDS = 3
#: Memory of the index writer for the bulk build (the production writer keeps
#: 128 MB, which at this size flushes hundreds of small segments and spends the
#: build merging them); the schema and the tokenizers are the production ones.
WRITER_HEAP = 1_500_000_000
#: Two-character terms, the common and costly case (long posting lists).
TWO_CHARACTER_TERMS = (
    "罚款",
    "听证",
    "期限",
    "复议",
    "许可",
    "赔偿",
    "合同",
    "登记",
    "处分",
    "拘留",
    "税收",
    "环境",
)
#: Province-level divisions (GB/T 2260) the copies are issued in.
PROVINCES = (
    ("110000", "北京市"),
    ("120000", "天津市"),
    ("130000", "河北省"),
    ("140000", "山西省"),
    ("150000", "内蒙古自治区"),
    ("210000", "辽宁省"),
    ("220000", "吉林省"),
    ("230000", "黑龙江省"),
    ("310000", "上海市"),
    ("320000", "江苏省"),
    ("330000", "浙江省"),
    ("340000", "安徽省"),
    ("350000", "福建省"),
    ("360000", "江西省"),
    ("370000", "山东省"),
    ("410000", "河南省"),
    ("420000", "湖北省"),
    ("430000", "湖南省"),
    ("440000", "广东省"),
    ("450000", "广西壮族自治区"),
    ("460000", "海南省"),
    ("500000", "重庆市"),
    ("510000", "四川省"),
    ("520000", "贵州省"),
    ("530000", "云南省"),
    ("540000", "西藏自治区"),
    ("610000", "陕西省"),
    ("620000", "甘肃省"),
    ("630000", "青海省"),
    ("640000", "宁夏回族自治区"),
    ("650000", "新疆维吾尔自治区"),
)
NUMERALS = "一二三四五六七八九十"
#: (what, by what) — the national bodies a provincial copy names instead.
BODIES = (
    ("国务院", "{p}人民政府"),
    ("全国人民代表大会常务委员会", "{p}人民代表大会常务委员会"),
    ("县级以上人民政府", "设区的市级以上人民政府"),
    ("国家", "{p}"),
)
ID_STRIDE = 10_000_000
#: Texts this short (titles) are memoised whatever copy they come from.
SHORT_TEXT = 48


# -- the corpus ---------------------------------------------------------------
class ScaledCorpus:
    """COPIES copies of ``base``, generated while the index writer reads them."""

    def __init__(self, base: list[Any], copies: int, progress: Any = None) -> None:
        self.base = base
        self.copies = copies
        self.progress = progress
        #: The texts of the documents, as the database holds them in production
        #: (the index keeps none): the changed ones by key, the others by the
        #: key of the document they copy.
        self.bodies = {doc.key: doc.body for doc in base}
        self.changed: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.base) * self.copies

    def __iter__(self) -> Iterator[Any]:
        for copy in range(self.copies):
            yield from self.copy(copy)

    def copy(self, number: int) -> Iterator[Any]:
        if number == 0:
            for doc in self.base:
                self._tick()
                yield doc
            return
        rng = random.Random(SEED * 1000 + number)
        code, province = PROVINCES[(number - 1) % len(PROVINCES)]
        shifts: dict[int, dt.timedelta] = {}
        for doc in self.base:
            shift = shifts.get(doc.version_id)
            if shift is None:
                shift = shifts[doc.version_id] = dt.timedelta(
                    days=-rng.randrange(MAX_SHIFT_DAYS)
                )
            body = doc.body
            key = f"{doc.key}~{number}"
            if doc.doc_type == "article" and rng.random() < PERTURBED:
                body = self.changed[key] = perturb(body, province, rng)
            self._tick()
            yield dataclasses.replace(
                doc,
                key=key,
                version_id=doc.version_id + number * ID_STRIDE,
                instrument_id=doc.instrument_id + number * ID_STRIDE,
                title=f"{province}{doc.title}",
                short_title=f"{province}{doc.short_title}",
                body=body,
                issuing_body=f"{province}{doc.issuing_body}"
                if doc.issuing_body
                else "",
                region=code,
                promulgated_on=_moved(doc.promulgated_on, shift),
                effective_on=_moved(doc.effective_on, shift),
                ends_on=doc.ends_on
                if doc.ends_on.year == 9999
                else _moved(doc.ends_on, shift),
                url=f"/scale/{number}{doc.url}",
            )

    def texts(self, keys: list[str]) -> dict[str, str]:
        """The texts of these documents (the backend's ``texts`` loader)."""
        return {
            key: self.changed.get(key) or self.bodies[key.partition("~")[0]]
            for key in keys
        }

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress.update(1)


def _moved(day: dt.date | None, shift: dt.timedelta) -> dt.date | None:
    return day + shift if day is not None else None


def perturb(text: str, province: str, rng: random.Random) -> str:
    """One small change: a numeral, the body named, or a sentence added."""
    choice = rng.randrange(3)
    if choice == 0:
        places = [i for i, c in enumerate(text) if c in NUMERALS]
        if places:
            i = rng.choice(places)
            return text[:i] + rng.choice(NUMERALS.replace(text[i], "")) + text[i + 1 :]
    if choice <= 1:
        for old, new in BODIES:
            if old in text:
                return text.replace(old, new.format(p=province), 1)
    return f"{text}具体办法由{province}人民政府另行制定。"


def memoise(module: Any, names: tuple[str, ...], keep: set[str]) -> Callable[[], None]:
    """Cache the pure text functions ``names`` of ``module`` for the texts in
    ``keep``; returns the function that puts the originals back."""
    originals = {n: getattr(module, n) for n in names if hasattr(module, n)}
    for name, function in originals.items():
        cache: dict[str, list[str]] = {}

        def cached(
            text: str,
            _f: Callable[[str], list[str]] = function,
            _c: dict[str, list[str]] = cache,
        ) -> list[str]:
            hit = _c.get(text)
            if hit is not None:
                return hit
            value = _f(text)
            if text in keep or len(text) < SHORT_TEXT:
                _c[text] = value = [sys.intern(v) for v in value]
            return value

        setattr(module, name, cached)

    def restore() -> None:
        for name, function in originals.items():
            setattr(module, name, function)

    return restore


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


# -- the measurement (in its own process) -------------------------------------
def inner() -> dict[str, Any]:
    import yaml
    from django.conf import settings
    from tqdm import tqdm

    setup_django()
    from fazhi.laws.importer import import_corpus
    from fazhi.laws.models import Version
    from fazhi.laws.search import indexing
    from fazhi.laws.search import tantivy_backend as engine
    from fazhi.laws.search.base import SearchQuery

    if not Version.objects.exists():
        import_corpus(CORPUS)
    started = time.perf_counter()
    base = list(indexing.documents_for(indexing._versions()))
    load_seconds = time.perf_counter() - started
    settings.LAWS_SEARCH_DIR = OUT / "index"
    indexing._backend_for.cache_clear()
    backend: Any = indexing.get_backend()
    total = len(base) * COPIES
    reuse = os.environ.get("FAZHI_BENCH_SCALE_REUSE") == "1"
    build: dict[str, Any] = {}
    corpus = ScaledCorpus(base, COPIES)
    if not (reuse and backend.count() == total):
        build = _build(backend, corpus, engine, tqdm)
    else:
        for _doc in corpus:  # the changed texts, as the build would keep them
            pass
    backend._texts = corpus.texts
    size = _size(OUT / "index")
    # what the database holds for the snippets (the index keeps no text)
    text_bytes = sum(len(d.body.encode()) for d in base) * COPIES + sum(
        len(t.encode()) - len(corpus.bodies[k.partition("~")[0]].encode())
        for k, t in corpus.changed.items()
    )

    queries = [
        q["q"] for q in yaml.safe_load((HERE / "queries.yaml").read_text())["queries"]
    ]
    queries += [t for t in TWO_CHARACTER_TERMS if t not in queries]
    short = {q for q in queries if len(q) <= 2}
    day = indexing.today()
    for q in queries:  # warm the page cache and the per-term query cache
        backend.search(SearchQuery(text=q, as_of=day, limit=10))
    timings: list[float] = []
    short_timings: list[float] = []
    for _ in range(ROUNDS):
        for q in queries:
            began = time.perf_counter()
            backend.search(SearchQuery(text=q, as_of=day, limit=10))
            elapsed = (time.perf_counter() - began) * 1000
            timings.append(elapsed)
            if q in short:
                short_timings.append(elapsed)
    timings.sort()
    short_timings.sort()
    p95 = _percentile(timings, 0.95)
    figures: dict[str, Any] = {
        "copies": COPIES,
        "indexed documents": backend.count(),
        "shards": len(getattr(backend, "_shards", [None])),
        "index GB": round(size / 1e9, 2),
        "index bytes per document": round(size / max(1, backend.count())),
        "texts in the database (not in the index) GB": round(text_bytes / 1e9, 2),
        **build,
        "queries": len(queries),
        "p50 ms": round(statistics.median(timings), 2),
        "p95 ms": round(p95, 2),
        "max ms": round(timings[-1], 2),
        "1-2 character terms p50/p95 ms": [
            round(statistics.median(short_timings), 2),
            round(_percentile(short_timings, 0.95), 2),
        ]
        if short_timings
        else None,
        "peak memory GB": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 1
        ),
        "corpus read from the database s": round(load_seconds, 1),
        "load average (1/5/15 min)": [round(x, 2) for x in os.getloadavg()],
    }
    build_minutes = build.get("build min")
    return {
        "name": NAME,
        "figures": figures,
        "goal": GOAL,
        "met": p95 <= 50
        and size <= 3e9
        and (build_minutes is None or build_minutes <= 20),
    }


def _build(
    backend: Any, corpus: ScaledCorpus, engine: Any, tqdm: Any
) -> dict[str, Any]:
    base = corpus.base
    total = len(base) * COPIES
    # the first sentences too: lead_words segments them apart from the body
    keep = (
        {d.body for d in base}
        | {d.short_title for d in base}
        | {engine.lead(d.body) for d in base}
    )
    segmenting = _segmenting_seconds(base, engine)
    print(
        f"building a {COPIES}× index of {total:,} documents under {OUT / 'index'} "
        f"(about a quarter of an hour at 30×)",
        file=sys.stderr,
        flush=True,
    )
    restore = memoise(engine, ("words", "gram_sequence"), keep)
    production_heap = engine.REBUILD_HEAP
    engine.REBUILD_HEAP = WRITER_HEAP
    progress = tqdm(
        total=total, unit=" doc", file=sys.stderr, mininterval=5, smoothing=0.05
    )
    cpu = time.process_time()
    began = time.perf_counter()
    try:
        corpus.progress = progress
        backend.rebuild(corpus)
    finally:
        restore()
        engine.REBUILD_HEAP = production_heap
        progress.close()
    seconds = time.perf_counter() - began
    # every copy but the first segments only its perturbed and renamed texts
    saved = segmenting * (COPIES - 1) * (1 - PERTURBED)
    return {
        "writer heap GB": WRITER_HEAP / 1e9,
        "build min": round(seconds / 60, 1),
        "build CPU min (all threads)": round((time.process_time() - cpu) / 60, 1),
        "segmenting a production re-index would add min": round(saved / 60, 1),
    }


def _segmenting_seconds(base: list[Any], engine: Any) -> float:
    """Time jieba and the bigram sequence take over the real corpus (a sample)."""
    sample = base[:: max(1, len(base) // 20_000)]
    began = time.perf_counter()
    for doc in sample:
        engine.words(doc.body)
        engine.gram_sequence(doc.body)
    return (time.perf_counter() - began) * len(base) / len(sample)


# -- the protocol of bench/run.py ----------------------------------------------
def run() -> dict[str, Any]:
    if os.environ.get("FAZHI_BENCH_SCALE") != "1":
        if RESULT.exists():
            last: dict[str, Any] = json.loads(RESULT.read_text())
            last["figures"]["measured"] = (
                f"{last.pop('measured_at', '?')} (not rerun: make bench-scale)"
            )
            return last
        return {
            "name": NAME,
            "figures": {"skipped": "opt-in: make bench-scale (FAZHI_BENCH_SCALE=1)"},
            "goal": GOAL,
            "met": False,
        }
    if not CORPUS.exists() and not (DATA / "fazhi.sqlite3").exists():
        return {
            "name": NAME,
            "figures": {"skipped": "no corpus"},
            "goal": GOAL,
            "met": False,
        }
    OUT.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
        FAZHI_DATA_DIR=str(DATA),
        FAZHI_DATABASE_URL=f"sqlite:///{DATA / 'fazhi.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(  # noqa: S603 - stderr left to the terminal: progress
        [sys.executable, str(Path(__file__)), "--inner"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    RESULT.write_text(
        json.dumps(
            {**result, "measured_at": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"},
            ensure_ascii=False,
            indent=2,
        )
    )
    return result


if __name__ == "__main__":
    if "--inner" in sys.argv:
        print(json.dumps(inner(), ensure_ascii=False))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
