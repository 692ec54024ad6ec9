"""Dated statutory parameters (OpenFisca style): a value, the day from which it applies,
and the provision that sets it.

Each ``parameters/<group>/<name>.yaml`` file holds one parameter named ``<group>.<name>``::

    description: 行政复议法中按工作日计算（不含法定休假日）的期间
    unit: day
    values:
      1999-10-01:
        value: {counted: listed, days: [5, 7]}
        reference: 《行政复议法》(2017-09-01) 第40条第2款

``Parameter.at(day)`` returns the value in force on ``day`` with its reference. Which
day selects the law (the day of the triggering event) is recorded in
docs/adr/0012-law-version-chosen-by-the-triggering-day.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.rules.errors import NotInForceError, RulesDataError

__all__ = [
    "DatedValue",
    "Parameter",
    "WorkingDayDefinition",
    "load_parameter",
    "parameters",
    "working_day_definition",
]

PARAMETER_DIR = Path(__file__).resolve().parent / "parameters"


@dataclass(frozen=True, slots=True)
class DatedValue:
    """A value in force from ``since`` (inclusive) until the next one."""

    since: dt.date
    value: Any
    reference: str


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    history: tuple[DatedValue, ...]  # ascending by ``since``
    _sinces: tuple[int, ...]

    def index_at(self, ordinal: int) -> int:
        """Index in ``history`` of the value in force on the day ``ordinal`` (-1: none)."""
        return bisect.bisect_right(self._sinces, ordinal) - 1

    def at(self, day: dt.date) -> DatedValue:
        """The value in force on ``day``, with the provision that sets it."""
        index = self.index_at(day.toordinal())
        if index < 0:
            first = self.history[0].since.isoformat()
            raise NotInForceError(
                f"参数“{self.name}”在 {day.isoformat()} 尚无规定（最早自 {first} 起）",
                f"parameter '{self.name}' has no value on {day.isoformat()} (first from {first})",
            )
        return self.history[index]


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RulesDataError(
        f"{where}：“{value!r}”不是日期", f"{where}: {value!r} is not a date"
    )


def _load(path: Path, name: str) -> Parameter:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"parameters/{path.relative_to(PARAMETER_DIR)}"
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict):
        raise RulesDataError(f"{where}：缺少 values", f"{where}: 'values' is missing")
    history: list[DatedValue] = []
    for key, entry in raw["values"].items():
        if (
            not isinstance(entry, dict)
            or "value" not in entry
            or not entry.get("reference")
        ):
            raise RulesDataError(
                f"{where}：{key} 缺少 value 或 reference",
                f"{where}: {key} lacks 'value' or 'reference'",
            )
        history.append(
            DatedValue(_date(key, where), entry["value"], str(entry["reference"]))
        )
    history.sort(key=lambda item: item.since)
    for field in ("description", "unit"):
        if not raw.get(field):
            raise RulesDataError(
                f"{where}：缺少 {field}", f"{where}: '{field}' is missing"
            )
    return Parameter(
        name=name,
        description=str(raw["description"]),
        unit=str(raw["unit"]),
        history=tuple(history),
        _sinces=tuple(item.since.toordinal() for item in history),
    )


@functools.cache
def parameters() -> Mapping[str, Parameter]:
    """Every parameter, loaded once."""
    result: dict[str, Parameter] = {}
    for path in sorted(PARAMETER_DIR.rglob("*.yaml")):
        name = ".".join(path.relative_to(PARAMETER_DIR).with_suffix("").parts)
        result[name] = _load(path, name)
    return result


def load_parameter(name: str) -> Parameter:
    try:
        return parameters()[name]
    except KeyError:
        raise RulesDataError(
            f"没有名为“{name}”的参数", f"there is no parameter named '{name}'"
        ) from None


@dataclass(frozen=True, slots=True)
class WorkingDayDefinition:
    """Which "N日" periods of a statute are working days.

    ``counted`` is ``listed`` (the ``days`` listed), ``all`` (every period the agency
    must meet), ``up_to`` (every period of at most ``limit`` days), ``explicit``
    (the statute says 工作日 where it means it; rules declare their unit) or ``none``.
    """

    counted: str
    days: frozenset[int]
    limit: int
    reference: str

    def is_working(self, length: int) -> bool:
        if self.counted == "listed":
            return length in self.days
        if self.counted == "all":
            return True
        if self.counted == "up_to":
            return length <= self.limit
        return False


def _definition(dated: DatedValue, where: str) -> WorkingDayDefinition:
    value = dated.value
    if not isinstance(value, dict) or value.get("counted") not in {
        "listed",
        "all",
        "up_to",
        "explicit",
        "none",
    }:
        raise RulesDataError(
            f"{where}：counted 应为 listed/all/up_to/explicit/none",
            f"{where}: 'counted' must be listed/all/up_to/explicit/none",
        )
    return WorkingDayDefinition(
        counted=str(value["counted"]),
        days=frozenset(int(d) for d in value.get("days", ())),
        limit=int(value.get("limit", 0)),
        reference=dated.reference,
    )


@functools.cache
def working_day_definitions(statute: str) -> tuple[WorkingDayDefinition, ...]:
    """The definitions of ``working_days.<statute>``, one per dated value."""
    parameter = load_parameter(f"working_days.{statute}")
    return tuple(_definition(d, parameter.name) for d in parameter.history)


def working_day_definition(statute: str, day: dt.date) -> WorkingDayDefinition:
    """The working-day definition of ``statute`` in force on ``day``."""
    parameter = load_parameter(f"working_days.{statute}")
    index = parameter.index_at(day.toordinal())
    if index < 0:
        parameter.at(day)  # raises NotInForceError
    return working_day_definitions(statute)[index]
