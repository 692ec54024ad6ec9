"""Local use: the embedded SQLite database under ``var/`` and a key kept there."""

import secrets

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import DATA_DIR, env, env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(64))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

FAZHI_DEMO_ALLOWED = True
FAZHI_FLUSH_ALLOWED = True
