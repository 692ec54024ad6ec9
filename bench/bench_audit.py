"""The full-process record: append and verify throughput (goal P9).

Each engine runs in its own process with the shipped database settings
(``DEBUG`` off): a throw-away SQLite file (WAL, ``synchronous=FULL``) and, if
it answers, PostgreSQL at ``FAZHI_BENCH_PG_URL``. Appends go through
``fazhi.core.audit.services.record`` in transactions of 100 entries (the goal)
and of 1 entry — the latter is bounded by durable commits (an fsync each), so
it is reported as durable commits per second, for context. Verification
recomputes the SM3 chain of at least 100,000 entries from the database
(``fazhi audit verify``) and, separately, over rows already in memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SINGLE = 500
BATCHED = 10_000
BATCH = 100
TOTAL = 100_000
APPEND_GOAL = 2_000
VERIFY_GOAL = 100_000
PG_URL = os.environ.get(
    "FAZHI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/fazhi_bench"
)


def _inner() -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from fazhi.core.audit.chain import FIELDS, canonical_json, entry_hash
    from fazhi.core.audit.models import AuditEntry, ChainHead
    from fazhi.core.audit.services import record
    from fazhi.core.audit.verify import verify_chain, verify_database
    from fazhi.core.tests.factories import OrganizationFactory, UserFactory

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        # The PostgreSQL database is kept between runs: names must not collide.
        run_id = uuid.uuid4().hex[:12]
        organization = OrganizationFactory(name=f"基准单位{run_id}")
        actor = UserFactory(username=f"bench-{run_id}")

    def fill(n: int) -> None:
        """Chain more entries straight into the table (a valid chain, fast)."""
        from django.utils import timezone

        head = ChainHead.objects.get()
        seq, prev = head.seq, head.hash
        columns = [*FIELDS, "hash"]
        rows = []
        for i in range(n):
            seq += 1
            row = {
                "seq": seq,
                "occurred_at": timezone.now(),
                "actor_id": actor.pk,
                "actor_label": actor.username,
                "organization_id": organization.pk,
                "object_type": "core.organization",
                "object_id": str(organization.pk),
                "object_label": organization.name,
                "action": "bench.act",
                "basis": "《行政复议法》第三十条",
                "before": {"state": "received"},
                "after": {"state": "accepted", "i": i},
                "reason": "",
                "request_id": "",
                "ip": "",
                "prev_hash": prev,
            }
            row["hash"] = prev = entry_hash(row)
            rows.append(
                [
                    canonical_json(row[c]) if c in ("before", "after") else row[c]
                    for c in columns
                ]
            )
            # The time as Django stores it (naive UTC text on SQLite).
            rows[-1][1] = connection.ops.adapt_datetimefield_value(row["occurred_at"])
        jsonb = "::jsonb" if connection.vendor == "postgresql" else ""
        marks = ", ".join(
            f"%s{jsonb}" if c in ("before", "after") else "%s" for c in columns
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO audit_auditentry ({', '.join(columns)})"  # noqa: S608
                f" VALUES ({marks})",
                rows,
            )
            cursor.execute(
                "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1",
                [seq, prev],
            )

    def append(n: int, batch: int) -> float:
        began = time.perf_counter()
        for first in range(0, n, batch):
            with transaction.atomic():
                for i in range(first, min(first + batch, n)):
                    record(
                        actor=actor,
                        action="bench.act",
                        obj=organization,
                        basis="《行政复议法》第三十条",
                        before={"state": "received"},
                        after={"state": "accepted", "i": i},
                    )
        return n / (time.perf_counter() - began)

    batched = append(BATCHED, BATCH)
    single = append(SINGLE, 1)
    have = ChainHead.objects.get().seq
    if have < TOTAL:
        fill(TOTAL - have)

    began = time.perf_counter()
    report = verify_database()
    verify_db = report.checked / (time.perf_counter() - began)
    assert report.ok, report.as_dict()
    assert report.checked >= TOTAL

    rows = list(
        AuditEntry.objects.filter(seq__lte=TOTAL)
        .order_by("seq")
        .values(*FIELDS, "hash")
    )
    began = time.perf_counter()
    pure = verify_chain(rows)
    verify_pure = pure.checked / (time.perf_counter() - began)

    return {
        "append_batch": round(batched),
        "commits_single": round(single),
        "verify_db": round(verify_db),
        "verify_pure": round(verify_pure),
        "entries": report.checked,
    }


def _run_inner(database_url: str, data_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
        FAZHI_DEBUG="0",
        FAZHI_DATA_DIR=data_dir,
        FAZHI_DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--inner"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _postgresql_ready(url: str) -> bool:
    """Create the bench database if it is missing; False if PostgreSQL is absent."""
    try:
        import psycopg
    except ImportError:
        return False
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if found is None:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


def run() -> dict:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-audit-") as tmp:
        sqlite = _run_inner(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", tmp)
        postgresql = _run_inner(PG_URL, tmp) if _postgresql_ready(PG_URL) else None
    figures = {
        "load average at start": f"{load:.2f}",
        f"SQLite append, {BATCH} per transaction": f"{sqlite['append_batch']:,}/s",
        "SQLite durable commits (1 per transaction)": (
            f"{sqlite['commits_single']:,}/s"
        ),
        f"SQLite verify {sqlite['entries']:,} from the database": (
            f"{sqlite['verify_db']:,}/s"
        ),
        "verify, hashing only": f"{sqlite['verify_pure']:,}/s",
    }
    met = sqlite["append_batch"] >= APPEND_GOAL and sqlite["verify_db"] >= VERIFY_GOAL
    if postgresql is not None:
        figures.update(
            {
                f"PostgreSQL append, {BATCH} per transaction": (
                    f"{postgresql['append_batch']:,}/s"
                ),
                "PostgreSQL durable commits (1 per transaction)": (
                    f"{postgresql['commits_single']:,}/s"
                ),
                f"PostgreSQL verify {postgresql['entries']:,} from the database": (
                    f"{postgresql['verify_db']:,}/s"
                ),
            }
        )
        met = met and postgresql["append_batch"] >= APPEND_GOAL
    return {
        "name": "audit chain",
        "figures": figures,
        "goal": (
            f"append ≥ {APPEND_GOAL:,}/s in transactions of {BATCH}, "
            f"verify ≥ {VERIFY_GOAL:,}/s (P9)"
        ),
        "met": met,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner"]:
        print(json.dumps(_inner()))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
