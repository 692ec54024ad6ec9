"""Prove the chain: recompute every hash and report the first broken link.

:func:`verify_chain` is a pure function over rows in ``seq`` order, so it can
check the database (``fazhi audit verify``) or an exported copy alike.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fazhi.core.audit.chain import (
    AFTER,
    BEFORE,
    FIELDS,
    canonical_json,
    canonical_line,
    entry_hash,
    sm3,
)
from fazhi.core.audit.models import GENESIS_HASH


class Problem(enum.StrEnum):
    """What is wrong at the first broken link."""

    #: An entry's content no longer matches its own hash (changed in place).
    ALTERED = "altered"
    #: An entry is absent: a gap in ``seq``, or the chain ends before its head.
    MISSING = "missing"
    #: The entry that belongs here now sits at another position.
    REORDERED = "reordered"
    #: The entry is intact but does not point at the previous entry's hash.
    PREV_HASH_MISMATCH = "prev_hash_mismatch"
    #: The recorded chain head disagrees with the last entry.
    HEAD_MISMATCH = "head_mismatch"


EXPLANATIONS: Mapping[Problem, tuple[str, str]] = {
    Problem.ALTERED: ("该条记录的内容已被改动", "the entry's content was altered"),
    Problem.MISSING: ("该条记录缺失", "the entry is missing"),
    Problem.REORDERED: ("记录顺序被调换", "entries were reordered"),
    Problem.PREV_HASH_MISMATCH: (
        "该条记录的前一条摘要与前一条记录不符",
        "prev_hash does not match the previous entry",
    ),
    Problem.HEAD_MISMATCH: (
        "链头与最后一条记录不符",
        "the chain head does not match the last entry",
    ),
}


@dataclass(frozen=True, slots=True)
class Break:
    seq: int
    problem: Problem
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        zh, en = EXPLANATIONS[self.problem]
        return {
            "seq": self.seq,
            "problem": self.problem.value,
            "zh": zh,
            "en": en,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Report:
    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "broken": None if self.broken is None else self.broken.as_dict(),
        }


#: Given a hash, the ``seq`` of the entry whose ``prev_hash`` is that hash.
SuccessorLookup = Callable[[str], int | None]


def verify_chain(
    rows: Iterable[Mapping[str, Any]],
    *,
    head: tuple[int, str] | None = None,
    find_successor: SuccessorLookup | None = None,
) -> Report:
    """Check ``rows`` (in ascending ``seq``) and return the first broken link.

    ``rows`` hold :data:`~fazhi.core.audit.chain.FIELDS` and ``hash``, with
    ``before``/``after`` as plain JSON values (as the ORM reads them).
    ``head`` is the recorded ``(seq, hash)`` of the last entry, if known; it
    reveals entries cut from the end. ``find_successor`` lets a broken entry be
    told apart as moved (:attr:`Problem.REORDERED`) rather than altered.
    """
    checked = (
        (row["seq"], row["prev_hash"], row["hash"], entry_hash(row) == row["hash"])
        for row in rows
    )
    return _walk(checked, head=head, find_successor=find_successor)


#: One entry for :func:`_walk`: ``seq``, ``prev_hash``, ``hash`` and whether
#: the entry's content hashes to ``hash``.
Checked = tuple[int, str, str, bool]


def _walk(
    rows: Iterable[Checked],
    *,
    head: tuple[int, str] | None,
    find_successor: SuccessorLookup | None,
) -> Report:
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for seq, row_prev_hash, row_hash, content_ok in rows:
        if seq != expected_seq:
            problem = Problem.MISSING if seq > expected_seq else Problem.REORDERED
            return Report(
                checked, expected_seq - 1, prev_hash, Break(expected_seq, problem)
            )
        if not content_ok or row_prev_hash != prev_hash:
            link_ok = row_prev_hash == prev_hash
            problem = _classify(content_ok, link_ok, seq, prev_hash, find_successor)
            return Report(checked, seq - 1, prev_hash, Break(seq, problem))
        prev_hash = row_hash
        checked += 1
        expected_seq += 1
    last_seq = expected_seq - 1
    if head is not None and head != (last_seq, prev_hash):
        head_seq, _ = head
        if head_seq > last_seq:
            broken = Break(last_seq + 1, Problem.MISSING, "chain ends before its head")
        elif head_seq < last_seq:
            broken = Break(head_seq + 1, Problem.HEAD_MISMATCH, "entry past the head")
        else:
            broken = Break(last_seq, Problem.HEAD_MISMATCH, "head hash differs")
        return Report(checked, last_seq, prev_hash, broken)
    return Report(checked, last_seq, prev_hash, None)


def _classify(
    content_ok: bool,
    link_ok: bool,
    seq: int,
    prev_hash: str,
    find_successor: SuccessorLookup | None,
) -> Problem:
    if content_ok:
        return Problem.PREV_HASH_MISMATCH
    if find_successor is not None:
        # The entry that belongs at ``seq`` is the one that points at the
        # previous hash; found elsewhere, it was moved.
        moved_to = find_successor(prev_hash)
        if moved_to is not None and moved_to != seq:
            return Problem.REORDERED
    return Problem.ALTERED


def verify_database(
    *, progress: Callable[[int], None] | None = None, chunk_size: int = 5000
) -> Report:
    """Verify the record stored in the default database.

    Reads the head first and the entries up to it, so entries appended while
    the check runs do not count; then one statement compares the head with the
    highest ``seq`` to catch entries slipped in past the head. Rows stream
    through one cursor in chunks (server-side on PostgreSQL).
    """
    from django.db import connection
    from django.db.models import Max

    from fazhi.core.audit.models import AuditEntry, ChainHead

    stored = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    head = (0, GENESIS_HASH) if stored is None else (stored[0], stored[1])
    if connection.vendor == "sqlite":
        sql, check = _SQLITE_LINES, _sqlite_checked
    else:
        sql, check = _FIELDS_WITH_TEXT_TIME, _parsed_checked

    def chunks() -> Iterator[Sequence[Sequence[Any]]]:
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, [head[0]])
            while chunk := cursor.fetchmany(chunk_size):
                yield chunk
                if progress is not None and len(chunk) == chunk_size:
                    progress(chunk_size)

    def find_successor(prev_hash: str) -> int | None:
        return (
            AuditEntry.objects.filter(prev_hash=prev_hash)
            .values_list("seq", flat=True)
            .first()
        )

    report = _walk(check(chunks()), head=head, find_successor=find_successor)
    if report.ok:
        highest = AuditEntry.objects.aggregate(top=Max("seq"))["top"] or 0
        current = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
        if highest > (current or 0):
            broken = Break(
                (current or 0) + 1, Problem.HEAD_MISMATCH, "entry past the head"
            )
            return Report(report.checked, report.last_seq, report.last_hash, broken)
    return report


# SQLite builds the canonical line itself: ``json_array`` writes compact JSON
# with non-ASCII kept and the same escapes as :mod:`json`, the JSON fields are
# the canonical text ``record`` stored, and a time stored as Django writes it
# (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC) becomes its canonical text. Any other
# stored form gives a line that does not match (the line comes as its UTF-8
# bytes), and that entry is read again
# through the ORM and checked from its values (:func:`_sqlite_checked`), so
# only a change of value counts as tampering. A matching line is, byte for
# byte, the canonical form the hash was made of.
_SQLITE_TIME = (
    "CASE WHEN length(occurred_at) = 26 AND substr(occurred_at, 11, 1) = ' '"
    " THEN substr(occurred_at, 1, 10) || 'T' || substr(occurred_at, 12)"
    " || '+00:00' END"
)
_SQLITE_LINES = (
    "SELECT seq, prev_hash, hash, CAST(json_array("  # noqa: S608
    + ", ".join(_SQLITE_TIME if name == "occurred_at" else name for name in FIELDS)
    + ") AS BLOB) FROM audit_auditentry WHERE seq <= %s ORDER BY seq"
)
# PostgreSQL gives the time in canonical text; ``jsonb`` comes back as text
# with its keys reordered, so it is parsed and written in canonical form.
_POSTGRESQL_TIME = (
    "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
)
_FIELDS_WITH_TEXT_TIME = (
    "SELECT "  # noqa: S608
    + ", ".join(_POSTGRESQL_TIME if name == "occurred_at" else name for name in FIELDS)
    + ", hash FROM audit_auditentry WHERE seq <= %s ORDER BY seq"
)
_PREV = FIELDS.index("prev_hash")
_WIDTH = len(FIELDS)


def _sqlite_checked(chunks: Iterable[Sequence[Sequence[Any]]]) -> Iterator[Checked]:
    for chunk in chunks:
        for seq, prev_hash, row_hash, line in chunk:
            content_ok = sm3(line) == row_hash or _recheck(seq, row_hash)
            yield seq, prev_hash, row_hash, content_ok


def _recheck(seq: int, row_hash: str) -> bool:
    """Whether the entry's values, read through the ORM, hash to ``row_hash``."""
    from fazhi.core.audit.models import AuditEntry

    try:
        row = AuditEntry.objects.filter(seq=seq).values(*FIELDS).first()
        return row is not None and entry_hash(row) == row_hash
    except (TypeError, ValueError):  # a stored value that no longer parses
        return False


def _parsed_checked(chunks: Iterable[Sequence[Sequence[Any]]]) -> Iterator[Checked]:
    for chunk in chunks:
        for row in chunk:
            yield row[0], row[_PREV], row[_WIDTH], _parsed_ok(row)


def _parsed_ok(row: Sequence[Any]) -> bool:
    values = list(row[:_WIDTH])
    try:
        for position in (BEFORE, AFTER):
            value = values[position]
            if value is not None:
                # Text from the database; a driver may hand it over parsed.
                parsed = json.loads(value) if isinstance(value, str) else value
                values[position] = canonical_json(parsed)
        return bool(sm3(canonical_line(values)) == row[_WIDTH])
    except (TypeError, ValueError):
        return False
