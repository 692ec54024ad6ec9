"""Evidence files (证据材料): one row per upload, one blob per distinct content.

The blob lives at ``FILES_ROOT/<first two hex digits>/<sha256>`` and is written
once; identical content uploaded again (by any organization) shares it. The
row carries who uploaded what, for which organization, under which name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    sha256 = models.CharField(_("SHA-256 摘要"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=255)
    organization = models.ForeignKey(
        "core.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("组织"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["organization", "-uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name
