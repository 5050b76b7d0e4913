"""Tests: fast hashing, tasks run in-process, SQLite unless DATABASE_URL points elsewhere."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, FRAGMENT_CACHE, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-batxat-portal-0123456789abcdefghij"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "fragments": FRAGMENT_CACHE}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# The real broker, for the one test that starts a worker and beat against it.
INTEGRATION_BROKER_URL = env("CELERY_BROKER_URL", default="")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a worker process started by a test can see the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
    # A fresh clone has no var/ yet: SQLite cannot create the file without its folder.
    (BASE_DIR / "var").mkdir(exist_ok=True)
