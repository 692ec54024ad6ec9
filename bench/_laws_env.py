"""Run a laws benchmark in its own process, on a database and index under var/bench/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(
    os.environ.get("FAZHI_CORPUS", ROOT.parent / "shared" / "corpus" / "lawrefbook")
)


def run_isolated(script: Path, data_dir: Path, *args: str) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
        FAZHI_DATA_DIR=str(data_dir),
        FAZHI_DATABASE_URL=f"sqlite:///{data_dir / 'fazhi.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, str(script), "--inner", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


#: The apps whose tables a laws benchmark writes (with their dependencies).
LAWS_APPS = ("laws", "audit")


def setup_django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    # only what the laws benchmarks use: the other apps' migrations may be
    # changing while their work goes on, and their tables are not needed here
    for app in LAWS_APPS:
        call_command("migrate", app, verbosity=0)
