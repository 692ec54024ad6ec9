"""Everything Fazhi needs, configured only by environment variables.

| variable | meaning | default |
| --- | --- | --- |
| ``FAZHI_SECRET_KEY`` | Django's signing key | none: production refuses to start |
| ``FAZHI_DEBUG`` | ``1`` for debug pages | ``0`` |
| ``FAZHI_DATABASE_URL`` | ``sqlite:///path`` or ``postgres://user@host/db`` | SQLite under ``var/`` |
| ``FAZHI_DATA_DIR`` | where the SQLite file, uploads and search index live | ``<checkout>/var`` |
| ``FAZHI_ALLOWED_HOSTS`` | comma-separated host names | ``127.0.0.1,localhost`` |
| ``FAZHI_IDLE_TIMEOUT`` | seconds of inactivity before a session ends | ``1800`` |
| ``FAZHI_LOGIN_MAX_FAILURES`` | failed log-ins before an account is locked | ``5`` |
| ``FAZHI_LOGIN_LOCK_MINUTES`` | how long a lock lasts | ``30`` |
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"FAZHI_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = env(name, "1" if default else "0").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"FAZHI_{name} must be 1 or 0, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"FAZHI_{name} must be a whole number") from exc


DATA_DIR = Path(env("DATA_DIR", str(CHECKOUT_DIR / "var"))).resolve()

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.core.audit",
    "fazhi.core.files",
    "fazhi.core.calendar",
    "fazhi.laws",
    "fazhi.normdocs",
    "fazhi.enforcement",
    "fazhi.api",
    "fazhi.portal",
    "fazhi.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # session, auth, OTP, idle timeout, messages; skipped for API reads without
    # a session cookie (fazhi.core.middleware.SESSION_STACK)
    "fazhi.core.middleware.SessionStackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL for concurrent readers; synchronous=FULL so a committed transaction
    # survives power loss; IMMEDIATE so writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Account lockout and idle timeout (等保 身份鉴别: 登录失败处理, 连接超时自动退出).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 30)
IDLE_TIMEOUT_SECONDS = env_int("IDLE_TIMEOUT", 1800)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send the token

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Evidence files (证据材料): stored by content hash.
FILES_MAX_BYTES = env_int("FILES_MAX_MB", 50) * 1024 * 1024
FILES_ROOT = DATA_DIR / "files"

# Working-day calendar years added after the chinese-calendar package's last year.
CALENDAR_DATA_DIRS = [PACKAGE_DIR / "rules" / "calendar_data"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

OTP_TOTP_ISSUER = "Fazhi 法治"

SITE_NAME = _("法治政府建设平台")


def require_secret_key() -> None:
    """Refuse to start without a real key: sessions and tokens depend on it."""
    if (
        not SECRET_KEY
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
    ):
        raise ImproperlyConfigured(
            "FAZHI_SECRET_KEY is missing or too short (50+ random characters). "
            "生产环境必须设置 FAZHI_SECRET_KEY（至少 50 个随机字符）。"
        )
