"""Rollups of penalty cases for the supervision dashboard (执法监督).

A province holds millions of cases; the dashboard panels read these small
tables instead of the cases. They are rebuilt from the cases by
:func:`fazhi.enforcement.services.bulk.refresh_rollups` (after a bulk import,
and by ``fazhi enforcement refresh-rollups``), so they are as of
``refreshed_at``. Clocks are stored as due days, not as "overdue", so that a
rollup stays right as the days pass (ADR 0084).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization


class CaseCountRollup(models.Model):
    """Cases of one organization in one state, with their amounts."""

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("办案机关")
    )
    state = models.CharField(_("状态"), max_length=32)
    cases = models.PositiveIntegerField(_("案件数"), default=0)
    fine_fen = models.PositiveBigIntegerField(_("罚款（分）"), default=0)
    confiscation_fen = models.PositiveBigIntegerField(
        _("没收违法所得、非法财物（分）"), default=0
    )
    outside_benchmark = models.PositiveIntegerField(_("超出裁量基准的决定"), default=0)
    refreshed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("案件统计")
        verbose_name_plural = _("案件统计")
        ordering = ["organization", "state"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "state"], name="enforcement_rollup_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.state}: {self.cases}"


class CaseDueRollup(models.Model):
    """Open cases of one organization whose running clock falls due on one day."""

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("办案机关")
    )
    due_on = models.DateField(_("到期日"))
    cases = models.PositiveIntegerField(_("案件数"), default=0)
    refreshed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("案件期限统计")
        verbose_name_plural = _("案件期限统计")
        ordering = ["organization", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "due_on"], name="enforcement_rollup_due_once"
            )
        ]
        indexes = [models.Index(fields=["due_on"], name="enforcement_rollup_due_day")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.due_on}: {self.cases}"
