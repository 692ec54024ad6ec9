"""Deadlines with the office's calendar: the one entry point for the CLI and the API.

``fazhi.rules.deadlines`` counts; this module supplies the calendar in effect
(the bundled years overridden by the office's copy) and turns the engine's
errors into :class:`~fazhi.core.errors.DomainError` with the same code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fazhi.core.calendar.selectors import workday_calendar
from fazhi.core.errors import DomainError, NotFoundError
from fazhi.rules import deadlines
from fazhi.rules.deadlines import Deadline, Pause
from fazhi.rules.errors import RulesError, UnknownRuleError


def domain_error(exc: RulesError) -> DomainError:
    """The engine's error as a domain error: same code, same two messages."""
    if isinstance(exc, UnknownRuleError):
        return NotFoundError(exc.zh, exc.en, code=exc.code)
    return DomainError(exc.zh, exc.en, code=exc.code)


def compute_deadline(
    rule_id: str,
    start: dt.date | dt.datetime,
    *,
    extend: int = 0,
    pauses: Sequence[Pause] = (),
    variant: str | None = None,
) -> Deadline:
    """Compute ``rule_id`` from day 0 ``start`` with the calendar in effect."""
    try:
        return deadlines.compute(
            rule_id,
            start,
            extend=extend,
            pauses=tuple(pauses),
            variant=variant,
            calendar=workday_calendar(),
        )
    except RulesError as exc:
        raise domain_error(exc) from exc


def parse_start(text: str) -> dt.date | dt.datetime:
    """``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` for periods counted in hours."""
    value = text.strip()
    try:
        if len(value) == len("YYYY-MM-DD"):
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise DomainError(
            f"起算日“{text}”不是 YYYY-MM-DD 格式的日期。",
            f"The start '{text}' is not a YYYY-MM-DD date.",
            code="invalid_date",
            field="start",
        ) from None


def parse_pause(text: str) -> Pause:
    """``FROM:TO``, both ISO dates, both days inclusive."""
    first, sep, last = text.strip().partition(":")
    try:
        if not sep:
            raise ValueError(text)
        return Pause(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    except ValueError:
        raise DomainError(
            f"中止期间“{text}”应写作 YYYY-MM-DD:YYYY-MM-DD。",
            f"The pause '{text}' must be written YYYY-MM-DD:YYYY-MM-DD.",
            code="invalid_pause",
            field="pause",
        ) from None


def parse_pauses(texts: Iterable[str]) -> list[Pause]:
    return [parse_pause(text) for text in texts]


@dataclass(frozen=True, slots=True)
class VariantInfo:
    name: str
    label: str
    kind: str
    unit: str
    length: int
    basis: str
    extension_max: int | None


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    title: str
    title_en: str
    day0: str
    default_variant: str
    in_force_since: dt.date
    variants: tuple[VariantInfo, ...]


def list_rules() -> list[RuleInfo]:
    """Every rule of the catalogue as the law in force today has it."""
    result = []
    for rule in deadlines.rules().values():
        version = rule.current()
        result.append(
            RuleInfo(
                id=rule.id,
                title=rule.title,
                title_en=rule.title_en,
                day0=rule.day0,
                default_variant=rule.default_variant,
                in_force_since=version.since,
                variants=tuple(
                    VariantInfo(
                        name=v.name,
                        label=v.label,
                        kind=v.kind,
                        unit=(v.units[-1] if v.units else v.declared_unit)
                        if v.declared_unit == "statute"
                        else v.declared_unit,
                        length=v.length,
                        basis=v.basis,
                        extension_max=None if v.extension is None else v.extension.max,
                    )
                    for v in version.variants.values()
                ),
            )
        )
    return result
