"""Administrative divisions, organizations, accounts and their roles.

Every institution module hangs its objects on an :class:`Organization`; who may
see or act on them is decided in one place, :mod:`fazhi.core.scope`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Division(models.Model):
    """An administrative division (行政区划) identified by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡级")

    code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=Level)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级行政区划"),
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def is_within(self, other: Division) -> bool:
        """Whether this division is ``other`` or lies anywhere inside it."""
        node: Division | None = self
        while node is not None:
            if node.pk == other.pk:
                return True
            node = node.parent
        return False


class Organization(TimeStampedModel):
    """A government, one of its departments, or another body that acts in law.

    ``path`` is the chain of ancestor ids (``/1/4/9/``) so that "this
    organization and everything below it" is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府工作部门")
        LEGAL_INSTITUTION = "legal_institution", _("司法行政机关（法制机构）")
        ENFORCEMENT_AGENCY = "enforcement_agency", _("行政执法机关")
        RECONSIDERATION_BODY = "reconsideration_body", _("行政复议机构")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=128)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind)
    division = models.ForeignKey(
        Division,
        models.PROTECT,
        related_name="organizations",
        verbose_name=_("行政区划"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级组织"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, default=""
    )
    path = models.CharField(
        _("层级路径"), max_length=512, editable=False, db_index=True
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``path`` equal to the parent's path plus this organization's id.

        Moving an organization under another parent goes through
        ``fazhi.core.services.move_organization``, which rewrites the subtree.
        """
        super().save(*args, **kwargs)
        parent = self.parent
        path = f"{parent.path if parent is not None else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    @property
    def region_code(self) -> str:
        """The GB/T 2260 code of the division the organization belongs to."""
        return self.division.code

    def is_below(self, other: Organization) -> bool:
        """Whether this organization is ``other`` or lies anywhere under it."""
        return self.path.startswith(other.path)


class User(AbstractUser):
    """An account. A person with no membership is a member of the public."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("账户")
        verbose_name_plural = _("账户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    """What a membership lets its holder do; see the policies in :mod:`fazhi.core.scope`."""

    PUBLIC = "public", _("社会公众")
    STAFF = "staff", _("工作人员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    SUPERVISOR = "supervisor", _("监督人员")
    ORG_ADMIN = "org_admin", _("单位管理员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


class Membership(TimeStampedModel):
    """A user holds a role in an organization (user × organization × role)."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name=_("账户")
    )
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="memberships",
        verbose_name=_("组织"),
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"
