"""Session middleware of Fazhi."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django_otp.middleware import is_verified

#: Session key of the last request's time (seconds since the epoch).
LAST_SEEN_KEY = "fazhi_last_seen"
#: Session key telling the log-in page that the previous session timed out.
IDLE_LOGOUT_KEY = "fazhi_idle_logout"
#: Write the time back at most this often, so that not every request saves the
#: session; the timeout can only come earlier by this much, never later.
_TOUCH_EVERY_SECONDS = 30


class IdleTimeoutMiddleware:
    """End a session left idle longer than ``settings.IDLE_TIMEOUT_SECONDS``.

    GB/T 22239-2019 §8.1.4.1 b: 当登录连接超时自动退出. The session is flushed on
    the server; a page request is sent to the log-in page, an API request goes on
    as anonymous (and is refused by the endpoint's authentication).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if (
                last_seen is not None
                and now - int(last_seen) > settings.IDLE_TIMEOUT_SECONDS
            ):
                logout(request)
                request.session[IDLE_LOGOUT_KEY] = True
                if not request.path.startswith("/api/"):
                    login_url = reverse(settings.LOGIN_URL)
                    query = urlencode({"next": request.get_full_path()})
                    return HttpResponseRedirect(f"{login_url}?{query}")
            elif last_seen is None or now - int(last_seen) >= _TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


#: What hangs on the browser session, outermost first: the session itself, the
#: user it names, the second factor, the idle timeout, the one-time messages.
SESSION_STACK = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)
#: Where the sessionless fast path applies: the API, read-only methods.
API_PREFIX = "/api/"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_sessionless_api_read(request: HttpRequest) -> bool:
    """An API read that carries no session cookie: its user can only be
    anonymous (or the holder of a bearer token, which the API checks itself)."""
    return (
        request.method in READ_METHODS
        and request.path_info.startswith(API_PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class SessionStackMiddleware(
    SessionMiddleware, AuthenticationMiddleware, MessageMiddleware
):
    """The middleware of :data:`SESSION_STACK`, skipped for sessionless API reads.

    Public API reads (law search above all) come without a session cookie;
    building an empty session, a lazy user, the second factor and the message
    store for them cost a quarter of Django's own work on the busiest address.
    They get what the stack would have given them — an anonymous, unverified
    user, an empty session and ``Vary: Cookie``; language, security headers and
    CSRF stay outside this stack and apply to every request. A request with a
    session cookie, and every write, goes through the whole stack.

    The base classes are there only for Django's checks (admin.E408 to E410 look
    for the session, auth and message middleware in ``MIDDLEWARE``); none of
    their methods runs on this object, which calls its own stack instead.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.inner = get_response
        handler: Any = get_response
        for path in reversed(SESSION_STACK):
            handler = import_string(path)(handler)
        self.stack: Callable[[HttpRequest], HttpResponse] = handler
        self.session_middleware: SessionMiddleware = handler  # the outermost

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_sessionless_api_read(request):
            return self.stack(request)
        session = self.session_middleware.SessionStore(None)
        request.session = session
        user: Any = AnonymousUser()
        user.otp_device = None
        user.is_verified = functools.partial(is_verified, user)
        request.user = user

        async def auser() -> Any:
            return user

        request.auser = auser
        response = self.inner(request)
        if session.modified:  # nothing should write here; if something does, save
            saved: HttpResponse = self.session_middleware.process_response(
                request, response
            )
            return saved
        patch_vary_headers(response, ("Cookie",))
        return response
