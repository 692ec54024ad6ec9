"""The public areas listed on the home page, in the order shown.

The portal sits above the institution modules, so it lists their public pages
itself; a module adds a line here when it publishes one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Section:
    title: str | Promise
    description: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SECTIONS: tuple[Section, ...] = (
    Section(
        _("法律法规检索"),
        _("查询现行有效的法律、行政法规、地方性法规和规章。"),
        "laws:search",
    ),
    Section(
        _("行政规范性文件"),
        _("草案公开征求意见、文件库和目录、清理结果，以及对文件提出审查建议。"),
        "normdocs:index",
    ),
    Section(
        _("行政执法公示"),
        _(
            "执法主体、执法事项和依据、执法程序、裁量基准、执法人员查询，"
            "以及公开的行政处罚决定（已脱敏，可检索、可导出）。"
        ),
        "enforcement:index",
    ),
    Section(
        _("期限计算"),
        _("按法定规则计算行政程序的期限届满日，并说明依据。"),
        "portal:deadline",
    ),
    Section(
        _("机构名录"),
        _("各级人民政府及其工作部门、执法机关和复议机构。"),
        "portal:organizations",
    ),
)


def sections() -> list[Section]:
    """The sections whose page exists in this installation."""
    available = []
    for section in SECTIONS:
        try:
            reverse(section.url_name)
        except NoReverseMatch:
            continue
        available.append(section)
    return available
