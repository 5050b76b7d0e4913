from celery import shared_task
from django.db import OperationalError

from evaluation import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def period_score_recompute(period_id: int, staff_member_id: int) -> None:
    services.period_score_recompute(period_id=period_id, staff_member_id=staff_member_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def open_periods_recompute() -> int:
    return services.open_periods_recompute()
