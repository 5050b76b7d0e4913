"""Periodic clean-up that keeps tables from growing without end."""

from datetime import timedelta

from axes.models import AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def housekeeping_run(*, now=None) -> dict[str, int]:
    """Delete expired sessions and sign-in logs past their retention; safe to repeat."""
    now = now or timezone.now()
    sessions_deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    cutoff = now - timedelta(days=settings.AXES_ACCESS_LOG_RETENTION_DAYS)
    logs_deleted, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return {"sessions": sessions_deleted, "access_logs": logs_deleted}
