"""Production settings: secure by default, and refuse to start half-configured."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "batxat_portal.settings.production",
    "DJANGO_SECRET_KEY": "x7#kq9!vR2$mLp4@zW8^nT1&bY6*cH3(eJ5)fG0-aD+sU_iO=lK",
    "DJANGO_ALLOWED_HOSTS": "canbo.batxat.example.vn",
    "DATABASE_URL": "sqlite:////tmp/batxat-check.sqlite3",
    "CACHE_URL": "locmemcache://",
}


def _manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_with_production_settings_prints_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_the_captcha_test_mode():
    result = _manage("check", env={**PRODUCTION_ENV, "CAPTCHA_TEST_MODE": "true"})
    assert result.returncode != 0
    assert "CAPTCHA_TEST_MODE" in result.stderr


def test_production_keeps_database_connections_between_requests():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], " \
           "d['CONN_HEALTH_CHECKS'])"
    result = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-2:] == ["60", "True"], result.stdout + result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_ALLOWED_HOSTS"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "50" in result.stderr


def test_the_portal_speaks_vietnamese_in_the_local_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_the_env_example_lists_every_variable_the_settings_read():
    import re

    read = set()
    for path in (settings.BASE_DIR / "batxat_portal" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (settings.BASE_DIR / ".env.example").read_text(), re.MULTILINE))
    assert read - listed == set()
