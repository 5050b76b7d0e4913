"""Helpers for tests that need something outside Python: a broker, a browser."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def required() -> bool:
    """CI sets CI_REQUIRE_SERVICES=1: there a missing service fails the test instead of skipping it."""
    return os.environ.get("CI_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    if required():
        pytest.fail(reason)
    pytest.skip(reason)


def chromium_path() -> str:
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install chromium")
    return CHROMIUM


def weasyprint_ready() -> None:
    """WeasyPrint needs Debian's Pango: without it the PDF tests skip, or fail where CI requires everything."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        skip_or_fail(f"WeasyPrint cannot load ({error}): apt-get install libpango-1.0-0 libpangoft2-1.0-0")
