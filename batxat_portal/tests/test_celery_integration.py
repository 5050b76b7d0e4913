"""A real Celery worker and beat, against the real broker, run the housekeeping job on schedule."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from batxat_portal.tests.services import skip_or_fail


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _private_broker(url: str) -> str:
    """A Redis database of its own, so a developer's running worker never takes these messages."""
    import redis

    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    private = f"{base}/15"
    client = redis.Redis.from_url(private, socket_connect_timeout=2)
    client.ping()
    client.flushdb()
    return private


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_and_beat_run_housekeeping_on_schedule(tmp_path):
    if not settings.INTEGRATION_BROKER_URL.startswith("redis://"):
        skip_or_fail("set CELERY_BROKER_URL=redis://… to run a real worker and beat")
    try:
        broker = _private_broker(settings.INTEGRATION_BROKER_URL)
    except Exception as error:
        skip_or_fail(f"Redis does not answer at {settings.INTEGRATION_BROKER_URL}: {error}")

    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(minutes=1))

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "batxat_portal.settings.local", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": broker, "HOUSEKEEPING_INTERVAL_SECONDS": "1", "DJANGO_DEBUG": "false"}
    celery = [sys.executable, "-m", "celery", "-A", "batxat_portal"]
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    processes = [
        subprocess.Popen([*celery, "worker", "--loglevel=INFO", "--concurrency=1", "--pool=solo",
                          "--without-mingle", "--without-gossip", "--without-heartbeat"],
                         cwd=settings.BASE_DIR, env=env, stdout=worker_log.open("w"), stderr=subprocess.STDOUT),
        subprocess.Popen([*celery, "beat", "--loglevel=INFO", f"--schedule={tmp_path / 'schedule'}"],
                         cwd=settings.BASE_DIR, env=env, stdout=beat_log.open("w"), stderr=subprocess.STDOUT),
    ]
    try:
        deadline = time.monotonic() + 90
        while Session.objects.filter(session_key=store.session_key).exists():
            assert all(p.poll() is None for p in processes), worker_log.read_text() + beat_log.read_text()
            assert time.monotonic() < deadline, worker_log.read_text() + beat_log.read_text()
            time.sleep(0.5)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    assert "Sending due task housekeeping" in beat_log.read_text()
    assert "batxat_portal.tasks.housekeeping" in worker_log.read_text()
