"""Issue, use and revoke staff API tokens (the only writes of the ``api`` app)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.api.models import ApiToken
from fazhi.core.audit.services import record
from fazhi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fazhi.core.models import User
from fazhi.core.scope import is_staff

TOKEN_SCHEME = "fzh"  # noqa: S105 - the visible scheme tag, not a secret
# Writing last_used_at on every request would serialise API calls on SQLite;
# once a minute is precise enough for a security review.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    clear: str  # shown once; never stored


def hash_token(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def split_token(clear: str) -> str | None:
    """Return the prefix of a well-formed token, or None."""
    parts = clear.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME or not parts[1] or not parts[2]:
        return None
    return parts[1]


@transaction.atomic
def issue_api_token(
    *,
    user: User,
    name: str,
    actor: User | None,
    expires_in_days: int | None,
) -> IssuedToken:
    """Create a token for ``user``; the clear token is returned once."""
    name = name.strip()
    if not name:
        raise DomainError(
            "请说明令牌的用途。",
            "Give the token a name that says what it is for.",
            code="token_name_required",
            field="name",
        )
    if expires_in_days is not None and expires_in_days < 1:
        raise DomainError(
            "有效天数须至少为 1 天。",
            "The token must be valid for at least one day.",
            code="token_expiry_invalid",
            field="expires_in_days",
        )
    if not is_staff(user):
        raise PermissionDeniedError(
            "只有在单位中担任工作角色的账户才能持有 API 令牌。",
            "Only accounts with a staff role in an organization may hold an API token.",
            code="token_requires_staff",
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    clear = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=hash_token(clear),
        expires_at=(
            None
            if expires_in_days is None
            else now + dt.timedelta(days=expires_in_days)
        ),
    )
    record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        after={
            "user": user.username,
            "name": name,
            "prefix": prefix,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )
    return IssuedToken(token=token, clear=clear)


@transaction.atomic
def revoke_api_token(*, prefix: str, actor: User | None, reason: str = "") -> ApiToken:
    """Revoke a token at once; revoking twice is refused so the record stays exact."""
    token = ApiToken.objects.select_for_update().filter(prefix=prefix).first()
    if token is None:
        raise NotFoundError(
            f"没有前缀为 {prefix} 的令牌。",
            f"No token has the prefix {prefix}.",
            code="token_not_found",
        )
    if token.revoked_at is not None:
        raise DomainError(
            f"令牌 {prefix} 已于 {token.revoked_at:%Y-%m-%d %H:%M} 吊销。",
            f"Token {prefix} was already revoked on {token.revoked_at:%Y-%m-%d %H:%M}.",
            code="token_already_revoked",
            status=409,
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
        reason=reason,
    )
    return token


def use_api_token(*, clear: str) -> User | None:
    """Return the staff user a valid token belongs to and note when it was used.

    A wrong, revoked or expired token, or one whose holder no longer has a staff
    role or is deactivated, authenticates nobody.
    """
    prefix = split_token(clear)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_token(clear)):
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not is_staff(token.user):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
