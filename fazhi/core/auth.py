"""Log-in: lockout after repeated failures (等保 身份鉴别 b).

H3 placeholder — see services for the final version.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
