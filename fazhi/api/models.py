"""API tokens for staff: only a prefix and a SHA-256 hash are stored.

The clear token is shown once, when it is issued; a stolen database cannot be
replayed against the API (等保 身份鉴别：鉴别信息不以明文存储).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token a staff member uses to call the API from a script."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("账户"),
    )
    name = models.CharField(_("用途说明"), max_length=100)
    prefix = models.CharField(_("令牌前缀"), max_length=16, unique=True)
    secret_hash = models.CharField(_("令牌摘要（SHA-256）"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix} · {self.name}"
