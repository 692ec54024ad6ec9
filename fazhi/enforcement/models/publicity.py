"""Published penalty decisions (行政处罚决定公开, 《行政处罚法》(2021-01-22) 第48条).

A published decision is the public copy of a decided case, made once at
publication: the party's name and the text are masked with
:func:`fazhi.core.masking.mask` and only the masked text is stored here, so the
page, the API, the export and the search snippets all read the same text and
none can leak what another forgot to mask. The case file keeps the original.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization, TimeStampedModel
from fazhi.enforcement.models.cases import PartyKind, PenaltyCase


class PublishedDecision(TimeStampedModel):
    """The public record of one penalty decision, masked, with its withdrawal."""

    class WithdrawalReason(models.TextChoices):
        VARIED = "varied", _("处罚决定被依法变更")
        REVOKED = "revoked", _("处罚决定被依法撤销")
        CONFIRMED_ILLEGAL = "confirmed_illegal", _("处罚决定被确认违法")
        CONFIRMED_VOID = "confirmed_void", _("处罚决定被确认无效")

    case = models.ForeignKey(
        PenaltyCase,
        models.PROTECT,
        related_name="publications",
        verbose_name=_("案件"),
    )
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="published_decisions",
        verbose_name=_("作出决定的机关"),
    )
    organization_name = models.CharField(_("作出决定的机关"), max_length=255)
    decision_number = models.CharField(_("决定书文号"), max_length=64)
    party_kind = models.CharField(_("当事人类型"), max_length=24, choices=PartyKind)
    party = models.CharField(_("当事人（已脱敏）"), max_length=255)
    summary = models.CharField(_("案由（已脱敏）"), max_length=255)
    facts = models.TextField(_("违法事实（已脱敏）"))
    legal_basis = models.TextField(_("处罚依据（已脱敏）"))
    penalty = models.TextField(_("处罚内容"))
    kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_fen = models.PositiveBigIntegerField(_("罚款（分）"), default=0)
    decided_on = models.DateField(_("决定日"))
    published_on = models.DateField(_("公开日"), db_index=True)
    publication_ends_on = models.DateField(_("公开期限届满日"), db_index=True)
    publication_period_basis = models.TextField(_("公开期限依据"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("公开人"),
    )
    ended_on = models.DateField(_("停止公开日"), null=True, blank=True)

    # 撤回 (第48条第2款)
    withdrawal_reason = models.CharField(
        _("撤回原因"), max_length=24, choices=WithdrawalReason, blank=True
    )
    withdrawal_occurred_on = models.DateField(
        _("决定被变更、撤销或确认违法、无效之日"), null=True, blank=True
    )
    withdrawal_due_on = models.DateField(
        _("最迟撤回日"), null=True, blank=True, db_index=True
    )
    withdrawal_due_basis = models.TextField(_("撤回期限依据"), blank=True)
    withdrawn_on = models.DateField(_("撤回日"), null=True, blank=True)
    withdrawn_in_time = models.BooleanField(_("按期撤回"), null=True, blank=True)
    withdrawal_explanation = models.TextField(_("撤回说明（已脱敏）"), blank=True)

    class Meta:
        verbose_name = _("公开的行政处罚决定")
        verbose_name_plural = _("公开的行政处罚决定")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(withdrawn_on__isnull=True),
                name="enforcement_publication_once_per_case",
            ),
            models.CheckConstraint(
                condition=Q(publication_ends_on__gte=models.F("published_on")),
                name="enforcement_publication_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["organization", "published_on"])]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.party}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def shown_on(self, day: dt.date) -> bool:
        """Whether the public list shows it on ``day`` (not withdrawn, period not over)."""
        return (
            self.withdrawn_on is None
            and self.ended_on is None
            and self.published_on <= day <= self.publication_ends_on
        )
