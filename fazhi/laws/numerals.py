"""Chinese numerals in article numbers: 第一百二十三条, 第十条之一, 第1条.

Pure functions, no Django: the parser runs in worker processes.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,  # noqa: RUF001
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万0-9０-９"  # noqa: RUF001
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")  # noqa: RUF001
_ARABIC = re.compile(r"^[0-9０-９]+$")  # noqa: RUF001


def parse_numeral(text: str) -> int:
    """The value of a Chinese (or Arabic) numeral such as 一百零五 or 十二.

    Raises ValueError for anything else.
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if _ARABIC.match(text):
        return int(text.translate(_FULLWIDTH))
    total = 0
    if "万" in text:
        high, _, text = text.partition("万")
        total = parse_numeral(high) * 10000
        if not text:
            return total
    section = 0
    digit: int | None = None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            section += (1 if digit is None else digit) * UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a numeral: {char!r}")
    if digit is not None:
        section += digit
    return total + section


def to_numeral(value: int) -> str:
    """The Chinese numeral for 0 < value < 10000, as written in article numbers."""
    if value <= 0 or value >= 10000:
        raise ValueError("out of range")
    chars = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(chars[digit] + name)
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    return text


ARTICLE_LABEL = re.compile(rf"^第([{NUMERAL_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?")


def parse_article_label(label: str) -> tuple[int, int]:
    """(number, suffix) for 第十条 → (10, 0) and 第十条之一 → (10, 1)."""
    match = ARTICLE_LABEL.match(label.strip())
    if not match:
        raise ValueError(f"not an article label: {label!r}")
    suffix = parse_numeral(match.group(2)) if match.group(2) else 0
    return parse_numeral(match.group(1)), suffix


def article_label(number: int, suffix: int = 0) -> str:
    """第十条 / 第十条之一 from (10, 0) / (10, 1)."""
    label = f"第{to_numeral(number)}条"
    return f"{label}之{to_numeral(suffix)}" if suffix else label


def article_eid(number: int, suffix: int = 0) -> str:
    """Stable id of an article: art_10, art_10_1 for 第十条之一."""
    return f"art_{number}_{suffix}" if suffix else f"art_{number}"


def article_slug(number: int, suffix: int = 0) -> str:
    """The article part of a permalink: 33, or 10-1 for 第十条之一."""
    return f"{number}-{suffix}" if suffix else str(number)
