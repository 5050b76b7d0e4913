from celery import shared_task
from django.db import OperationalError

from evaluation import services
from evaluation.selectors import scoring


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_score_recompute(period_id: int, staff_member_id: int) -> None:
    services.period_score_recompute(period_id=period_id, staff_member_id=staff_member_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_scores_recompute(period_id: int, staff_from: int | None = None, staff_to: int | None = None) -> int:
    """One batch of a period (staff ids in [staff_from, staff_to)); running it again writes nothing new."""
    return services.period_scores_recompute(period_id=period_id, staff_from=staff_from, staff_to=staff_to)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def open_periods_recompute() -> int:
    """Nightly: one task per batch of each open period, so the work spreads over every worker (a retry queues the
    batches again, which is harmless). Returns how many were queued."""
    batches = [batch for period_id in scoring.open_periods() for batch in scoring.score_batches(period_id=period_id)]
    for batch in batches:
        period_scores_recompute.delay(batch.period_id, batch.staff_from, batch.staff_to)
    return len(batches)


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
