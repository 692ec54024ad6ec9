"""A corpus import killed with SIGKILL keeps every committed batch and no partial
version; running it again completes it with the same figures as a clean run."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi.laws.tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.exists(), reason="no lawrefbook corpus"),
]
ROOT = Path(__file__).resolve().parents[3]
FILES = 200
BATCH = 20


def fazhi(data: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
        FAZHI_DATA_DIR=str(data),
        FAZHI_DATABASE_URL=f"sqlite:///{data / 'db.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "fazhi", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(data: Path, *args: str) -> None:
    assert fazhi(data, *args).wait(timeout=300) == 0


def import_args() -> list[str]:
    return [
        "laws",
        "import-lawrefbook",
        str(CORPUS),
        "--limit",
        str(FILES),
        "--batch-size",
        str(BATCH),
        "--no-index",
    ]


def figures(db: Path) -> dict[str, object]:
    con = sqlite3.connect(db)
    try:
        return {
            "versions": con.execute("SELECT count(*) FROM laws_version").fetchone()[0],
            "instruments": con.execute(
                "SELECT count(*) FROM laws_instrument"
            ).fetchone()[0],
            "provisions": con.execute("SELECT count(*) FROM laws_provision").fetchone()[
                0
            ],
            "articles": con.execute(
                "SELECT sum(article_count) FROM laws_version"
            ).fetchone()[0],
            "versions without their articles": con.execute(
                "SELECT count(*) FROM laws_version v WHERE v.article_count != "
                "(SELECT count(*) FROM laws_provision p "
                " WHERE p.version_id = v.id AND p.kind = 'article')"
            ).fetchone()[0],
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
        }
    finally:
        con.close()


def test_a_killed_import_keeps_whole_batches_and_resumes(tmp_path):
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    for data in (killed, clean):
        data.mkdir()
        run(data, "migrate", "--verbosity", "0")
    process = fazhi(killed, *import_args())
    db = killed / "db.sqlite3"
    wanted = random.randint(1, FILES // BATCH - 2) * BATCH
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if figures(db)["versions"] >= wanted:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    after_kill = figures(db)
    run(killed, *import_args())
    run(clean, *import_args())

    assert after_kill["versions"] % BATCH == 0  # whole batches only
    assert after_kill["versions"] >= BATCH
    assert after_kill["versions without their articles"] == 0
    assert after_kill["integrity"] == "ok"
    assert figures(db) == figures(clean / "db.sqlite3")
    assert figures(db)["versions"] == FILES
