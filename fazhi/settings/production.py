"""Production: refuses to start without a secret key; HTTPS only."""

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import env_bool, env_int, require_secret_key

require_secret_key()
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
FAZHI_DEMO_ALLOWED = False
FAZHI_FLUSH_ALLOWED = False
