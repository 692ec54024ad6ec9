"""Write-side use cases of divisions, organizations, accounts and memberships.

Every change checks the actor's reach with :func:`fazhi.core.scope.require` and
writes an entry in the full-process record in the same transaction. ``actor=None``
means the operator at the command line (``fazhi demo``, the first set-up), who
is trusted by the deployment, not by a role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import scope, selectors
from fazhi.core.audit.services import record as record_audit
from fazhi.core.errors import ConflictError, DomainError, PermissionDeniedError
from fazhi.core.models import Division, Membership, Organization, Role, User

#: Roles that manage the platform itself; an account holding one holds no other
#: role (三员分立, GB/T 22239-2019 §8.1.5; ADR 0040).
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN})

#: What an organization administrator may hand out in their own organization.
ORG_ADMIN_GRANTABLE = frozenset(
    {Role.STAFF, Role.LEGAL_REVIEWER, Role.ENFORCEMENT_OFFICER}
)

#: How many leading digits of a GB/T 2260 code a division of each level fixes.
_SIGNIFICANT_DIGITS = {
    Division.Level.PROVINCE: 2,
    Division.Level.CITY: 4,
    Division.Level.COUNTY: 6,
    Division.Level.TOWNSHIP: 9,
}
_LEVEL_ORDER = list(_SIGNIFICANT_DIGITS)


# --- divisions and organizations -------------------------------------------


@transaction.atomic
def create_division(
    *,
    actor: User | None,
    code: str,
    name: str,
    level: str,
    parent: Division | None = None,
) -> Division:
    """Add an administrative division (行政区划, GB/T 2260) below ``parent``."""
    _require_operator_or_system_admin(actor)
    if level not in _SIGNIFICANT_DIGITS:
        raise DomainError(
            f"未知的行政区划层级“{level}”。",
            f"Unknown division level {level!r}.",
            code="division_level_unknown",
            field="level",
        )
    level = Division.Level(level)
    expected_length = 6 if level != Division.Level.TOWNSHIP else 9
    if not (code.isascii() and code.isdigit() and len(code) == expected_length):
        raise DomainError(
            f"行政区划代码应为 {expected_length} 位数字。",
            f"A division code has {expected_length} digits.",
            code="division_code_invalid",
            field="code",
        )
    if parent is not None:
        if _LEVEL_ORDER.index(Division.Level(parent.level)) >= _LEVEL_ORDER.index(
            level
        ):
            raise DomainError(
                "下级行政区划的层级必须低于上级。",
                "A division must be at a lower level than its parent.",
                code="division_level_order",
                field="level",
            )
        digits = _SIGNIFICANT_DIGITS[Division.Level(parent.level)]
        if code[:digits] != parent.code[:digits]:
            raise DomainError(
                f"代码 {code} 不在上级行政区划 {parent.code} 之内。",
                f"Code {code} does not lie within the parent division {parent.code}.",
                code="division_code_outside_parent",
                field="code",
            )
    if Division.objects.filter(code=code).exists():
        raise ConflictError(
            f"行政区划代码 {code} 已存在。",
            f"Division code {code} already exists.",
            code="division_exists",
            field="code",
        )
    division = Division.objects.create(code=code, name=name, level=level, parent=parent)
    record_audit(
        actor=actor,
        action="division.create",
        obj=division,
        after={"code": code, "name": name, "level": level},
    )
    return division


@transaction.atomic
def create_organization(
    *,
    actor: User | None,
    name: str,
    kind: str,
    division: Division,
    parent: Organization | None = None,
    short_name: str = "",
    credit_code: str = "",
) -> Organization:
    """Create an organization; only the operator may create a top-level one."""
    if parent is None:
        if actor is not None:
            raise PermissionDeniedError(
                "只有部署运维人员可以创建顶层组织。",
                "Only the operator may create a top-level organization.",
                code="root_organization_operator_only",
            )
    else:
        _require(actor, parent, scope.STRUCTURE)
        _check_division_within(division, parent)
    if kind not in Organization.Kind.values:
        raise DomainError(
            f"未知的组织类型“{kind}”。",
            f"Unknown organization kind {kind!r}.",
            code="organization_kind_unknown",
            field="kind",
        )
    name = name.strip()
    if not name:
        raise DomainError(
            "组织名称不能为空。",
            "An organization needs a name.",
            code="organization_name_missing",
            field="name",
        )
    credit_code = credit_code.strip().upper()
    if credit_code and (len(credit_code) != 18 or not credit_code.isalnum()):
        raise DomainError(
            "统一社会信用代码应为 18 位数字或大写字母。",
            "A unified social credit code has 18 digits or capital letters.",
            code="credit_code_invalid",
            field="credit_code",
        )
    organization = Organization.objects.create(
        name=name,
        short_name=short_name,
        kind=kind,
        division=division,
        parent=parent,
        credit_code=credit_code,
    )
    record_audit(
        actor=actor,
        action="organization.create",
        obj=organization,
        organization=organization,
        after={
            "name": name,
            "kind": kind,
            "division": division.code,
            "parent": parent.pk if parent else None,
        },
    )
    return organization


@transaction.atomic
def move_organization(
    *, actor: User | None, organization: Organization, new_parent: Organization
) -> Organization:
    """Place ``organization`` (and everything below it) under ``new_parent``.

    The subtree's paths are rewritten in one UPDATE; a move under one's own
    subtree (a cycle) is refused.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
    _require(actor, organization, scope.STRUCTURE)
    _require(actor, new_parent, scope.STRUCTURE)
    if new_parent.is_below(organization):
        raise DomainError(
            "不能把组织移到它自己或它的下级组织之下。",
            "An organization cannot be moved under itself or its own subordinates.",
            code="organization_cycle",
            field="new_parent",
        )
    _check_division_within(organization.division, new_parent)
    old_parent_id = organization.parent_id
    old_path = organization.path
    new_path = f"{new_parent.path}{organization.pk}/"
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    organization.refresh_from_db()
    record_audit(
        actor=actor,
        action="organization.move",
        obj=organization,
        organization=organization,
        before={"parent": old_parent_id, "path": old_path},
        after={"parent": new_parent.pk, "path": new_path},
    )
    return organization


@transaction.atomic
def deactivate_organization(
    *, actor: User | None, organization: Organization, reason: str = ""
) -> Organization:
    """Mark an organization as no longer active (撤销); its records stay."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require(actor, organization, scope.STRUCTURE)
    if organization.children.filter(is_active=True).exists():
        raise DomainError(
            "该组织仍有有效的下级组织，请先处理下级组织。",
            "The organization still has active subordinate organizations.",
            code="organization_has_active_children",
        )
    if not organization.is_active:
        return organization
    organization.is_active = False
    organization.save(update_fields=["is_active", "updated_at"])
    record_audit(
        actor=actor,
        action="organization.deactivate",
        obj=organization,
        organization=organization,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return organization


# --- accounts ----------------------------------------------------------------


@transaction.atomic
def create_account(
    *,
    actor: User | None,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    organization: Organization | None = None,
    role: str | None = None,
) -> User:
    """Create an account and, if given, its first membership.

    An administrator creates accounts only together with a membership in an
    organization they manage; only the operator creates a bare account.
    """
    if actor is not None and (organization is None or role is None):
        raise DomainError(
            "管理员创建账户时必须同时指定组织和角色。",
            "An administrator creates an account together with its organization and role.",
            code="account_needs_membership",
        )
    if organization is not None and role is not None:
        _check_can_grant(actor, organization, role)
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise DomainError(
            "用户名只能包含字母、数字和 @/./+/-/_ 字符。",
            "A username has only letters, digits and @/./+/-/_.",
            code="username_invalid",
            field="username",
        ) from exc
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ConflictError(
            f"用户名“{username}”已被使用。",
            f"The username {username!r} is taken.",
            code="username_taken",
            field="username",
        )
    user = User(username=username, display_name=display_name, email=email)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    record_audit(
        actor=actor,
        action="account.create",
        obj=user,
        organization=organization,
        after={"username": username, "display_name": display_name},
    )
    if organization is not None and role is not None:
        _grant(actor=actor, user=user, organization=organization, role=role)
    return user


@transaction.atomic
def set_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password (the account holder, or an administrator reaching them)."""
    if actor is None or actor.pk != user.pk:
        _require_account(actor, user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_audit(actor=actor, action="account.set_password", obj=user)
    return user


@transaction.atomic
def unlock_account(*, actor: User | None, user: User, reason: str = "") -> User:
    """Lift a log-in lock before it runs out (等保 身份鉴别: 登录失败处理)."""
    _require_account(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
    }
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])
    record_audit(
        actor=actor,
        action="account.unlock",
        obj=user,
        before=before,
        after={"failed_logins": 0, "locked_until": None},
        reason=reason,
    )
    return user


@transaction.atomic
def record_failed_login(*, user: User) -> bool:
    """Count a failed log-in; lock the account at the limit. Return whether locked.

    GB/T 22239-2019 §8.1.4.1 b: 应具有登录失败处理功能，应配置并启用结束会话、
    限制非法登录次数和当登录连接超时自动退出等相关措施.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    if selectors.is_locked(user, now=now):
        return True
    if user.locked_until is not None:
        # An expired lock starts a fresh count.
        user.failed_logins = 0
        user.locked_until = None
    user.failed_logins += 1
    fields = ["failed_logins", "locked_until"]
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        user.save(update_fields=fields)
        record_audit(
            actor=None,
            action="account.lock",
            obj=user,
            after={
                "failed_logins": user.failed_logins,
                "locked_until": user.locked_until.isoformat(),
            },
            reason="login_failures",
        )
        return True
    user.save(update_fields=fields)
    return False


def record_successful_login(*, user: User) -> None:
    """Reset the failure count after a successful log-in."""
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins = 0
        user.locked_until = None


# --- memberships --------------------------------------------------------------


@transaction.atomic
def grant_membership(
    *, actor: User | None, user: User, organization: Organization, role: str
) -> Membership:
    """Let ``user`` hold ``role`` in ``organization``."""
    _check_can_grant(actor, organization, role)
    return _grant(actor=actor, user=user, organization=organization, role=role)


@transaction.atomic
def revoke_membership(
    *, actor: User | None, membership: Membership, reason: str = ""
) -> None:
    """End a membership; the record keeps who held what until when."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    _check_can_grant(actor, membership.organization, membership.role)
    if actor is not None and actor.pk == membership.user_id:
        raise PermissionDeniedError(
            "不能撤销自己的任职。",
            "You cannot revoke your own membership.",
            code="self_membership",
        )
    before = {
        "user": membership.user_id,
        "organization": membership.organization_id,
        "role": membership.role,
    }
    record_audit(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        organization=membership.organization,
        before=before,
        reason=reason,
    )
    membership.delete()
    scope.forget_memberships(membership.user)


# --- TOTP second factor ------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """Return the account's unconfirmed TOTP device, creating one if needed.

    Nothing takes effect until :func:`confirm_totp` checks a first code.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


@transaction.atomic
def confirm_totp(*, user: User, token: str) -> TOTPDevice:
    """Switch the second factor on once the account holder proves the code works.

    GB/T 22239-2019 §8.1.4.1 d: 两种或两种以上组合的鉴别技术.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .first()
    )
    if device is None:
        raise DomainError(
            "没有待确认的动态口令设备，请重新开始绑定。",
            "There is no device waiting for confirmation; start the enrolment again.",
            code="totp_no_pending_device",
        )
    if not device.verify_token(token.strip()):
        raise DomainError(
            "动态口令不正确。",
            "The one-time code is not correct.",
            code="totp_token_invalid",
            field="token",
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_audit(actor=user, action="account.totp_enable", obj=user)
    return device


@transaction.atomic
def disable_totp(*, actor: User | None, user: User, reason: str = "") -> None:
    """Switch the second factor off (the holder, or an administrator reaching them)."""
    if actor is None or actor.pk != user.pk:
        _require_account(actor, user)
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record_audit(
            actor=actor, action="account.totp_disable", obj=user, reason=reason
        )


# --- helpers -------------------------------------------------------------------


def _require(
    actor: User | None, organization: Organization, policy: scope.Policy
) -> None:
    if actor is not None:
        scope.require(actor, organization, policy=policy, action="change")


def _require_operator_or_system_admin(actor: User | None) -> None:
    if actor is None:
        return
    if scope.is_audit_admin(actor) or not scope.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(
            "只有系统管理员可以维护行政区划。",
            "Only the system administrator maintains divisions.",
            code="system_admin_only",
        )


def _require_account(actor: User | None, user: User) -> None:
    """Refuse unless ``actor`` reaches one of ``user``'s organizations for change."""
    if actor is None:
        return
    scope.require_may_change(actor)
    reach = scope.coverage(actor, policy=scope.ACCOUNTS, action="change")
    organizations = Organization.objects.filter(memberships__user=user).distinct()
    if reach.nothing or not organizations.filter(reach.q(scope.SELF)).exists():
        raise PermissionDeniedError(
            "您无权管理该账户。",
            "You may not manage this account.",
            code="out_of_scope",
        )


def _grantable_roles(actor: User, organization: Organization) -> set[str]:
    roles: set[str] = set()
    for membership in scope.memberships_of(actor):
        reach = scope.ACCOUNTS.grant(membership.role).change
        reached = (
            reach is scope.Reach.ALL
            or (
                reach is scope.Reach.OWN
                and membership.organization_id == organization.pk
            )
            or (
                reach is scope.Reach.SUBTREE
                and organization.is_below(membership.organization)
            )
        )
        if not reached:
            continue
        if membership.role == Role.SYSTEM_ADMIN:
            roles |= set(Role.values) - {Role.PUBLIC}
        elif membership.role == Role.ORG_ADMIN:
            roles |= ORG_ADMIN_GRANTABLE
    return roles


def _check_can_grant(actor: User | None, organization: Organization, role: str) -> None:
    if role not in Role.values or role == Role.PUBLIC:
        raise DomainError(
            f"不能授予角色“{role}”：社会公众无需任职。",
            f"The role {role!r} cannot be granted; the public holds no membership.",
            code="role_not_grantable",
            field="role",
        )
    if not Organization.objects.filter(pk=organization.pk, is_active=True).exists():
        raise DomainError(
            "该组织已撤销，不能在其中任职。",
            "The organization is no longer active.",
            code="organization_inactive",
            field="organization",
        )
    if actor is None:
        return
    scope.require(actor, organization, policy=scope.ACCOUNTS, action="change")
    if role not in _grantable_roles(actor, organization):
        raise PermissionDeniedError(
            f"您无权授予或撤销“{Role(role).label}”角色。",
            f"You may not grant or revoke the role {role!r}.",
            code="role_not_grantable_by_actor",
            field="role",
        )


def _grant(
    *, actor: User | None, user: User, organization: Organization, role: str
) -> Membership:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDeniedError(
            "不能给自己授予角色。",
            "You cannot grant a role to yourself.",
            code="self_membership",
        )
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    _check_separation(held, role)
    if Membership.objects.filter(
        user=user, organization=organization, role=role
    ).exists():
        raise ConflictError(
            "该账户已在此组织担任此角色。",
            "The account already holds this role in this organization.",
            code="membership_exists",
        )
    membership = Membership.objects.create(
        user=user, organization=organization, role=role
    )
    record_audit(
        actor=actor,
        action="membership.grant",
        obj=membership,
        organization=organization,
        after={"user": user.pk, "organization": organization.pk, "role": role},
    )
    scope.forget_memberships(user)
    return membership


def _check_separation(held: Iterable[str], role: str) -> None:
    """三员分立: an administrator account holds that one role and nothing else."""
    others = set(held) - {role}
    if others and (role in ADMIN_ROLES or others & ADMIN_ROLES):
        raise ConflictError(
            "系统管理员、审计管理员须使用专用账户，不能兼任其他角色。",
            "The system and audit administrators use dedicated accounts that hold no other role.",
            code="role_separation",
            field="role",
        )


def _check_division_within(division: Division, parent: Organization) -> None:
    if not division.is_within(parent.division):
        raise DomainError(
            f"“{division.name}”不在上级组织所在的“{parent.division.name}”之内。",
            f"{division.name} does not lie within {parent.division.name}, "
            "the division of the parent organization.",
            code="division_outside_parent",
            field="division",
        )


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        with translation.override("zh-hans"):
            zh = "".join(exc.messages)
        with translation.override("en"):
            en = " ".join(exc.messages)
        raise DomainError(
            f"密码不符合要求：{zh}",
            f"The password is not accepted: {en}",
            code="password_invalid",
            field="password",
        ) from exc
