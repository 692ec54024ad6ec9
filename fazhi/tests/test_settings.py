"""The settings read only the environment, and production refuses to start unsafe."""

import os
import subprocess
import sys

import pytest


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=clean,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_python("import fazhi.settings.production")

    assert result.returncode != 0
    assert "FAZHI_SECRET_KEY" in result.stderr
    assert "生产环境必须设置" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = run_python("import fazhi.settings.production", FAZHI_SECRET_KEY="short")

    assert result.returncode != 0
    assert "FAZHI_SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_real_key_and_are_secure():
    code = (
        "import fazhi.settings.production as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.FAZHI_DEMO_ALLOWED)"
    )

    result = run_python(code, FAZHI_SECRET_KEY="k" * 64)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "False"]


def test_the_database_comes_from_fazhi_database_url():
    code = "import fazhi.settings.production as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"

    result = run_python(
        code,
        FAZHI_SECRET_KEY="k" * 64,
        FAZHI_DATABASE_URL="postgres://fazhi@db.example:5432/fazhi_prod",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "fazhi_prod"]


def test_time_zone_and_language_are_chinese_first():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.USE_TZ is True


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_a_malformed_boolean_variable_is_a_clear_error(raw):
    result = run_python(
        "import fazhi.settings.production", FAZHI_SECRET_KEY="k" * 64, FAZHI_DEBUG=raw
    )

    assert result.returncode != 0
    assert "FAZHI_DEBUG must be 1 or 0" in result.stderr
