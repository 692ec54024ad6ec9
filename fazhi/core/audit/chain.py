"""The canonical form of an entry and its SM3 hash (ADR 0030).

The canonical form is the UTF-8 JSON object of every stored field except
``hash`` — keys sorted, no whitespace, non-ASCII kept as is, the time in UTC
ISO 8601 with microseconds. ``before`` and ``after`` are normalised to plain
JSON before they are stored, so reading them back gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import hashes

#: The fields that enter the hash, in the order ``fazhi audit verify`` reads them.
FIELDS: tuple[str, ...] = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "organization_id",
    "object_type",
    "object_id",
    "object_label",
    "action",
    "basis",
    "before",
    "after",
    "reason",
    "request_id",
    "ip",
    "prev_hash",
)

_dumps = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def timestamp(moment: dt.datetime) -> str:
    """The canonical text of a time: UTC, microseconds, ``+00:00``."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed for one entry (``row`` holds :data:`FIELDS`)."""
    data = {name: row[name] for name in FIELDS}
    occurred_at = data["occurred_at"]
    if isinstance(occurred_at, dt.datetime):
        data["occurred_at"] = timestamp(occurred_at)
    return _dumps(data).encode("utf-8")


def sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def entry_hash(row: Mapping[str, Any]) -> str:
    """SM3 (GB/T 32905-2016) of the canonical form, as 64 hex digits."""
    return sm3(canonical(row))
