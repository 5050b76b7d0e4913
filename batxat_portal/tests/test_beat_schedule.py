"""Every entry of the beat schedule names a task a worker knows: a typo would silently never run."""

from django.conf import settings

from batxat_portal.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    unknown = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
               if entry["task"] not in app.tasks}
    assert unknown == {}
    assert len(settings.CELERY_BEAT_SCHEDULE) >= 5
