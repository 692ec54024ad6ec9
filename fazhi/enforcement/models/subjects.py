"""Who may enforce: subjects (执法主体), their matters (执法事项) and officers (执法人员).

A penalty is imposed by an organ within its competence, by an organisation
authorised by law, or by an organisation entrusted in writing (《行政处罚法》
第18-21条); only certified officers act (第42条). Compulsory measures cannot
be entrusted (《行政强制法》第17条).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization, TimeStampedModel


class EnforcementSubject(TimeStampedModel):
    """An organization that may enforce in its own name, or by entrustment."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("法定行政机关")
        AUTHORIZED = "authorized", _("法律、法规授权的组织")
        ENTRUSTED = "entrusted", _("受委托组织")

    organization = models.OneToOneField(
        Organization,
        models.PROTECT,
        related_name="enforcement_subject",
        verbose_name=_("组织"),
    )
    kind = models.CharField(_("主体类型"), max_length=16, choices=Kind)
    legal_basis = models.TextField(_("职权依据"), blank=True)
    entrusting_organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("委托机关"),
    )
    entrustment_scope = models.TextField(_("委托事项和权限"), blank=True)
    entrustment_document = models.CharField(_("委托书"), max_length=128, blank=True)
    entrusted_from = models.DateField(_("委托起始日"), null=True, blank=True)
    entrusted_until = models.DateField(_("委托截止日"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("执法主体")
        verbose_name_plural = _("执法主体")
        ordering = ["organization__path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="entrusted")
                | Q(entrusting_organization__isnull=False),
                name="enforcement_subject_entrusted_has_entrusting_body",
            )
        ]

    def __str__(self) -> str:
        return self.organization.name

    @property
    def is_entrusted(self) -> bool:
        return self.kind == self.Kind.ENTRUSTED

    def entrustment_in_force(self, day: dt.date) -> bool:
        """Whether an entrusted subject's letter covers ``day`` (第20条)."""
        if not self.is_entrusted:
            return True
        if self.entrusted_from and day < self.entrusted_from:
            return False
        return not (self.entrusted_until and day > self.entrusted_until)


class EnforcementMatter(TimeStampedModel):
    """One matter a subject may enforce (执法事项), with its legal basis."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("行政处罚")
        COERCIVE_MEASURE = "coercive_measure", _("行政强制措施")
        COERCIVE_EXECUTION = "coercive_execution", _("行政强制执行")
        INSPECTION = "inspection", _("行政检查")
        LICENSING = "licensing", _("行政许可")
        OTHER = "other", _("其他")

    subject = models.ForeignKey(
        EnforcementSubject,
        models.PROTECT,
        related_name="matters",
        verbose_name=_("执法主体"),
    )
    code = models.CharField(_("事项编码"), max_length=64)
    name = models.CharField(_("事项名称"), max_length=255)
    kind = models.CharField(_("事项类型"), max_length=32, choices=Kind)
    provisions = models.ManyToManyField(
        "laws.Provision",
        blank=True,
        related_name="enforcement_matters",
        verbose_name=_("法律依据条文"),
    )
    citation = models.TextField(_("依据"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("执法事项")
        verbose_name_plural = _("执法事项")
        ordering = ["subject", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "code"], name="enforcement_matter_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Officer(TimeStampedModel):
    """A certified enforcement officer (行政执法人员) and their certificate (执法证)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("注销")

    subject = models.ForeignKey(
        EnforcementSubject,
        models.PROTECT,
        related_name="officers",
        verbose_name=_("所属执法主体"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_officer",
        verbose_name=_("账户"),
    )
    name = models.CharField(_("姓名"), max_length=64)
    certificate_number = models.CharField(_("执法证号"), max_length=64, unique=True)
    issuer = models.CharField(_("发证机关"), max_length=128)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(
        _("证件状态"), max_length=16, choices=Status, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["subject", "name", "certificate_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="enforcement_officer_validity_ordered",
            )
        ]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"

    @property
    def organization(self) -> Organization:
        return self.subject.organization

    def certificate_valid_on(self, day: dt.date) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.valid_from <= day <= self.valid_until
        )


class QualificationExam(models.Model):
    """A result of the enforcement qualification examination (执法资格考试)."""

    officer = models.ForeignKey(
        Officer, models.CASCADE, related_name="exams", verbose_name=_("执法人员")
    )
    taken_on = models.DateField(_("考试日期"))
    score = models.DecimalField(
        _("成绩"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("是否通过"))
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("执法资格考试")
        verbose_name_plural = _("执法资格考试")
        ordering = ["officer", "-taken_on"]

    def __str__(self) -> str:
        return f"{self.officer.name} {self.taken_on}"


class TrainingRecord(models.Model):
    """Hours of legal and professional training attended (业务知识和法律法规培训)."""

    officer = models.ForeignKey(
        Officer, models.CASCADE, related_name="trainings", verbose_name=_("执法人员")
    )
    attended_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    course = models.CharField(_("培训内容"), max_length=255)
    provider = models.CharField(_("组织单位"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["officer", "-attended_on"]
        indexes = [models.Index(fields=["officer", "attended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="enforcement_training_hours_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer.name} {self.attended_on} {self.hours}"
