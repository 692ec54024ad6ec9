"""The full-process record: append and verify throughput (goal P9).

Runs in its own process on a throw-away SQLite database (WAL, synchronous=FULL,
as shipped). Appends go through ``fazhi.core.audit.services.record`` inside
transactions of 1 and of 100 entries; verification recomputes the SM3 chain of
100,000 entries from the database (``fazhi audit verify``) and, separately, the
pure hashing over rows already in memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINGLE = 1_000
BATCHED = 5_000
TOTAL = 100_000
APPEND_GOAL = 2_000
VERIFY_GOAL = 100_000


def _inner() -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from fazhi.core.audit.chain import FIELDS
    from fazhi.core.audit.models import AuditEntry
    from fazhi.core.audit.services import record
    from fazhi.core.audit.verify import verify_chain, verify_database
    from fazhi.core.tests.factories import OrganizationFactory, UserFactory

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        organization = OrganizationFactory()
        actor = UserFactory()

    def fill(n: int) -> None:
        """Chain the remaining entries straight into the table (a valid chain, fast)."""
        from django.db import connection
        from django.utils import timezone

        from fazhi.core.audit.chain import entry_hash
        from fazhi.core.audit.models import ChainHead

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
                    json.dumps(row[c], ensure_ascii=False)
                    if c in ("before", "after")
                    else row[c]
                    for c in columns
                ]
            )
        with transaction.atomic(), connection.cursor() as cursor:
            names = ", ".join(columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO audit_auditentry ({names}) VALUES ({marks})",  # noqa: S608
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

    single = append(SINGLE, 1)
    batched = append(BATCHED, 100)
    fill(TOTAL - SINGLE - BATCHED)

    began = time.perf_counter()
    report = verify_database()
    verify_db = report.checked / (time.perf_counter() - began)
    assert report.ok
    assert report.checked == TOTAL

    rows = list(AuditEntry.objects.order_by("seq").values(*FIELDS, "hash"))
    began = time.perf_counter()
    pure = verify_chain(rows)
    verify_pure = pure.checked / (time.perf_counter() - began)

    return {
        "append_single": round(single),
        "append_batch100": round(batched),
        "verify_db": round(verify_db),
        "verify_pure": round(verify_pure),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-audit-") as tmp:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
            FAZHI_DATA_DIR=tmp,
            FAZHI_DATABASE_URL=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
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
    figures = json.loads(out.strip().splitlines()[-1])
    met = (
        min(figures["append_single"], figures["append_batch100"]) >= APPEND_GOAL
        and figures["verify_db"] >= VERIFY_GOAL
    )
    return {
        "name": "audit chain (SQLite)",
        "figures": {
            "append, 1 per transaction": f"{figures['append_single']:,}/s",
            "append, 100 per transaction": f"{figures['append_batch100']:,}/s",
            f"verify {TOTAL:,} from the database": f"{figures['verify_db']:,}/s",
            "verify, hashing only": f"{figures['verify_pure']:,}/s",
        },
        "goal": f"append ≥ {APPEND_GOAL:,}/s, verify ≥ {VERIFY_GOAL:,}/s (P9)",
        "met": met,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner"]:
        print(json.dumps(_inner()))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
