"""Strict reading of the enforcement YAML: unknown keys, missing keys, bad dates and
amounts are refused with the file and the place in it, in Chinese and English.

The data is the law as an office configures it; a typo must stop loading rather than
silently change a threshold or a range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

import yaml

from fazhi.rules.errors import RulesDataError

DATA_DIR = Path(__file__).resolve().parent.parent / "enforcement_data"


def fail(where: str, zh: str, en: str) -> NoReturn:
    raise RulesDataError(f"{where}：{zh}", f"{where}: {en}")


def read_yaml(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"), where_of(path))


def parse_yaml(text: str, where: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        fail(where, f"YAML 格式错误：{error}", f"invalid YAML: {error}")
    except ValueError as error:  # e.g. an impossible date such as 2021-13-01
        fail(where, f"日期或者数值无效：{error}", f"invalid date or value: {error}")


def where_of(path: Path) -> str:
    try:
        return f"enforcement_data/{path.relative_to(DATA_DIR)}"
    except ValueError:
        return str(path)


def mapping(
    raw: object,
    where: str,
    *,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> dict[str, Any]:
    """``raw`` as a mapping whose keys are exactly ``required`` plus some ``optional``."""
    if not isinstance(raw, dict):
        fail(where, "应为映射（键: 值）", "must be a mapping")
    required_keys = tuple(required)
    allowed = set(required_keys) | set(optional)
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        fail(
            where,
            f"未知的键：{'、'.join(unknown)}（允许：{'、'.join(sorted(allowed))}）",
            f"unknown keys: {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})",
        )
    missing = [key for key in required_keys if key not in raw]
    if missing:
        fail(
            where,
            f"缺少键：{'、'.join(missing)}",
            f"missing keys: {', '.join(missing)}",
        )
    return {str(key): value for key, value in raw.items()}


def sequence(raw: object, where: str) -> list[Any]:
    if not isinstance(raw, list):
        fail(where, "应为列表", "must be a list")
    return raw


def text(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        fail(where, "应为非空文本", "must be non-empty text")
    return raw.strip()


def citation(raw: object, where: str) -> str:
    value = text(raw, where)
    if not value.startswith("《"):
        fail(
            where,
            "出处应以《法规简称》开头（如：《行政处罚法》(2021-01-22) 第63条）",
            "a citation must start with the instrument in 《》",
        )
    return value


def day(raw: object, where: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    fail(
        where, f"“{raw!r}”不是日期（YYYY-MM-DD）", f"{raw!r} is not a date (YYYY-MM-DD)"
    )


def number(raw: object, where: str) -> Decimal:
    """A non-negative decimal; YAML floats are read through their text (0.05 stays 0.05)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        fail(where, f"“{raw!r}”不是数值", f"{raw!r} is not a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        fail(where, f"“{raw!r}”不是数值", f"{raw!r} is not a number")
    if not value.is_finite() or value < 0:
        fail(where, f"数值“{raw!r}”不能为负数", f"{raw!r} must not be negative")
    return value


def boolean(raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        fail(where, "应为 true 或 false", "must be true or false")
    return raw


def choice(raw: object, where: str, allowed: Collection[str]) -> str:
    if not isinstance(raw, str) or raw not in allowed:
        fail(
            where,
            f"“{raw}”无效（允许：{'、'.join(sorted(allowed))}）",
            f"'{raw}' is invalid (allowed: {', '.join(sorted(allowed))})",
        )
    return raw


def codes(
    raw: object, where: str, *, allowed: Collection[str] | None = None
) -> tuple[str, ...]:
    """A list of distinct codes, each in ``allowed`` when given."""
    items = sequence(raw, where)
    result: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item:
            fail(f"{where}[{index}]", "应为编码文本", "must be a code")
        if allowed is not None and item not in allowed:
            fail(
                f"{where}[{index}]",
                f"未知的编码“{item}”",
                f"unknown code '{item}'",
            )
        if item in result:
            fail(f"{where}[{index}]", f"编码“{item}”重复", f"code '{item}' repeated")
        result.append(item)
    return tuple(result)


def period(
    raw: dict[str, Any], where: str, *, default_since: dt.date | None = None
) -> tuple[dt.date, dt.date | None]:
    """``since`` and ``until`` (inclusive; ``None`` = open), ``since`` ≤ ``until``."""
    if "since" in raw:
        since = day(raw["since"], f"{where}.since")
    elif default_since is not None:
        since = default_since
    else:
        fail(where, "缺少 since", "'since' is missing")
    until = day(raw["until"], f"{where}.until") if raw.get("until") else None
    if until is not None and until < since:
        fail(
            where,
            f"until（{until}）早于 since（{since}）",
            f"until ({until}) is before since ({since})",
        )
    return since, until


def in_force(since: dt.date, until: dt.date | None, on: dt.date) -> bool:
    return since <= on and (until is None or on <= until)
