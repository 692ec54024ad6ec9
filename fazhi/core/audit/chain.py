"""The canonical form of an entry and its SM3 hash (ADR 0030).

The canonical form is the UTF-8 JSON array of every stored field except
``hash``, in the order of :data:`FIELDS` — no whitespace, non-ASCII kept as
is, no NaN; the time in UTC ISO 8601 with microseconds; ``before`` and
``after`` as ``null`` or as a JSON *string* holding the canonical JSON text of
the value (keys sorted, no whitespace, non-ASCII kept). ``before`` and
``after`` are normalised to plain JSON before they are stored, so reading
them back gives the same bytes; the record stores exactly that text where
the database keeps text (SQLite), which lets verification hash it unparsed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import json.encoder
from collections.abc import Callable, Mapping, Sequence
from typing import Any

#: The fields that enter the hash, in the order they appear in the canonical form.
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
#: Positions of the JSON fields in :data:`FIELDS`.
BEFORE, AFTER = FIELDS.index("before"), FIELDS.index("after")


def timestamp(moment: dt.datetime) -> str:
    """The canonical text of a time: UTC, microseconds, ``+00:00``.

    A naive time is taken as UTC, as Django stores it on SQLite.
    """
    if moment.tzinfo is None:
        return moment.isoformat(timespec="microseconds") + "+00:00"
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _default(value: object) -> str:
    if isinstance(value, dt.datetime):
        return timestamp(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


def _make_encoder() -> Callable[[Any], str]:
    """One JSON encoder built once: sorted keys, compact, non-ASCII kept, no NaN.

    The C encoder is called directly (no per-call set-up); the values are
    plain JSON without cycles, so the cycle check is skipped.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - interpreters without the C accelerator
        return json.JSONEncoder(
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            allow_nan=False,
            check_circular=False,
            default=_default,
        ).encode
    encode = make(
        None,
        _default,
        json.encoder.encode_basestring,
        None,
        ":",
        ",",
        True,
        False,
        False,
    )

    def run(value: Any) -> str:
        return "".join(encode(value, 0))

    return run


_encode = _make_encoder()


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a plain JSON value (``before``/``after``)."""
    return _encode(value)


def canonical_line(values: Sequence[Any]) -> bytes:
    """The hashed bytes from the :data:`FIELDS` values, JSON fields already as text."""
    return _encode(values).encode("utf-8")


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed for one entry (``row`` holds :data:`FIELDS`).

    ``before``/``after`` are the plain JSON values, as the ORM reads them.
    """
    values = [row[name] for name in FIELDS]
    for position in (BEFORE, AFTER):
        if values[position] is not None:
            values[position] = _encode(values[position])
    return canonical_line(values)


def _make_sm3() -> Callable[[bytes], str]:
    """SM3 (GB/T 32905-2016) from OpenSSL: ``hashlib`` if it has it, else ``cryptography``.

    Each digest copies one initialised context instead of looking the
    algorithm up again.
    """
    if "sm3" in hashlib.algorithms_available:
        initial = hashlib.new("sm3")

        def digest(data: bytes) -> str:
            h = initial.copy()
            h.update(data)
            return h.hexdigest()

        return digest

    from cryptography.hazmat.primitives import hashes  # pragma: no cover

    def fallback(data: bytes) -> str:  # pragma: no cover
        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()

    return fallback  # pragma: no cover


sm3 = _make_sm3()


def entry_hash(row: Mapping[str, Any]) -> str:
    """SM3 of the canonical form, as 64 hex digits."""
    return sm3(canonical(row))
