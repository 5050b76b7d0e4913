"""The probes of /healthz: does the database answer, does the broker? Each says "ok" or the error's class name."""

from django.conf import settings
from django.db import connection

from batxat_portal.celery import app as celery_app


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as error:  # any failure means "not answering"; the message says why
        return False, error.__class__.__name__


def broker_ok() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.HEALTHZ_TIMEOUT_SECONDS)
        return True, "ok"
    except Exception as error:
        return False, error.__class__.__name__
