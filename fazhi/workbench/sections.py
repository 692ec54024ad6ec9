"""The staff areas listed on the workbench home page, in the order shown.

The workbench sits above the institution modules, so it lists their staff pages
itself, as the portal does for the public ones (fazhi.core.navigation).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.navigation import Card, installed

AREAS: tuple[Card, ...] = (
    Card(
        _("规范性文件"),
        _("起草、征求意见、合法性审核、登记编号、备案审查、清理。"),
        "normdocs-staff:home",
    ),
    Card(
        _("行政执法"),
        _("执法案件、法制审核、执法监督、执法主体和执法人员。"),
        "enforcement-staff:cases",
    ),
)


def areas() -> list[Card]:
    """The areas whose pages exist in this installation."""
    return installed(AREAS)
