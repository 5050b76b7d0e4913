import logging

from celery import shared_task
from django.db import OperationalError

from batxat_portal import housekeeping as housekeeping_service

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def housekeeping() -> dict[str, int]:
    deleted = housekeeping_service.housekeeping_run()
    logger.info("housekeeping: %s", deleted)
    return deleted
