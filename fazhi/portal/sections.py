"""The public areas listed on the home page, in the order shown.

The portal sits above the institution modules, so it lists their public pages
itself; a module adds a line here when it publishes one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.navigation import Card, installed

SECTIONS: tuple[Card, ...] = (
    Card(
        _("法律法规检索"),
        _("查询现行有效的法律、行政法规、地方性法规和规章。"),
        "laws:search",
    ),
    Card(
        _("行政规范性文件"),
        _("草案公开征求意见、文件库和目录、清理结果，以及对文件提出审查建议。"),
        "normdocs:index",
    ),
    Card(
        _("行政执法公示"),
        _(
            "执法主体、执法事项和依据、执法程序、裁量基准、执法人员查询，"
            "以及公开的行政处罚决定（已脱敏，可检索、可导出）。"
        ),
        "enforcement:index",
    ),
    Card(
        _("期限计算"),
        _("按法定规则计算行政程序的期限届满日，并说明依据。"),
        "portal:deadline",
    ),
    Card(
        _("机构名录"),
        _("各级人民政府及其工作部门、执法机关和复议机构。"),
        "portal:organizations",
    ),
)


def sections() -> list[Card]:
    """The sections whose page exists in this installation."""
    return installed(SECTIONS)
