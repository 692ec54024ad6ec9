"""Template filters of the staff pages: amounts are stored in fen and shown in yuan."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(fen: object) -> str:
    """12345 → "123.45" (integer fen, as every amount is stored)."""
    if not isinstance(fen, int):
        return "—"
    return f"{Decimal(int(fen)) / 100:,.2f}"


@register.filter
def get(mapping: object, key: str) -> object:
    """``mapping|get:"key"`` for dictionaries whose keys are not identifiers."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
