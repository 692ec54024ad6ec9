"""Session middleware of Fazhi."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

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
