"""The office's copy of the working-day calendar (工作日历).

The State Council's yearly holiday notice is the source of every year. The
years of the ``chinese_calendar`` package and the files bundled with
``fazhi.rules`` apply unless the office has loaded or amended a year here; a
row replaces that year as a whole (ADR 0033).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    class Origin(models.TextChoices):
        PACKAGE = "package", _("随软件提供")
        FILE = "file", _("导入文件")
        MANUAL = "manual", _("手工调整")

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.TextField(_("来源（放假通知名称及文号）"))
    rest_days = models.JSONField(_("放假日"), default=list)
    working_days = models.JSONField(_("调休上班日"), default=list)
    origin = models.CharField(_("来源方式"), max_length=16, choices=Origin)
    loaded_at = models.DateTimeField(_("载入时间"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("载入人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    def rest_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.rest_days)

    def working_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d) for d in self.working_days)
