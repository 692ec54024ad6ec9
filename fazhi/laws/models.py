"""The reference corpus: instruments (FRBR work), their versions (expression) and provisions.

An :class:`Instrument` is the law as an abstract work (《行政复议法》); a
:class:`Version` is its text as promulgated on one date (the 2023 revision);
:class:`Provision` rows are the version's structure down to 目, each with a
stable id (``art_33__para_2__item_1``) that permalinks and citations use.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fazhi.laws import validity
from fazhi.laws.numerals import article_slug


def permalink(name: str, **kwargs: str) -> str:
    """The URL of a permalink; the fixed ``/laws/…`` shape while not yet mounted."""
    try:
        # Readable Chinese slugs (an IRI); browsers and Django accept both forms.
        return unquote(reverse(f"laws:{name}", kwargs=kwargs))
    except NoReverseMatch:
        parts = [kwargs["slug"], kwargs.get("date", ""), kwargs.get("article", "")]
        tail = "/".join(p for p in parts[:2] if p)
        if kwargs.get("article"):
            tail += f"/art/{kwargs['article']}"
        return f"/laws/{tail}/"


class Kind(models.TextChoices):
    """Kinds of instrument, in the order of legal rank (《立法法》第五章)."""

    CONSTITUTION = "constitution", _("宪法")
    LAW = "law", _("法律")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("行政法规")
    SUPERVISORY_REGULATION = "supervisory_regulation", _("监察法规")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    AUTONOMOUS_REGULATION = "autonomous_regulation", _("自治条例和单行条例")
    SEZ_REGULATION = "sez_regulation", _("经济特区法规")
    DEPARTMENTAL_RULE = "departmental_rule", _("部门规章")
    LOCAL_GOVERNMENT_RULE = "local_government_rule", _("地方政府规章")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("司法解释")
    NORMATIVE_DOCUMENT = "normative_document", _("行政规范性文件")
    OTHER = "other", _("其他")


#: Legal rank: the higher, the more authoritative (used in ranking and sorting).
RANK = {
    Kind.CONSTITUTION: 10,
    Kind.LAW: 9,
    Kind.ADMINISTRATIVE_REGULATION: 8,
    Kind.SUPERVISORY_REGULATION: 8,
    Kind.JUDICIAL_INTERPRETATION: 7,
    Kind.LOCAL_REGULATION: 6,
    Kind.AUTONOMOUS_REGULATION: 6,
    Kind.SEZ_REGULATION: 6,
    Kind.DEPARTMENTAL_RULE: 5,
    Kind.LOCAL_GOVERNMENT_RULE: 4,
    Kind.NORMATIVE_DOCUMENT: 3,
    Kind.OTHER: 1,
}


class Instrument(models.Model):
    """A law, regulation, rule or normative document as a work (作品)."""

    title = models.CharField(_("标题"), max_length=255)
    short_title = models.CharField(_("简称"), max_length=255, db_index=True)
    slug = models.CharField(_("标识"), max_length=255, unique=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind, db_index=True)
    rank = models.PositiveSmallIntegerField(_("效力位阶"), default=1)
    issuing_body = models.CharField(_("制定机关"), max_length=128, blank=True)
    region = models.CharField(  # noqa: DJ001
        _("行政区划代码"), max_length=12, null=True, blank=True, db_index=True
    )
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")
        ordering = ["-rank", "short_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "short_title", "region"],
                name="laws_instrument_unique_identity",
            )
        ]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:
        return permalink("instrument", slug=self.slug)


class Version(models.Model):
    """The text of an instrument as promulgated or amended on one date (版本)."""

    instrument = models.ForeignKey(
        Instrument, models.CASCADE, related_name="versions", verbose_name=_("法律法规")
    )
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    superseded_on = models.DateField(_("被修改日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    expired_on = models.DateField(_("失效日期"), null=True, blank=True)
    ended_undated = models.BooleanField(_("已失效（日期不详）"), default=False)
    title = models.CharField(_("标题"), max_length=255)
    subtitle = models.CharField(_("副标题"), max_length=128, blank=True)
    history = models.TextField(_("制定修改沿革"), blank=True)
    source_path = models.CharField(_("来源文件"), max_length=512, unique=True)
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    article_count = models.PositiveIntegerField(_("条数"), default=0)
    problems = models.JSONField(_("解析问题"), default=list, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ["instrument", "promulgated_on", "id"]
        indexes = [models.Index(fields=["effective_on"])]

    def __str__(self) -> str:
        return f"{self.instrument.short_title}（{self.date_key}）"

    @property
    def date_key(self) -> str:
        """The promulgation date as it appears in permalinks (or ``undated``)."""
        return self.promulgated_on.isoformat() if self.promulgated_on else "undated"

    @property
    def dates(self) -> validity.Dates:
        return validity.Dates(
            promulgated_on=self.promulgated_on,
            effective_on=self.effective_on,
            superseded_on=self.superseded_on,
            repealed_on=self.repealed_on,
            expired_on=self.expired_on,
            ended_undated=self.ended_undated,
        )

    def status_on(self, day: dt.date) -> validity.Status:
        return validity.status_on(self.dates, day)

    def get_absolute_url(self) -> str:  # noqa: DJ012
        return permalink("version", slug=self.instrument.slug, date=self.date_key)


class Provision(models.Model):
    """One unit of a version's structure: 编、章、节、条、款、项、目."""

    class Kind(models.TextChoices):
        PART = "part", _("编")
        SUBPART = "subpart", _("分编")
        CHAPTER = "chapter", _("章")
        SECTION = "section", _("节")
        HEADING = "heading", _("标题")
        PREAMBLE = "preamble", _("序言或正文段落")
        ARTICLE = "article", _("条")
        PARAGRAPH = "paragraph", _("款")
        ITEM = "item", _("项")
        SUBITEM = "subitem", _("目")

    version = models.ForeignKey(
        Version, models.CASCADE, related_name="provisions", verbose_name=_("版本")
    )
    eid = models.CharField(_("稳定标识"), max_length=160)
    kind = models.CharField(_("层级"), max_length=16, choices=Kind)
    label = models.CharField(_("编号"), max_length=64, blank=True)
    number = models.PositiveIntegerField(_("序号"), default=0)
    suffix = models.PositiveSmallIntegerField(_("之几"), default=0)
    heading = models.CharField(_("标题"), max_length=255, blank=True)
    heading_path = models.CharField(_("所在编章节"), max_length=512, blank=True)
    text = models.TextField(_("正文"), blank=True)
    order = models.PositiveIntegerField(_("顺序"))
    references = models.JSONField(_("引用"), default=list, blank=True)

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "eid"], name="laws_provision_unique_eid"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.eid

    def get_absolute_url(self) -> str:
        version = self.version
        if self.kind != self.Kind.ARTICLE:
            return f"{version.get_absolute_url()}#{self.eid}"
        return permalink(
            "article",
            slug=version.instrument.slug,
            date=version.date_key,
            article=article_slug(self.number, self.suffix),
        )
