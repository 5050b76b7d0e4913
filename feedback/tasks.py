"""Celery tasks of the feedback app: thin, they take ids and call a service; each area appends its own."""

from celery import shared_task
from django.db import OperationalError

from feedback.services import public

# --- public: the confirmation mail of what a citizen sent, and the sweep that mails what a broker outage missed


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_confirmation_send(feedback_id: int) -> bool:
    return public.feedback_confirmation_send(feedback_id=feedback_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def confirmations_sweep() -> int:
    """Every 10 minutes: each confirmation not yet mailed is mailed once (safe to run twice, or at once)."""
    return public.feedback_confirmations_sweep()
