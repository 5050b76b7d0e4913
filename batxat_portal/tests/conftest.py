"""Fixtures of the project-wide tests: the URL walks' world (batxat_portal/tests/walk.py)."""

import sys

import pytest
from django.db import transaction
from django.test import override_settings

from batxat_portal.tests import walk
from evaluation import paper


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per test module inside a transaction rolled back at its end; each test runs in a savepoint of
    it (the `db` fixture), so what one test's requests write does not reach the next."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        with django_db_blocker.unblock():
            atomic.__enter__()
            try:
                built = walk.build_world()
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
        try:
            yield built  # the tests reach the database through the `db` fixture, as anywhere else
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


@pytest.fixture
def cheap_pdf(monkeypatch):
    """A stand-in for WeasyPrint: the walks are about who may print, not the printing."""
    monkeypatch.setattr(paper, "self_assessment_pdf", lambda *, result: b"%PDF-1.7 stand-in")
    from staff import paper as staff_paper

    monkeypatch.setattr(staff_paper, "personal_record_pdf", lambda *, member: b"%PDF-1.7 stand-in")
