"""The Celery app: `celery -A batxat_portal worker` and `celery -A batxat_portal beat`."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batxat_portal.settings.local")

app = Celery("batxat_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _prepare_file_broker() -> None:
    """The zero-setup broker keeps messages in folders, which must exist before anyone connects."""
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = (app.conf.broker_transport_options or {}).get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)


app.on_after_configure.connect(lambda sender, **kwargs: _prepare_file_broker(), weak=False)
