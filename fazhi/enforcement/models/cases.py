"""Penalty cases (行政处罚案件) under 《行政处罚法》(2021-01-22).

The procedure is declared in :mod:`fazhi.enforcement.workflows`; the case keeps
its state, the proposal and decision, and every clock the time engine computed
(stored so that the worklist and the supervision lists are index queries).
Amounts are integer fen, as in :mod:`fazhi.rules.surcharge`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Organization, TimeStampedModel
from fazhi.enforcement.models.subjects import (
    EnforcementMatter,
    EnforcementSubject,
    Officer,
)


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("公民（自然人）")
    LEGAL_PERSON = "legal_person", _("法人")
    OTHER_ORGANIZATION = "other_organization", _("其他组织")


class PenaltyCase(TimeStampedModel):
    """One case from the clue to its closure (the general or the simplified procedure)."""

    class Procedure(models.TextChoices):
        GENERAL = "general", _("普通程序")
        SIMPLIFIED = "simplified", _("简易程序")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("监督检查")
        COMPLAINT = "complaint", _("投诉举报")
        REFERRAL = "referral", _("移送、交办")
        MONITORING = "monitoring", _("电子技术监控")
        OTHER = "other", _("其他")

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("给予行政处罚")
        NO_PENALTY = "no_penalty", _("不予行政处罚（违法行为轻微等）")
        NOT_ESTABLISHED = "not_established", _("不予行政处罚（违法事实不能成立）")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="penalty_cases",
        verbose_name=_("办案机关"),
        # enforcement_case_unique_number (organization, number) serves its look-ups
        db_index=False,
    )
    subject = models.ForeignKey(
        EnforcementSubject,
        models.PROTECT,
        related_name="penalty_cases",
        verbose_name=_("执法主体"),
    )
    matter = models.ForeignKey(
        EnforcementMatter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_cases",
        verbose_name=_("执法事项"),
        db_index=False,  # enforcement_case_matter: only the cases that name one
    )
    number = models.CharField(_("案号"), max_length=64)
    procedure = models.CharField(
        _("程序"), max_length=16, choices=Procedure, default=Procedure.GENERAL
    )
    state = models.CharField(_("状态"), max_length=32)
    source = models.CharField(
        _("案件来源"), max_length=16, choices=Source, default=Source.INSPECTION
    )
    summary = models.CharField(_("案由"), max_length=255)
    clue = models.TextField(_("线索内容"), blank=True)
    received_on = models.DateField(_("线索登记日"))
    violation_on = models.DateField(_("违法行为发生（终了）日"), null=True, blank=True)
    violation_code = models.CharField(_("违法行为编码"), max_length=64, blank=True)
    facts = models.JSONField(_("裁量情节"), default=dict, blank=True)
    sector = models.CharField(_("领域"), max_length=64, blank=True)

    party_kind = models.CharField(_("当事人类型"), max_length=24, choices=PartyKind)
    party_name = models.CharField(_("当事人"), max_length=128)
    party_id_number = models.CharField(_("证件号码"), max_length=64, blank=True)
    party_address = models.CharField(_("住址"), max_length=255, blank=True)

    # 立案 (第54条) and the 90-day clock (第60条)
    filed_on = models.DateField(_("立案日"), null=True, blank=True)
    filing_note = models.TextField(_("立案意见"), blank=True)
    decision_due_on = models.DateField(_("处罚决定期限"), null=True, blank=True)

    # 调查终结: the proposal (拟处理意见), the discretion assessment and the
    # major-case determination (第57、58条)
    investigation_report = models.TextField(_("调查终结报告"), blank=True)
    proposed_outcome = models.CharField(
        _("拟处理意见"), max_length=24, choices=Outcome, blank=True
    )
    proposed_kinds = models.JSONField(_("拟处罚种类"), default=list, blank=True)
    proposed_fine_fen = models.PositiveBigIntegerField(_("拟罚款（分）"), default=0)
    proposed_confiscation_fen = models.PositiveBigIntegerField(
        _("拟没收违法所得、非法财物（分）"), default=0
    )
    assessment = models.JSONField(_("裁量基准评估"), default=dict, blank=True)
    deviation = models.JSONField(_("偏离裁量基准"), default=dict, blank=True)
    deviation_justification = models.TextField(_("偏离裁量基准的理由"), blank=True)
    non_penalty_reasoning = models.TextField(_("不予处罚的理由"), blank=True)
    is_major = models.BooleanField(_("重大执法决定"), default=False)
    major_reasons = models.JSONField(_("重大案件认定理由"), default=list, blank=True)
    hearing_eligible = models.BooleanField(_("符合听证条件"), default=False)
    hearing_reasons = models.JSONField(_("听证条件理由"), default=list, blank=True)
    collective_discussion_on = models.DateField(
        _("负责人集体讨论日"), null=True, blank=True
    )

    # 决定 (第57、59条)
    outcome = models.CharField(
        _("决定结果"), max_length=24, choices=Outcome, blank=True
    )
    decided_on = models.DateField(_("决定日"), null=True, blank=True)
    decision_number = models.CharField(_("决定书文号"), max_length=64, blank=True)
    kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_fen = models.PositiveBigIntegerField(_("罚款（分）"), default=0)
    confiscation_fen = models.PositiveBigIntegerField(
        _("没收违法所得、非法财物（分）"), default=0
    )
    decision_reasoning = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("决定人"),
        db_index=False,  # enforcement_case_decided_by: only the cases that name one
    )

    # 送达 (第61条)
    service_due_on = models.DateField(_("送达期限"), null=True, blank=True)
    served_on = models.DateField(_("送达日"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=24, blank=True)

    # 缴纳与执行 (第67、72条)
    payment_due_on = models.DateField(_("缴款期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴款日"), null=True, blank=True)
    paid_fen = models.PositiveBigIntegerField(_("实缴罚款（分）"), default=0)
    surcharge_fen = models.PositiveBigIntegerField(_("加处罚款（分）"), default=0)
    executed_on = models.DateField(_("执行完毕日"), null=True, blank=True)
    execution_note = models.TextField(_("执行情况"), blank=True)

    # 简易程序 (第51、52条)
    on_spot_officer = models.ForeignKey(
        Officer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当场处罚执法人员"),
        db_index=False,  # enforcement_case_on_spot: only the cases that name one
    )
    on_spot_place = models.CharField(_("当场处罚地点"), max_length=255, blank=True)
    reported_on = models.DateField(_("报所属机关备案日"), null=True, blank=True)

    # 结案、撤销、移送
    closed_on = models.DateField(_("结案日"), null=True, blank=True)
    ended_reason = models.TextField(_("终止理由"), blank=True)

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="enforcement_case_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(procedure="general") | Q(on_spot_officer__isnull=False),
                name="enforcement_case_on_spot_has_officer",
            ),
        ]
        # Each index is kept up on every case written (an import writes
        # millions): one per query that needs it (docs/enforcement.md). The
        # clocks are read through the partial indexes below, never by the due
        # day alone; the references a case may leave empty are indexed where
        # set, which is all that a protected delete looks up.
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["state"], name="enforcement_case_state"),
            # Performance (docs/enforcement.md): an organization's case list in
            # its display order, and its running clocks (one partial index per
            # clock, matching selectors.list_overdue_cases / list_due_cases).
            models.Index(
                fields=["organization", "-received_on", "-id"],
                name="enforcement_case_org_list",
            ),
            models.Index(
                fields=["organization", "decision_due_on"],
                condition=Q(
                    state__in=[
                        "filed",
                        "investigated",
                        "notified",
                        "hearing_requested",
                        "heard",
                    ]
                ),
                name="enforcement_case_decision_due",
            ),
            models.Index(
                fields=["organization", "service_due_on"],
                condition=Q(state="decided"),
                name="enforcement_case_service_due",
            ),
            models.Index(
                fields=["organization", "payment_due_on"],
                condition=Q(state="served", paid_on__isnull=True),
                name="enforcement_case_payment_due",
            ),
            models.Index(
                fields=["matter"],
                condition=Q(matter__isnull=False),
                name="enforcement_case_matter",
            ),
            models.Index(
                fields=["decided_by"],
                condition=Q(decided_by__isnull=False),
                name="enforcement_case_decided_by",
            ),
            models.Index(
                fields=["on_spot_officer"],
                condition=Q(on_spot_officer__isnull=False),
                name="enforcement_case_on_spot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def is_simplified(self) -> bool:
        return self.procedure == self.Procedure.SIMPLIFIED


class CaseOfficer(models.Model):
    """An officer assigned to investigate a case (第42条: at least two)."""

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="assignments", verbose_name=_("案件")
    )
    officer = models.ForeignKey(
        Officer, models.PROTECT, related_name="assignments", verbose_name=_("执法人员")
    )
    assigned_on = models.DateField(_("指派日"))
    released_on = models.DateField(_("撤回指派日"), null=True, blank=True)
    release_reason = models.CharField(_("撤回理由"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("办案人员")
        verbose_name_plural = _("办案人员")
        ordering = ["case", "assigned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"],
                condition=Q(released_on__isnull=True),
                name="enforcement_case_officer_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.officer.name}"


class Evidence(models.Model):
    """One item of evidence (第46条: eight kinds), with its file and how it was taken."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("书证")
        PHYSICAL = "physical", _("物证")
        AUDIOVISUAL = "audiovisual", _("视听资料")
        ELECTRONIC = "electronic", _("电子数据")
        WITNESS = "witness", _("证人证言")
        PARTY_STATEMENT = "party_statement", _("当事人的陈述")
        EXPERT_OPINION = "expert_opinion", _("鉴定意见")
        RECORD = "record", _("勘验笔录、现场笔录")

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="evidence", verbose_name=_("案件")
    )
    kind = models.CharField(_("证据种类"), max_length=24, choices=Kind)
    title = models.CharField(_("名称"), max_length=255)
    description = models.TextField(_("证明事项"), blank=True)
    collected_on = models.DateField(_("取得日期"))
    collected_by = models.ManyToManyField(
        Officer, related_name="+", blank=True, verbose_name=_("取证人员")
    )
    file = models.ForeignKey(
        "files.StoredFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("文件"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["case", "collected_on", "id"]

    def __str__(self) -> str:
        return self.title


class MajorCaseOverride(TimeStampedModel):
    """An organization's own addition to (or exclusion from) the default list of
    major cases that need the legal review (第58条第1款第4项: "法律、法规规定的其他情形").
    """

    class Effect(models.TextChoices):
        INCLUDE = "include", _("列为重大案件")
        EXCLUDE = "exclude", _("不列为重大案件")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="major_case_overrides",
        verbose_name=_("组织"),
    )
    code = models.CharField(_("情形编码"), max_length=64)
    effect = models.CharField(
        _("效果"), max_length=16, choices=Effect, default=Effect.INCLUDE
    )
    description = models.CharField(_("情形"), max_length=255)
    condition = models.JSONField(_("条件"), default=dict, blank=True)
    citation = models.TextField(_("依据"), blank=True)
    valid_from = models.DateField(_("生效日"))
    valid_until = models.DateField(_("失效日"), null=True, blank=True)

    class Meta:
        verbose_name = _("重大执法决定目录调整")
        verbose_name_plural = _("重大执法决定目录调整")
        ordering = ["organization", "code", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.description}"


class LegalReview(models.Model):
    """The legal review (法制审核, 第58条) of one proposal, by a reviewer of the
    organization's legal institution. It sees the proposal as submitted, the
    discretion assessment and any deviation with its justification.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("审核通过")
        RETURNED = "returned", _("退回（审核未通过）")

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="reviews", verbose_name=_("案件")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State, default=State.PENDING
    )
    submitted_on = models.DateField(_("送审日"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("送审人"),
    )
    proposal = models.JSONField(_("送审方案"), default=dict)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_on = models.DateField(_("审核日"), null=True, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["case", "-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_state_display()}"


class PreDecisionNotice(models.Model):
    """The notice before a decision (告知, 第44条) of facts, reasons, basis and rights."""

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="notices", verbose_name=_("案件")
    )
    served_on = models.DateField(_("当事人收到告知日"))
    facts = models.TextField(_("违法事实"))
    reasons = models.TextField(_("理由"))
    basis = models.TextField(_("依据"))
    proposed_kinds = models.JSONField(_("拟处罚种类"), default=list)
    proposed_fine_fen = models.PositiveBigIntegerField(_("拟罚款（分）"), default=0)
    proposed_confiscation_fen = models.PositiveBigIntegerField(
        _("拟没收（分）"), default=0
    )
    hearing_offered = models.BooleanField(_("告知听证权利"), default=False)
    hearing_request_due_on = models.DateField(_("要求听证期限"), null=True, blank=True)
    rights = models.TextField(_("告知的权利"))

    class Meta:
        verbose_name = _("行政处罚事先告知")
        verbose_name_plural = _("行政处罚事先告知")
        ordering = ["case", "-served_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.served_on}"


class Statement(models.Model):
    """A statement or defence (陈述、申辩, 第45条), or its express waiver (第62条)."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("陈述、申辩")
        WAIVER = "waiver", _("明确放弃陈述、申辩和听证")

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="statements", verbose_name=_("案件")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind)
    received_on = models.DateField(_("提出日"))
    content = models.TextField(_("内容"), blank=True)
    adopted = models.BooleanField(_("是否采纳"), null=True, blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = _("陈述申辩")
        verbose_name_plural = _("陈述申辩")
        ordering = ["case", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_kind_display()}"


class Hearing(models.Model):
    """A hearing (听证, 第63-65条) requested by the party."""

    class Result(models.TextChoices):
        HELD = "held", _("已举行")
        TERMINATED = "terminated", _("终止（当事人无正当理由不出席或中途退出）")
        WITHDRAWN = "withdrawn", _("当事人撤回申请")

    case = models.OneToOneField(
        PenaltyCase, models.CASCADE, related_name="hearing", verbose_name=_("案件")
    )
    requested_on = models.DateField(_("申请日"))
    scheduled_for = models.DateField(_("举行日"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=255, blank=True)
    notice_served_on = models.DateField(_("通知送达日"), null=True, blank=True)
    notice_due_on = models.DateField(_("最迟通知日"), null=True, blank=True)
    is_public = models.BooleanField(_("公开举行"), default=True)
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
    result = models.CharField(_("结果"), max_length=16, choices=Result, blank=True)
    held_on = models.DateField(_("举行日"), null=True, blank=True)
    record = models.TextField(_("听证笔录"), blank=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")

    def __str__(self) -> str:
        return f"{self.case.number} · {self.requested_on}"


class RemedyPeriod(models.Model):
    """A reconsideration or litigation against the decision: the late surcharge
    does not accrue while it runs (第73条第3款).
    """

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LITIGATION = "litigation", _("行政诉讼")

    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="remedies", verbose_name=_("案件")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind)
    started_on = models.DateField(_("申请（起诉）日"))
    ended_on = models.DateField(_("终结日"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("复议诉讼期间")
        verbose_name_plural = _("复议诉讼期间")
        ordering = ["case", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="enforcement_remedy_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_kind_display()}"
