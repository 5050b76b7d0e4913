"""Celery tasks of the feedback app: thin, they take ids and call a service; each area appends its own."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from feedback.services import handling, public

# --- handling: mails of the case steps, the nightly escalation of overdue cases


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_step_mail(event_id: int) -> bool:
    return handling.feedback_step_mail(event_id=event_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def feedback_escalate_overdue() -> int:
    """Nightly: overdue cases escalated once, one mail per head (safe to run twice)."""
    return handling.feedback_escalate_overdue(today=timezone.localdate())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_escalation_mail(user_id: int, feedback_ids: list[int]) -> bool:
    return handling.feedback_escalation_mail(user_id=user_id, feedback_ids=feedback_ids)


# --- public: the sweep that mails the confirmations of what citizens sent (their rows are the outbox)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def feedback_confirmation_send(feedback_id: int) -> bool:
    """No longer queued by the public form (the sweep mails); kept for messages queued before that, until none is
    left in any broker."""
    return public.feedback_confirmation_send(feedback_id=feedback_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def confirmations_sweep() -> int:
    """Every FEEDBACK_CONFIRMATION_SWEEP_SECONDS: each confirmation due is mailed once (safe to run twice, or at
    once)."""
    return public.feedback_confirmations_sweep()
