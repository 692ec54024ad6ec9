"""The test suite: the same settings with a fast hasher and a throw-away data folder."""

import tempfile
from pathlib import Path

from fazhi.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-" + "x" * 60
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="fazhi-test-"))
MEDIA_ROOT = DATA_DIR / "media"
FILES_ROOT = DATA_DIR / "files"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FAZHI_DEMO_ALLOWED = True
FAZHI_FLUSH_ALLOWED = True
