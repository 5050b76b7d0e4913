"""The Vietnamese catalogue is complete and compiled: every user-facing string has a translation."""

import shutil
import subprocess
import sys

import polib
from django.conf import settings
from django.utils import translation

from batxat_portal import django_gaps
from batxat_portal.tests.services import skip_or_fail

PO = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _problems(catalogue: polib.POFile) -> list[str]:
    return [entry.msgid for entry in catalogue if not entry.obsolete and (not entry.translated() or entry.fuzzy)]


def test_every_string_in_the_source_has_a_vietnamese_translation(tmp_path):
    if not shutil.which("xgettext"):
        skip_or_fail("xgettext is missing: apt-get install gettext")
    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "var", "static", "staticfiles", "media", "node_modules", "*.sqlite3", "__pycache__"))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "vi", "--no-obsolete"],
        cwd=copy, capture_output=True, text=True, timeout=240,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "batxat_portal.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert _problems(fresh) == [], "run `make messages` and translate these"


def test_the_compiled_catalogue_matches_the_translations():
    source = {entry.msgid: entry for entry in polib.pofile(str(PO)) if entry.translated() and not entry.fuzzy}
    compiled = {entry.msgid: entry for entry in polib.mofile(str(MO))}
    stale = [msgid for msgid, entry in source.items()
             if msgid not in compiled
             or (compiled[msgid].msgstr or compiled[msgid].msgstr_plural.get(0)) != (
                 entry.msgstr or entry.msgstr_plural.get(0))]
    assert stale == [], "run `make messages` to recompile locale/vi"


def test_django_messages_missing_from_djangos_own_catalogue_are_translated_here():
    with translation.override("vi"):
        vietnamese = [translation.gettext(message) for message in django_gaps.MESSAGES] + django_gaps.plurals(2)
    with translation.override("en"):
        english = list(django_gaps.MESSAGES) + django_gaps.plurals(2)
    translated = {entry.msgstr or entry.msgstr_plural.get(0) for entry in polib.pofile(str(PO)) if entry.translated()}
    assert [original for text, original in zip(vietnamese, english, strict=True) if text not in translated] == []


def test_translation_functions_are_imported_under_names_makemessages_knows():
    """Importing gettext_lazy under a name other than _ hides its strings from makemessages: they stay English."""
    import re

    odd = re.compile(r"import .*\b(?:n?gettext(?:_lazy|_noop)?|pgettext(?:_lazy)?) as (?!_\b)\w+")
    offenders = [str(path.relative_to(settings.BASE_DIR)) for app in ("batxat_portal", "staff")
                 for path in (settings.BASE_DIR / app).rglob("*.py") if odd.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_catalogue_passes_msgfmt_checks():
    if not shutil.which("msgfmt"):
        skip_or_fail("msgfmt is missing: apt-get install gettext")
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
