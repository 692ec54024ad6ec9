"""Issue, use and revoke staff API tokens (the only writes of the ``api`` app)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from fazhi.api.models import ApiToken
from fazhi.core.audit.services import record
from fazhi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fazhi.core.models import Membership, Organization, User
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


#: How long a process may answer for a token without asking the database
#: again. A revocation, an expiry, a deactivation or a changed membership made
#: through the services (which save the rows) takes effect at once in the
#: process that made it and within this many seconds in every other process.
TOKEN_CACHE_SECONDS = 5.0
#: At most this many tokens are remembered per process (then all are forgotten).
TOKEN_CACHE_SIZE = 1024


@dataclass(slots=True)
class _Known:
    """A token recently found valid: what authenticating it again needs."""

    checked_at: float  # time.monotonic() of the database read
    token_pk: int
    expires_at: dt.datetime | None
    used_at: dt.datetime | None
    user: User
    memberships: list[Membership]


_known: dict[str, _Known] = {}
_clock = time.monotonic


def forget_known_tokens(**_: object) -> None:
    """Drop every remembered token (a token, an account, a membership or an
    organization was saved or deleted in this process)."""
    _known.clear()


for _model in (ApiToken, User, Membership, Organization):
    post_save.connect(forget_known_tokens, sender=_model, weak=False)
    post_delete.connect(forget_known_tokens, sender=_model, weak=False)


def use_api_token(*, clear: str) -> User | None:
    """Return the staff user a valid token belongs to and note when it was used.

    A wrong, revoked or expired token, or one whose holder no longer has a staff
    role or is deactivated, authenticates nobody. The token, its holder and the
    holder's memberships are read in one query and remembered for at most
    :data:`TOKEN_CACHE_SECONDS` (see there for when changes take effect). The
    memberships are kept on the user as :func:`fazhi.core.scope.memberships_of`
    keeps them, so the request's scoping asks the database nothing more. Each
    request gets its own copy of the user and of the membership list.
    """
    prefix = split_token(clear)
    if prefix is None:
        return None
    digest = hash_token(clear)
    now = timezone.now()
    known = _known.get(digest)
    if known is None or _clock() - known.checked_at >= TOKEN_CACHE_SECONDS:
        known = _read_token(prefix, digest)
        if known is None:
            _known.pop(digest, None)
            return None
        if len(_known) >= TOKEN_CACHE_SIZE:
            _known.clear()
        _known[digest] = known
    if known.expires_at is not None and known.expires_at <= now:
        _known.pop(digest, None)
        return None
    if known.used_at is None or now - known.used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=known.token_pk).update(last_used_at=now)
        known.used_at = now
    user = copy.copy(known.user)
    user._fazhi_memberships = list(known.memberships)  # type: ignore[attr-defined]
    return user


def _read_token(prefix: str, digest: str) -> _Known | None:
    """The live token with this prefix and hash, its active holder and the
    holder's memberships in active organizations, in one query; None unless
    the holder has a staff role."""
    # One filter() call: every condition on ``api_tokens`` is about the same
    # token (one join), and its columns are read from that join.
    memberships: list[Any] = list(
        Membership.objects.filter(
            Q(user__api_tokens__expires_at__isnull=True)
            | Q(user__api_tokens__expires_at__gt=timezone.now()),
            user__api_tokens__prefix=prefix,
            user__api_tokens__revoked_at__isnull=True,
            user__is_active=True,
            organization__is_active=True,
        )
        .select_related("user", "organization")
        .annotate(
            token_pk=F("user__api_tokens__pk"),
            token_hash=F("user__api_tokens__secret_hash"),
            token_expires_at=F("user__api_tokens__expires_at"),
            token_used_at=F("user__api_tokens__last_used_at"),
        )
        .order_by("pk")
    )
    if not memberships:
        return None  # no such live token, or its holder has no active membership
    first: Any = memberships[0]
    if not hmac.compare_digest(first.token_hash, digest):
        return None
    user = first.user
    for membership in memberships:
        membership.user = user
    user._fazhi_memberships = memberships
    if not is_staff(user):
        return None
    return _Known(
        checked_at=_clock(),
        token_pk=first.token_pk,
        expires_at=first.token_expires_at,
        used_at=first.token_used_at,
        user=user,
        memberships=memberships,
    )
