"""Prove the chain: recompute every hash and report the first broken link.

:func:`verify_chain` is a pure function over rows in ``seq`` order, so it can
check the database (``fazhi audit verify``) or an exported copy alike.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fazhi.core.audit.chain import entry_hash
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

    ``head`` is the recorded ``(seq, hash)`` of the last entry, if known; it
    reveals entries cut from the end. ``find_successor`` lets a broken entry be
    told apart as moved (:attr:`Problem.REORDERED`) rather than altered.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            problem = Problem.MISSING if seq > expected_seq else Problem.REORDERED
            return Report(
                checked, expected_seq - 1, prev_hash, Break(expected_seq, problem)
            )
        content_ok = entry_hash(row) == row["hash"]
        link_ok = row["prev_hash"] == prev_hash
        if not content_ok or not link_ok:
            problem = _classify(content_ok, link_ok, seq, prev_hash, find_successor)
            return Report(checked, seq - 1, prev_hash, Break(seq, problem))
        prev_hash = row["hash"]
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
    highest ``seq`` to catch entries slipped in past the head.
    """
    from django.db.models import Max

    from fazhi.core.audit.chain import FIELDS
    from fazhi.core.audit.models import AuditEntry, ChainHead

    stored = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    head = (0, GENESIS_HASH) if stored is None else (stored[0], stored[1])
    rows = (
        AuditEntry.objects.filter(seq__lte=head[0])
        .order_by("seq")
        .values(*FIELDS, "hash")
        .iterator(chunk_size=chunk_size)
    )

    def counted(source: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        for n, row in enumerate(source, 1):
            if progress is not None and n % chunk_size == 0:
                progress(chunk_size)
            yield row

    def find_successor(prev_hash: str) -> int | None:
        return (
            AuditEntry.objects.filter(prev_hash=prev_hash)
            .values_list("seq", flat=True)
            .first()
        )

    report = verify_chain(counted(rows), head=head, find_successor=find_successor)
    if report.ok:
        highest = AuditEntry.objects.aggregate(top=Max("seq"))["top"] or 0
        current = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
        if highest > (current or 0):
            broken = Break(
                (current or 0) + 1, Problem.HEAD_MISMATCH, "entry past the head"
            )
            return Report(report.checked, report.last_seq, report.last_hash, broken)
    return report
