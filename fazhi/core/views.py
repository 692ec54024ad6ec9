"""Log-in, log-out and second-factor pages under ``/accounts/``.

Thin: the checks and writes live in :mod:`fazhi.core.services`.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import selectors, services
from fazhi.core.errors import DomainError
from fazhi.core.forms import ConfirmPasswordForm, LoginForm, TokenForm
from fazhi.core.middleware import IDLE_LOGOUT_KEY
from fazhi.core.models import User

#: Session keys of a log-in waiting for its one-time code.
PENDING_USER_KEY = "fazhi_pending_user"
PENDING_BACKEND_KEY = "fazhi_pending_backend"
PENDING_SINCE_KEY = "fazhi_pending_since"
PENDING_NEXT_KEY = "fazhi_pending_next"
#: How long the second step may wait after the password step.
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    """Step one: the password. Accounts with a confirmed TOTP device go on to step two."""

    form_class = LoginForm
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.session.pop(IDLE_LOGOUT_KEY, False)
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not selectors.has_confirmed_totp(user):
            return super().form_valid(form)
        session = self.request.session
        session.cycle_key()
        session[PENDING_USER_KEY] = user.pk
        session[PENDING_BACKEND_KEY] = getattr(
            user, "backend", settings.AUTHENTICATION_BACKENDS[0]
        )
        session[PENDING_SINCE_KEY] = int(time.time())
        session[PENDING_NEXT_KEY] = self.get_success_url()
        return redirect("login-verify")


def _pending_user(request: HttpRequest) -> User | None:
    since = request.session.get(PENDING_SINCE_KEY)
    user_id = request.session.get(PENDING_USER_KEY)
    if since is None or user_id is None or time.time() - since > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or selectors.is_locked(user):
        return None
    return user


def _clear_pending(request: HttpRequest) -> None:
    for key in (
        PENDING_USER_KEY,
        PENDING_BACKEND_KEY,
        PENDING_SINCE_KEY,
        PENDING_NEXT_KEY,
    ):
        request.session.pop(key, None)


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """Step two: the one-time code (等保 身份鉴别 d: two combined techniques)."""
    user = _pending_user(request)
    if user is None:
        _clear_pending(request)
        return redirect("login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                backend = request.session[PENDING_BACKEND_KEY]
                target = (
                    request.session.get(PENDING_NEXT_KEY) or settings.LOGIN_REDIRECT_URL
                )
                _clear_pending(request)
                services.record_successful_login(user=user)
                auth_login(request, user, backend=backend)
                otp_login(request, device)
                if not url_has_allowed_host_and_scheme(
                    target, allowed_hosts={request.get_host()}
                ):
                    target = reverse(settings.LOGIN_REDIRECT_URL)
                return redirect(target)
        if services.record_failed_login(user=user):
            _clear_pending(request)
            messages.error(request, LoginForm.error_messages["invalid_login"])
            return redirect("login")
        form.add_error("token", _("动态口令不正确，请重试。"))
    return render(request, "registration/login_verify.html", {"form": form})


@login_required
@never_cache
def security(request: HttpRequest) -> HttpResponse:
    """The account's log-in security: whether the second factor is on."""
    user = _account(request)
    return render(
        request,
        "core/security.html",
        {"totp_enabled": selectors.has_confirmed_totp(user)},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code and secret, then confirm the device with a first code."""
    user = _account(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_totp(user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_error("token", exc.zh if _is_chinese() else exc.en)
        else:
            otp_login(request, device)
            messages.success(request, _("已启用动态口令，下次登录时需要输入。"))
            return redirect("security")
    device = services.start_totp_enrolment(user=user)
    qr_svg = segno.make(device.config_url, micro=False).svg_inline(
        scale=4, title=_("动态口令二维码")
    )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context = {"form": form, "qr_svg": qr_svg, "secret": secret}
    return render(request, "core/totp_enrol.html", context)


@login_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def totp_disable(request: HttpRequest) -> HttpResponse:
    """Switch the second factor off after re-entering the password."""
    user = _account(request)
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user.check_password(form.cleaned_data["password"]):
            services.disable_totp(actor=user, user=user)
            messages.success(request, _("已停用动态口令。"))
            return HttpResponseRedirect(reverse("security"))
        form.add_error("password", _("密码不正确。"))
    return render(request, "core/totp_disable.html", {"form": form})


def _account(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - login_required ran first
        raise PermissionDenied
    return user


def _is_chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")
