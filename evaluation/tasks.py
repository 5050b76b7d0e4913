from celery import shared_task
from django.db import OperationalError

from evaluation import services
from evaluation.selectors import scoring


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_score_recompute(period_id: int, staff_member_id: int) -> None:
    services.period_score_recompute(period_id=period_id, staff_member_id=staff_member_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_scores_recompute(period_id: int) -> int:
    return services.period_scores_recompute(period_id=period_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_scores_batch_recompute(period_ids: list[int], staff_from: int | None, staff_to: int | None) -> int:
    """One batch of the nightly plan (staff ids in [staff_from, staff_to) in these periods); running it again, as a
    retry does, writes nothing new."""
    return services.period_scores_batch_recompute(period_ids=period_ids, staff_from=staff_from, staff_to=staff_to)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def open_periods_recompute() -> int:
    """Nightly: the people of every open period in batches of scoring.BATCH_SIZE, one task each, so the work spreads
    over every worker (a retry queues the batches again, which is harmless). Returns how many were queued."""
    batches = scoring.score_batches(period_ids=scoring.open_periods())
    for batch in batches:
        period_scores_batch_recompute.delay(list(batch.period_ids), batch.staff_from, batch.staff_to)
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
