"""Compulsory measures (查封、扣押、冻结, 《行政强制法》), transfers of suspected
crimes (两法衔接, 《行政执法机关移送涉嫌犯罪案件的规定》) and complaints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization, TimeStampedModel
from fazhi.enforcement.models.cases import PenaltyCase


class CompulsoryMeasure(TimeStampedModel):
    """Sealing, seizure or freezing in a case, with its term (第25、32条)."""

    class Kind(models.TextChoices):
        SEAL = "seal", _("查封")
        SEIZE = "seize", _("扣押")
        FREEZE = "freeze", _("冻结存款、汇款")

    class Disposition(models.TextChoices):
        CONFISCATED = "confiscated", _("依法没收")
        DESTROYED = "destroyed", _("依法销毁")
        RELEASED = "released", _("解除")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="compulsory_measures",
        verbose_name=_("实施机关"),
    )
    case = models.ForeignKey(
        PenaltyCase,
        models.PROTECT,
        related_name="measures",
        verbose_name=_("案件"),
    )
    kind = models.CharField(_("措施"), max_length=16, choices=Kind)
    state = models.CharField(_("状态"), max_length=16, db_index=True)
    items = models.TextField(_("查封、扣押清单或冻结账户"))
    amount_fen = models.PositiveBigIntegerField(_("冻结数额（分）"), default=0)
    reason = models.TextField(_("理由和依据"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准负责人"),
    )
    emergency = models.BooleanField(_("情况紧急当场实施"), default=False)
    report_due_at = models.DateTimeField(_("补办批准时限"), null=True, blank=True)
    started_on = models.DateField(_("实施日"))
    term_due_on = models.DateField(_("期限届满日"), db_index=True)
    extended_days = models.PositiveIntegerField(_("延长日数"), default=0)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    disposition = models.CharField(
        _("处理结果"), max_length=16, choices=Disposition, blank=True
    )
    disposed_on = models.DateField(_("处理日"), null=True, blank=True)
    disposition_note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("行政强制措施")
        verbose_name_plural = _("行政强制措施")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case.number}"


class MeasurePause(models.Model):
    """Testing, inspection, quarantine or appraisal time, excluded from the term (第25条第3款)."""

    measure = models.ForeignKey(
        CompulsoryMeasure, models.CASCADE, related_name="pauses", verbose_name=_("措施")
    )
    start = models.DateField(_("起"))
    end = models.DateField(_("止"))
    reason = models.CharField(_("事项"), max_length=255)

    class Meta:
        verbose_name = _("不计入期限的期间")
        verbose_name_plural = _("不计入期限的期间")
        ordering = ["measure", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="enforcement_measure_pause_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


class CrimeTransfer(TimeStampedModel):
    """A transfer of a suspected crime to the public security organ (两法衔接)."""

    class PoliceDecision(models.TextChoices):
        FILED = "filed", _("立案")
        NOT_FILED = "not_filed", _("不予立案")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="crime_transfers",
        verbose_name=_("移送机关"),
    )
    case = models.ForeignKey(
        PenaltyCase,
        models.PROTECT,
        related_name="transfers",
        verbose_name=_("案件"),
    )
    state = models.CharField(_("状态"), max_length=16, db_index=True)
    case_state_before = models.CharField(_("移送前案件状态"), max_length=32)
    report = models.TextField(_("移送报告"))
    reported_on = models.DateField(_("报告日"))
    approval_due_on = models.DateField(_("审批期限"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不批准理由"), blank=True)
    transfer_due_at = models.DateTimeField(_("移送时限"), null=True, blank=True)
    police_organ = models.CharField(_("公安机关"), max_length=128, blank=True)
    transferred_at = models.DateTimeField(_("移送时间"), null=True, blank=True)
    receipt_on = models.DateField(_("公安机关签收日"), null=True, blank=True)
    review_due_on = models.DateField(_("公安机关审查期限"), null=True, blank=True)
    police_decision = models.CharField(
        _("公安机关决定"), max_length=16, choices=PoliceDecision, blank=True
    )
    police_decision_on = models.DateField(_("决定日"), null=True, blank=True)
    handover_due_on = models.DateField(_("移交涉案物品期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("涉嫌犯罪案件移送")
        verbose_name_plural = _("涉嫌犯罪案件移送")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.police_organ or '公安机关'}"


class Complaint(TimeStampedModel):
    """A complaint or report (投诉举报). The reporter's identity is protected: it
    is never in any public output and only the handling organization sees it.
    """

    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        ONLINE = "online", _("网络")
        LETTER = "letter", _("信件")
        VISIT = "visit", _("来访")
        OTHER = "other", _("其他")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="complaints",
        verbose_name=_("承办机关"),
    )
    state = models.CharField(_("状态"), max_length=16, db_index=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel)
    received_on = models.DateField(_("收到日"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_name = models.CharField(_("举报人姓名"), max_length=64, blank=True)
    reporter_contact = models.CharField(_("举报人联系方式"), max_length=128, blank=True)
    target = models.CharField(_("被投诉举报对象"), max_length=255)
    content = models.TextField(_("内容"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    due_on = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    due_basis = models.CharField(_("期限依据"), max_length=255, blank=True)
    case = models.ForeignKey(
        PenaltyCase,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("立案案件"),
    )
    result = models.TextField(_("处理结果"), blank=True)
    answered_on = models.DateField(_("反馈日"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        # Never the reporter: this string goes into the audit record's label.
        return f"#{self.pk} · {self.target}"
