from celery import shared_task
from django.db import OperationalError

from evaluation import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_score_recompute(period_id: int, staff_member_id: int) -> None:
    services.period_score_recompute(period_id=period_id, staff_member_id=staff_member_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def period_scores_recompute(period_id: int) -> int:
    return services.period_scores_recompute(period_id=period_id)


@shared_task
def open_periods_recompute() -> int:
    """Nightly: one task per open period, so the work spreads over every worker. Returns how many were queued."""
    periods = services.open_periods()
    for period_id in periods:
        period_scores_recompute.delay(period_id)
    return len(periods)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def result_notices_send(result_ids: list[int]) -> int:
    return services.result_notices_send(result_ids=result_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def review_invitations_notify(invitation_ids: list[int]) -> int:
    return services.review_invitations_notify(invitation_ids=invitation_ids)


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def review_reminders_send() -> int:
    """Daily: one reminder to each reviewer who has not answered when the deadline is near."""
    from django.utils import timezone

    return services.review_reminders_send(today=timezone.localdate())
