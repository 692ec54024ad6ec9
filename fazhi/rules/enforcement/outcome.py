"""The shapes every enforcement rule answers with: a yes/no and the reasons, each citing
its article, so that the application can show "why" and name the article in a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from fazhi.rules.errors import RulesError

__all__ = [
    "Decision",
    "PartyKind",
    "Reason",
    "fen_to_yuan",
    "join_citations",
    "party_kind",
    "yuan",
    "yuan_to_fen",
]

CENT = Decimal("0.01")


class PartyKind(StrEnum):
    """Who the penalty falls on: the statutes distinguish 公民（自然人） from 法人或者其他组织."""

    NATURAL_PERSON = "natural_person"
    LEGAL_PERSON = "legal_person"

    @property
    def zh(self) -> str:
        return (
            "公民（自然人）" if self is PartyKind.NATURAL_PERSON else "法人或者其他组织"
        )

    @property
    def en(self) -> str:
        return (
            "natural person"
            if self is PartyKind.NATURAL_PERSON
            else "legal person or other organisation"
        )


def party_kind(value: PartyKind | str) -> PartyKind:
    """``value`` as a ``PartyKind``; an unknown value is a ``RulesError``."""
    try:
        return PartyKind(value)
    except ValueError:
        raise RulesError(
            f"当事人类型“{value}”无效（应为 natural_person 或 legal_person）",
            f"party kind '{value}' is invalid (natural_person or legal_person)",
            code="invalid_party_kind",
        ) from None


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of an answer: what was checked, in Chinese and English, and the article.

    ``met`` says whether this condition holds (``None``: an explanation, not a test);
    ``code`` is stable for the application (e.g. ``hearing.fine``).
    """

    zh: str
    en: str
    citation: str
    code: str = ""
    met: bool | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "zh": self.zh,
            "en": self.en,
            "citation": self.citation,
            "code": self.code,
            "met": self.met,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Reason:
        met = data.get("met")
        return cls(
            zh=str(data["zh"]),
            en=str(data["en"]),
            citation=str(data.get("citation", "")),
            code=str(data.get("code", "")),
            met=met if isinstance(met, bool) else None,
        )

    def line_zh(self) -> str:
        return f"{self.zh}（{self.citation}）" if self.citation else self.zh

    def line_en(self) -> str:
        return f"{self.en} ({self.citation})" if self.citation else self.en


def join_citations(*citations: str) -> str:
    """Citations joined by "；" with repeated parts left out (in order)."""
    parts: dict[str, None] = {}
    for citation in citations:
        for part in citation.split("；"):
            if part.strip():
                parts.setdefault(part.strip(), None)
    return "；".join(parts)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Decision:
    """A yes/no answer with its reasons.

    ``answer`` reads as the question asked: ``hearing_required(...).required``,
    ``simplified_procedure_allowed(...).allowed``, ``is_major(...).major``,
    ``officer_eligibility(...).eligible`` are all ``answer``.
    """

    answer: bool
    reasons: tuple[Reason, ...]

    def __bool__(self) -> bool:
        return self.answer

    @property
    def required(self) -> bool:
        return self.answer

    @property
    def allowed(self) -> bool:
        return self.answer

    @property
    def major(self) -> bool:
        return self.answer

    @property
    def eligible(self) -> bool:
        return self.answer

    @property
    def met(self) -> tuple[Reason, ...]:
        """The conditions that hold."""
        return tuple(r for r in self.reasons if r.met is True)

    @property
    def failed(self) -> tuple[Reason, ...]:
        """The conditions that do not hold (for a refusal: why not)."""
        return tuple(r for r in self.reasons if r.met is False)

    @property
    def citations(self) -> tuple[str, ...]:
        return _unique(r.citation for r in self.reasons)

    @property
    def zh(self) -> str:
        return "；".join(r.line_zh() for r in self.reasons)

    @property
    def en(self) -> str:
        return "; ".join(r.line_en() for r in self.reasons)

    def as_dict(self) -> dict[str, object]:
        return {"answer": self.answer, "reasons": [r.as_dict() for r in self.reasons]}


def yuan(value: Decimal | int | str, *, field: str = "amount") -> Decimal:
    """``value`` in yuan as a ``Decimal`` with two places.

    Floats are refused (binary fractions are not money); so are negative amounts and
    fractions of a fen.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise RulesError(
            f"{field} 应为以元为单位的数额（Decimal、整数或者字符串）",
            f"{field} must be an amount in yuan (Decimal, int or str)",
            code="invalid_amount",
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RulesError(
            f"{field}“{value}”不是数额",
            f"{field} '{value}' is not an amount",
            code="invalid_amount",
        ) from None
    if not amount.is_finite() or amount < 0:
        raise RulesError(
            f"{field} 不能为负数或者无穷大",
            f"{field} must be a finite non-negative amount",
            code="invalid_amount",
        )
    quantized = amount.quantize(CENT)
    if quantized != amount:
        raise RulesError(
            f"{field}“{value}”精确到分（两位小数）",
            f"{field} '{value}' has more than two decimal places",
            code="invalid_amount",
        )
    return quantized


def fen_to_yuan(fen: int) -> Decimal:
    """An integer number of fen (as the application stores money) in yuan."""
    if isinstance(fen, bool) or not isinstance(fen, int) or fen < 0:
        raise RulesError(
            "数额应为非负整数（分）",
            "the amount must be a non-negative integer in fen",
            code="invalid_amount",
        )
    return (Decimal(fen) / 100).quantize(CENT)


def yuan_to_fen(amount: Decimal) -> int:
    """``amount`` (yuan, two places) as an integer number of fen."""
    return int(yuan(amount) * 100)
