"""Authentication for the API: a staff bearer token or the browser session.

``staff_auth`` admits a staff member (any role but 社会公众) by
``Authorization: Bearer <token>`` or by the Django session (with CSRF, as for
every cookie-authenticated write). ``optional_auth`` lets anyone through and
sets ``request.auth`` to the user when one is recognised, for public endpoints
that show more to a logged-in user.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from fazhi.api import services
from fazhi.core.models import User
from fazhi.core.scope import is_staff


class StaffTokenAuth(HttpBearer):
    """``Authorization: Bearer fzh_<prefix>_<secret>`` issued by ``fazhi token issue``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.use_api_token(clear=token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The logged-in browser session of a staff member (CSRF checked on writes).

    A logged-in member of the public is refused with 403 rather than asked to
    log in again.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None  # no session: no CSRF check, let the caller answer 401
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if is_staff(user):
            return user
        raise AuthorizationError()


class OptionalAuth(SessionAuth):
    """Admits every request; ``request.auth`` is the session user or AnonymousUser.

    Put after ``token_auth`` so that a valid bearer token wins. A logged-in
    user's writes still need the CSRF token, so that another site cannot act
    in their name.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if request.user.is_authenticated:
            self._get_key(request)  # raises HttpError(403) when CSRF fails
        return request.user  # AnonymousUser is truthy, so ninja lets it through

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user  # pragma: no cover - __call__ answers


token_auth = StaffTokenAuth()
session_auth = StaffSessionAuth()

staff_auth = [token_auth, session_auth]
optional_auth = [token_auth, OptionalAuth()]
