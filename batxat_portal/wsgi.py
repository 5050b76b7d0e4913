"""WSGI entry point for gunicorn: `gunicorn batxat_portal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batxat_portal.settings.production")

application = get_wsgi_application()
