"""Development on one machine: `make run`. SQLite and a file broker unless the env says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-batxat-portal-local")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Often enough that a developer sees the periodic job run while the portal is up.
HOUSEKEEPING_INTERVAL_SECONDS = env.float("HOUSEKEEPING_INTERVAL_SECONDS", default=300)
CELERY_BEAT_SCHEDULE["housekeeping"]["schedule"] = HOUSEKEEPING_INTERVAL_SECONDS  # noqa: F405
# Serve static files straight from static/ and the apps, without collectstatic, even with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
