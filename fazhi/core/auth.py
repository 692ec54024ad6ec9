"""Log-in: lockout after repeated failures (等保 身份鉴别 b, GB/T 22239-2019 §8.1.4.1).

After ``settings.LOGIN_MAX_FAILURES`` consecutive failures the account is locked
for ``settings.LOGIN_LOCK_MINUTES``. A locked account is refused even with the
right password, and the refusal looks the same as a wrong password. Unknown
user names still run the password hasher so timing does not reveal which
accounts exist. See ADR 0042.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from fazhi.core import selectors, services
from fazhi.core.models import User


class LockoutModelBackend(ModelBackend):
    """Django's model backend with a failure count and a timed lock."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            make_password(password)  # the same work as a real check
            return None
        if selectors.is_locked(user):
            make_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            services.record_successful_login(user=user)
            return user
        if self.user_can_authenticate(user):
            services.record_failed_login(user=user)
        return None
