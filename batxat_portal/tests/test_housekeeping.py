from datetime import timedelta

from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from batxat_portal import tasks


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_housekeeping_deletes_expired_sessions_and_keeps_live_ones(db):
    expired = _session(timedelta(minutes=-1))
    live = _session(timedelta(hours=1))
    result = tasks.housekeeping.delay().get()
    assert result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live


def test_housekeeping_drops_sign_in_logs_past_their_retention(db, settings):
    old = AccessLog.objects.create(username="a", ip_address="127.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - timedelta(days=settings.AXES_ACCESS_LOG_RETENTION_DAYS + 1))
    recent = AccessLog.objects.create(username="b", ip_address="127.0.0.1", user_agent="x")
    assert tasks.housekeeping()["access_logs"] == 1
    assert list(AccessLog.objects.all()) == [recent]


def test_running_housekeeping_twice_is_harmless(db):
    _session(timedelta(minutes=-1))
    assert tasks.housekeeping()["sessions"] == 1
    assert tasks.housekeeping() == {"sessions": 0, "access_logs": 0}


def test_housekeeping_is_on_the_beat_schedule(settings):
    from batxat_portal.celery import app

    entry = app.conf.beat_schedule["housekeeping"]
    assert entry["task"] == "batxat_portal.tasks.housekeeping"
    assert entry["task"] in app.tasks
