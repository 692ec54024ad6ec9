"""Unified numbering (统一编号): gap-free per organization and year, never reused.

The counter row of (organization, year) is locked with ``SELECT … FOR UPDATE``
for the rest of the caller's transaction, so two registrations at the same
moment queue and get consecutive numbers; on SQLite every write transaction is
``BEGIN IMMEDIATE`` (settings), which already serialises writers. A number
moves only with the registration that uses it: if the registration rolls back,
so does the counter, and no gap appears.

A document issued before the system (存量文件) keeps the number it was given;
when that number follows the organ's pattern, the counter of its year moves up
to it (:func:`reserve_existing`), so the next registration continues after it
instead of colliding with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from fazhi.core.errors import ConflictError, DomainError
from fazhi.core.models import Organization
from fazhi.normdocs.models import Document, NumberCounter, NumberingScheme

PLACEHOLDERS = ("{year}", "{number}")


@dataclass(frozen=True, slots=True)
class Allocated:
    number: str
    year: int
    sequence: int


def validate_pattern(pattern: str) -> None:
    """A pattern must carry the year and the number, and nothing else unknown."""
    missing = [p for p in PLACEHOLDERS if p not in pattern]
    unknown = set(re.findall(r"\{[^}]*\}", pattern)) - {"{prefix}", *PLACEHOLDERS}
    if missing or unknown:
        raise DomainError(
            "编号格式须包含 {year} 和 {number}，只能使用 {prefix}、{year}、{number}。",
            "The pattern must contain {year} and {number} and may use only "
            "{prefix}, {year} and {number}.",
            code="numbering_bad_pattern",
            field="pattern",
        )


def scheme_of(organization: Organization) -> NumberingScheme:
    scheme = NumberingScheme.objects.filter(organization=organization).first()
    if scheme is None:
        raise DomainError(
            f"“{organization.name}”尚未设置规范性文件编号规则，不能统一编号。",
            f"{organization.name} has no numbering scheme for normative documents yet.",
            code="numbering_not_configured",
        )
    return scheme


def allocate(organization: Organization, year: int) -> Allocated:
    """The next number of ``organization`` in ``year``; call inside the registration's
    transaction (the counter stays locked until it ends)."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - guard
        raise RuntimeError("allocate() must run inside transaction.atomic")
    scheme = scheme_of(organization)
    counter = _locked_counter(organization, year)
    sequence = counter.last_number + 1
    number = scheme.format(year=year, number=sequence)
    if Document.objects.filter(number=number).exists():
        raise ConflictError(
            f"文号“{number}”已被使用，文号不得重复使用；请核对编号计数。",
            f"The number {number} is already used and can never be reused; check the counter.",
            code="number_taken",
        )
    counter.last_number = sequence
    counter.save(update_fields=["last_number"])
    return Allocated(number=number, year=year, sequence=sequence)


def parse(scheme: NumberingScheme, number: str) -> tuple[int, int] | None:
    """(year, sequence) of ``number`` if it follows ``scheme``'s pattern, else None."""
    regex = "".join(
        {
            "{prefix}": re.escape(scheme.prefix),
            "{year}": r"(?P<year>\d{4})",
            "{number}": r"(?P<number>\d+)",
        }.get(part, re.escape(part))
        for part in re.split(r"(\{prefix\}|\{year\}|\{number\})", scheme.pattern)
    )
    match = re.fullmatch(regex, number.strip())
    if match is None:
        return None
    return int(match["year"]), int(match["number"])


def reserve_existing(organization: Organization, number: str) -> Allocated | None:
    """Move the counter up to a number given before the system (存量文件), so it is
    never given again; None when the number does not follow the organ's pattern.
    Call inside the recording's transaction."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - guard
        raise RuntimeError("reserve_existing() must run inside transaction.atomic")
    scheme = NumberingScheme.objects.filter(organization=organization).first()
    parsed = None if scheme is None else parse(scheme, number)
    if parsed is None:
        return None
    year, sequence = parsed
    counter = _locked_counter(organization, year)
    if sequence > counter.last_number:
        counter.last_number = sequence
        counter.save(update_fields=["last_number"])
    return Allocated(number=number, year=year, sequence=sequence)


def _locked_counter(organization: Organization, year: int) -> NumberCounter:
    query = NumberCounter.objects.select_for_update()
    counter = query.filter(organization=organization, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            NumberCounter.objects.create(organization=organization, year=year)
    except IntegrityError:
        pass  # another registration created it first: lock theirs
    return query.get(organization=organization, year=year)
