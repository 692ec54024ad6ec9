"""Log-in, log-out and log-in security pages, mounted at ``/accounts/``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from fazhi.core import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("security/totp/", views.totp_enrol, name="totp-enrol"),
    path("security/totp/disable/", views.totp_disable, name="totp-disable"),
]
