"""Cards that link to a module's pages, shown only where the module is installed.

The portal and the workbench sit above the institution modules, so each lists
the modules' pages itself (public sections, staff areas); a page whose URL name
does not resolve in this installation is left out rather than linked to a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True, slots=True)
class Card:
    title: str | Promise
    description: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def installed(cards: Iterable[Card]) -> list[Card]:
    """The cards whose page exists in this installation, in their order."""
    available = []
    for card in cards:
        try:
            reverse(card.url_name)
        except NoReverseMatch:
            continue
        available.append(card)
    return available
