"""The staff areas listed on the workbench home page, in the order shown.

The workbench sits above the institution modules, so it lists their staff pages
itself, as the portal does for the public ones; an area whose pages are not
installed is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Area:
    title: str | Promise
    description: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


AREAS: tuple[Area, ...] = (
    Area(
        _("规范性文件"),
        _("起草、征求意见、合法性审核、登记编号、备案审查、清理。"),
        "normdocs-staff:home",
    ),
    Area(
        _("行政执法"),
        _("执法案件、法制审核、执法监督、执法主体和执法人员。"),
        "enforcement-staff:cases",
    ),
)


def areas() -> list[Area]:
    """The areas whose pages exist in this installation."""
    available = []
    for area in AREAS:
        try:
            reverse(area.url_name)
        except NoReverseMatch:
            continue
        available.append(area)
    return available
