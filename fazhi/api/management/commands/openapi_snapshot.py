"""Write or check the committed OpenAPI document ``docs/api/openapi-v1.json``.

A change of the API shows up as a diff of this file in review; CI runs
``--check`` so that the snapshot cannot drift from the code.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.api.v1.api import api


def snapshot_path() -> Path:
    from fazhi.settings.base import CHECKOUT_DIR

    return CHECKOUT_DIR / "docs" / "api" / "openapi-v1.json"


def render_schema() -> str:
    """The OpenAPI document as stable text: sorted keys, indent 2, final newline."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write (--write) or check (--check) docs/api/openapi-v1.json."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--write", action="store_true")
        mode.add_argument("--check", action="store_true")
        parser.add_argument("--path", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"] or snapshot_path()
        current = render_schema()
        if options["write"]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(current, encoding="utf-8")
            self.stdout.write(f"wrote {path}")
            return
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed == current:
            self.stdout.write(f"{path} is up to date")
            return
        diff = list(
            difflib.unified_diff(
                committed.splitlines(),
                current.splitlines(),
                fromfile=f"{path} (committed)",
                tofile="generated from the code",
                lineterm="",
            )
        )
        added = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
        removed = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
        shown = "\n".join(diff[:80])
        more = f"\n… {len(diff) - 80} more diff lines" if len(diff) > 80 else ""
        raise CommandError(
            f"The OpenAPI snapshot is out of date (+{added} -{removed} lines); "
            f"run `make openapi` and commit {path}.\n{shown}{more}"
        )
