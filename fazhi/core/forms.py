"""Forms of the log-in and second-factor pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The password step. One message for every refusal, so it reveals nothing."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "用户名或密码不正确，或账户因多次登录失败已被暂时锁定。"
            "请稍后再试，或联系单位管理员。"
        ),
    }


class TokenForm(forms.Form):
    """A six-digit one-time code from an authenticator app."""

    token = forms.CharField(
        label=_("动态口令"),
        min_length=6,
        max_length=8,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
        help_text=_("请输入身份验证器应用中显示的 6 位数字。"),
    )


class ConfirmPasswordForm(forms.Form):
    """Asks for the current password before switching the second factor off."""

    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
