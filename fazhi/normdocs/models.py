"""Administrative normative documents (行政规范性文件) from draft to clean-up.

A :class:`Document` follows the procedure declared in :mod:`fazhi.normdocs.workflow`
(drafting → public consultation → legality review → collective discussion →
registration and numbering → publication → filing → expiry, abolition or
renewal). Each step leaves its own row — the consultation and its comments, the
legality review with its pre-review findings, the fair-competition checklist,
the meeting, the filing and its review — so the full history stays readable.

Personal data of commenters and of citizens asking for review is kept on the
row for the office's reply and never published nor written to the audit record.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization, TimeStampedModel


class State(models.TextChoices):
    """The states of a document; the steps between them live in ``workflow.py``."""

    DRAFTING = "drafting", _("起草中")
    CONSULTING = "consulting", _("公开征求意见中")
    REVIEWING = "reviewing", _("合法性审核中")
    REVIEWED = "reviewed", _("合法性审核通过")
    APPROVED = "approved", _("集体审议通过")
    REGISTERED = "registered", _("已统一登记编号")
    PUBLISHED = "published", _("已公布")
    EXPIRED = "expired", _("已失效")
    ABOLISHED = "abolished", _("已废止")
    INVALID = "invalid", _("已宣布失效")
    REVOKED = "revoked", _("已被撤销")
    SUPERSEDED = "superseded", _("已重新公布")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States in which the document has been published (and has a number).
ISSUED_STATES = (
    State.PUBLISHED,
    State.EXPIRED,
    State.ABOLISHED,
    State.INVALID,
    State.REVOKED,
    State.SUPERSEDED,
)


class NumberingScheme(TimeStampedModel):
    """How an issuing organization numbers its documents (统一编号), e.g. 正政规〔2026〕3号.

    ``pattern`` uses ``{prefix}``, ``{year}`` and ``{number}``; the number
    restarts at 1 each year.
    """

    organization = models.OneToOneField(
        Organization,
        models.PROTECT,
        related_name="normdoc_numbering",
        verbose_name=_("制定机关"),
    )
    prefix = models.CharField(_("发文字号前缀"), max_length=32)
    pattern = models.CharField(
        _("编号格式"), max_length=64, default="{prefix}〔{year}〕{number}号"
    )

    class Meta:
        verbose_name = _("编号规则")
        verbose_name_plural = _("编号规则")

    def __str__(self) -> str:
        return f"{self.organization} · {self.pattern}"

    def format(self, *, year: int, number: int) -> str:
        return self.pattern.format(prefix=self.prefix, year=year, number=number)


class NumberCounter(models.Model):
    """The last number given per organization and year: locked while a number is given.

    Gap-free because the counter moves in the same transaction as the
    registration: a rolled-back registration rolls the counter back too.
    """

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="+", verbose_name=_("制定机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("编号计数")
        verbose_name_plural = _("编号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="normdocs_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"


class Document(TimeStampedModel):
    """One normative document, from its first draft to its end."""

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="normdocs",
        verbose_name=_("制定机关"),
    )
    review_organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="normdocs_to_review",
        verbose_name=_("合法性审核机构"),
    )
    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("文件正文"))
    explanation = models.TextField(_("起草说明"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=State, default=State.DRAFTING, db_index=True
    )
    affects_rights = models.BooleanField(
        _("涉及公民、法人和其他组织权利义务"), default=True
    )
    touches_economic_activity = models.BooleanField(
        _("涉及经营者经济活动"), default=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("起草人"),
    )
    number = models.CharField(
        _("文号"), max_length=64, null=True, blank=True, unique=True
    )
    number_year = models.PositiveSmallIntegerField(_("编号年度"), null=True, blank=True)
    number_sequence = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    valid_until = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("有效的最后一日")
    )
    ended_on = models.DateField(
        _("终止日期"), null=True, blank=True, help_text=_("不再有效的第一日")
    )
    end_reason = models.TextField(_("终止理由"), blank=True)
    renewal_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("重新公布的原文件"),
    )
    instrument = models.ForeignKey(
        "laws.Instrument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("法律法规库条目"),
    )
    version = models.ForeignKey(
        "laws.Version",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("法律法规库版本"),
    )
    legal_bases = models.ManyToManyField(
        "laws.Provision",
        through="LegalBasis",
        related_name="+",
        verbose_name=_("制定依据"),
    )

    class Meta:
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def in_force_on(self, day: dt.date) -> bool:
        """Published, effective and within its validity period on ``day``."""
        return (
            self.state == State.PUBLISHED
            and self.effective_on is not None
            and self.effective_on <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class LegalBasis(models.Model):
    """A provision of a law or regulation the document relies on (制定依据)."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="bases", verbose_name=_("文件")
    )
    provision = models.ForeignKey(
        "laws.Provision", models.PROTECT, related_name="+", verbose_name=_("条文")
    )
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("制定依据")
        verbose_name_plural = _("制定依据")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "provision"], name="normdocs_basis_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.provision_id}"


class Consultation(TimeStampedModel):
    """The draft published for public comment (公开征求意见)."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="consultations", verbose_name=_("文件")
    )
    draft_text = models.TextField(_("征求意见稿"))
    draft_explanation = models.TextField(_("起草说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    short_period_reason = models.TextField(_("缩短期限的理由"), blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    adoption_statement = models.TextField(_("意见采纳情况说明"), blank=True)
    statement_published_on = models.DateField(
        _("采纳情况说明公布日期"), null=True, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("公开征求意见")
        verbose_name_plural = _("公开征求意见")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document.title}（{self.opens_on}—{self.closes_on}）"

    def is_open_on(self, day: dt.date) -> bool:
        return self.closed_on is None and self.opens_on <= day <= self.closes_on


class Disposition(models.TextChoices):
    PENDING = "pending", _("待处理")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("不予采纳")


class Comment(models.Model):
    """One comment from the public; the name and contact are never published."""

    consultation = models.ForeignKey(
        Consultation,
        models.CASCADE,
        related_name="comments",
        verbose_name=_("征求意见"),
    )
    text = models.TextField(_("意见内容"))
    name = models.CharField(_("姓名或名称"), max_length=128, blank=True)
    contact = models.CharField(_("联系方式"), max_length=128, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    disposition = models.CharField(
        _("处理结果"), max_length=16, choices=Disposition, default=Disposition.PENDING
    )
    reason = models.TextField(_("处理理由"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("处理人"),
    )
    disposed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:20]}"


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("审核中")
    PASSED = "passed", _("合法，同意")
    AMEND = "amend", _("修改后重新送审")
    REJECTED = "rejected", _("不予通过")


class LegalityReview(TimeStampedModel):
    """One submission to the legal institution for legality review (合法性审核)."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="reviews", verbose_name=_("文件")
    )
    reviewing_organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="+", verbose_name=_("审核机构")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("送审人"),
    )
    submitted_on = models.DateField(_("送审日期"))
    due_on = models.DateField(_("审核期限"))
    due_basis = models.CharField(_("期限依据"), max_length=255)
    text_reviewed = models.TextField(_("送审稿"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审核人"),
    )
    outcome = models.CharField(
        _("审核结论"),
        max_length=16,
        choices=ReviewOutcome,
        default=ReviewOutcome.PENDING,
    )
    opinion = models.TextField(_("审核意见"), blank=True)
    concluded_on = models.DateField(_("审核完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("合法性审核")
        verbose_name_plural = _("合法性审核")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document.title} · {self.get_outcome_display()}"


class FindingDisposition(models.TextChoices):
    PENDING = "pending", _("待审核人处理")
    CONFIRMED = "confirmed", _("确认问题，须修改")
    DISMISSED = "dismissed", _("不构成问题")


class PrereviewFinding(models.Model):
    """A finding of the automated pre-review, with the reviewer's disposition."""

    review = models.ForeignKey(
        LegalityReview, models.CASCADE, related_name="findings", verbose_name=_("审核")
    )
    detector = models.CharField(_("检测项"), max_length=64)
    rule_id = models.CharField(_("规则标识"), max_length=128, blank=True)
    severity = models.CharField(_("严重程度"), max_length=16, blank=True)
    clause = models.TextField(_("所涉条款"), blank=True)
    rule = models.TextField(_("规则"), blank=True)
    citation = models.CharField(_("依据"), max_length=255, blank=True)
    details = models.JSONField(_("预审详情"), default=dict, blank=True)
    disposition = models.CharField(
        _("处理"),
        max_length=16,
        choices=FindingDisposition,
        default=FindingDisposition.PENDING,
    )
    note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("预审发现")
        verbose_name_plural = _("预审发现")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.detector}: {self.clause[:30]}"


class FairCompetitionOutcome(models.TextChoices):
    PASSED = "passed", _("不含排除、限制竞争内容")
    EXCEPTION = "exception", _("适用第12条例外，可以出台")
    FAILED = "failed", _("违反第8至11条，不得出台")


class FairCompetitionReview(TimeStampedModel):
    """The fair-competition checklist of a document (公平竞争审查).

    ``answers`` maps each checklist item of ``rules/fair_competition.yaml`` to
    whether the draft contains it; ``exception`` records the 第12条 test.
    """

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="fcr_reviews", verbose_name=_("文件")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("审查人"),
    )
    answers = models.JSONField(_("逐项审查结果"), default=dict)
    authorised_items = models.JSONField(
        _("有法律、行政法规依据或经国务院批准的事项"), default=list, blank=True
    )
    exception = models.JSONField(_("第12条例外"), default=dict, blank=True)
    conclusion = models.TextField(_("审查结论"))
    outcome = models.CharField(_("结论"), max_length=16, choices=FairCompetitionOutcome)
    reviewed_on = models.DateField(_("审查日期"))

    class Meta:
        verbose_name = _("公平竞争审查")
        verbose_name_plural = _("公平竞争审查")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document.title} · {self.get_outcome_display()}"


class DeliberationDecision(models.TextChoices):
    APPROVED = "approved", _("审议通过")
    SENT_BACK = "sent_back", _("退回修改")


class Deliberation(TimeStampedModel):
    """Collective discussion (集体审议) of the document at a meeting."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="deliberations", verbose_name=_("文件")
    )
    meeting = models.CharField(_("会议名称"), max_length=255)
    held_on = models.DateField(_("会议日期"))
    decision = models.CharField(
        _("审议决定"), max_length=16, choices=DeliberationDecision
    )
    minutes = models.TextField(_("审议意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("集体审议")
        verbose_name_plural = _("集体审议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on}）"


class FilingState(models.TextChoices):
    SUBMITTED = "submitted", _("已报送备案")
    NO_PROBLEM = "no_problem", _("审查未发现问题")
    SUGGEST_AMEND = "suggest_amend", _("建议修改")
    ORDER_CORRECT = "order_correct", _("责令纠正")
    REVOKED = "revoked", _("予以撤销")
    RESPONDED = "responded", _("制定机关已报告处理情况")


class Filing(TimeStampedModel):
    """Filing of a published document with the next-higher government (备案)."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="filings", verbose_name=_("文件")
    )
    filing_body = models.ForeignKey(
        Organization, models.PROTECT, related_name="+", verbose_name=_("备案机关")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=FilingState, default=FilingState.SUBMITTED
    )
    due_on = models.DateField(_("报送备案期限"))
    due_basis = models.CharField(_("期限依据"), max_length=255)
    submitted_on = models.DateField(_("报送日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("报送人"),
    )
    is_late = models.BooleanField(_("逾期报送"), default=False)
    review_due_on = models.DateField(_("审查期限"))
    review_due_basis = models.CharField(_("审查期限依据"), max_length=255)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审查人"),
    )
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    opinion = models.TextField(_("审查意见"), blank=True)
    response_due_on = models.DateField(_("处理情况报告期限"), null=True, blank=True)
    response_due_basis = models.CharField(_("报告期限依据"), max_length=255, blank=True)
    response = models.TextField(_("处理情况"), blank=True)
    responded_on = models.DateField(_("报告日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("备案")
        verbose_name_plural = _("备案")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document} → {self.filing_body}"


class Campaign(TimeStampedModel):
    """A clean-up campaign (清理) of an organization's documents."""

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="normdoc_campaigns",
        verbose_name=_("组织清理的机关"),
    )
    title = models.CharField(_("名称"), max_length=255)
    basis = models.TextField(_("清理依据"), blank=True)
    started_on = models.DateField(_("开始日期"))
    published_on = models.DateField(_("结果公布日期"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("发起人"),
    )

    class Meta:
        verbose_name = _("清理")
        verbose_name_plural = _("清理")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CleanupDecision(models.TextChoices):
    RETAIN = "retain", _("继续有效")
    AMEND = "amend", _("需要修改")
    ABOLISH = "abolish", _("废止")
    INVALID = "invalid", _("宣布失效")


class CampaignItem(models.Model):
    """The decision of a campaign about one document, with its reason."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="items", verbose_name=_("清理")
    )
    document = models.ForeignKey(
        Document, models.PROTECT, related_name="campaign_items", verbose_name=_("文件")
    )
    decision = models.CharField(
        _("清理结论"), max_length=16, choices=CleanupDecision, blank=True
    )
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("决定人"),
    )

    class Meta:
        verbose_name = _("清理结论")
        verbose_name_plural = _("清理结论")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "document"], name="normdocs_campaign_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.document_id}: {self.decision}"


class ReviewRequestState(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ANSWERED = "answered", _("已答复")


class ReviewRequest(models.Model):
    """A citizen's request to review a published document (审查建议)."""

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="review_requests", verbose_name=_("文件")
    )
    text = models.TextField(_("审查建议"))
    name = models.CharField(_("姓名或名称"), max_length=128)
    contact = models.CharField(_("联系方式"), max_length=128)
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    due_basis = models.CharField(_("期限依据"), max_length=255)
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=ReviewRequestState,
        default=ReviewRequestState.RECEIVED,
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("答复人"),
    )

    class Meta:
        verbose_name = _("审查建议")
        verbose_name_plural = _("审查建议")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.document.title}"
