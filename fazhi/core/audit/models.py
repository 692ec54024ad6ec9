"""The full-process record (全过程记录): one append-only, SM3-chained table.

Every statutory act writes one :class:`AuditEntry` in the same transaction as
the change (architecture rule 5). Each entry carries the SM3 hash of its own
canonical form, which includes the previous entry's hash, so that altering,
removing or reordering an entry breaks the chain at that entry. See ADR 0030.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.errors import DomainError

GENESIS_HASH = "0" * 64


def _append_only_error() -> DomainError:
    return DomainError(
        "全过程记录只能追加，不能修改或删除。",
        "The audit record is append-only: entries cannot be changed or deleted.",
        code="audit_append_only",
        status=403,
    )


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Refuses bulk changes: ``update()`` and ``delete()`` raise."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise _append_only_error()

    def delete(self) -> NoReturn:
        raise _append_only_error()

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise _append_only_error()

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        # Entries are chained one by one under the head lock (services.record).
        raise _append_only_error()


class AuditEntry(models.Model):
    """One act in the full-process record; never updated, never deleted."""

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    occurred_at = models.DateTimeField(_("发生时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_label = models.CharField(_("操作人（记录时）"), max_length=160, blank=True)
    organization = models.ForeignKey(
        "core.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("组织"),
    )
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    object_label = models.CharField(_("对象名称（记录时）"), max_length=255, blank=True)
    action = models.CharField(_("行为"), max_length=100, db_index=True)
    basis = models.TextField(_("法律依据"), blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    request_id = models.CharField(_("请求标识"), max_length=64, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    hash = models.CharField(_("摘要（SM3）"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("全过程记录")
        verbose_name_plural = _("全过程记录")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: an entry that exists can never be saved again."""
        if not self._state.adding:
            raise _append_only_error()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise _append_only_error()


class ChainHead(models.Model):
    """The last entry's position and hash, one row; its row lock serialises appends.

    Keeping the head apart from the entries also lets ``fazhi audit verify``
    notice entries cut from the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(_("末条序号"), default=0)
    hash = models.CharField(_("末条摘要"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("记录链头")
        verbose_name_plural = _("记录链头")
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
