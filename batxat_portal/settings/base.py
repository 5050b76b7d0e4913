"""Settings shared by every environment; local, production and test only override.

Every value a deployment may change comes from the environment (see `.env.example`).
"""

import shutil
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))  # real environment variables still win

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "captcha",  # django-simple-captcha: self-hosted, for the public forms
    "csp",  # django-csp: the Content-Security-Policy header (its checks catch settings of the old form)
    # Project apps: staff first, it needs nothing else; batxat_portal holds cross-app helpers.
    "staff",
    "evaluation",
    "feedback",
    "batxat_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "batxat_portal.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "batxat_portal.urls"
WSGI_APPLICATION = "batxat_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "batxat_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Rendered fields of the empty public forms (batxat_portal.public_forms.CachedFieldsMixin): the same for every
# visitor, so each process keeps its own copy; a restart (a deploy, new translations) starts afresh.
FRAGMENT_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
CACHES["fragments"] = FRAGMENT_CACHE

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before checking it
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sign-in lockout (django-axes; batxat_portal/lockout.py). Wrong passwords lock only the pair (user name, address)
# they came from, so nobody can lock someone else out by typing their name; many wrong passwords from one address,
# across any names, lock the address (password spraying). The address's ceiling is well above the pair's limit, since
# a whole office may share one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per (user name, address)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)  # per address, any names
if AXES_ADDRESS_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ValueError("AXES_ADDRESS_FAILURE_LIMIT must be above AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # the address's ceiling is added by the handler
AXES_HANDLER = "batxat_portal.lockout.PairAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "batxat_portal.lockout.lockout_response"  # the sign-in page, saying until when
# A refused attempt during a lock does not push its end back: the time the page shows stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ACCESS_LOG_RETENTION_DAYS = env.int("AXES_ACCESS_LOG_RETENTION_DAYS", default=90)
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "batxat_portal.clientip.client_ip_for_axes"

# Addresses: how many reverse proxies in front of the portal add themselves to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Public forms are rate-limited per address (django-ratelimit, on the shared cache).
RATELIMIT_IP_META_KEY = "batxat_portal.clientip.client_ip"
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE", default="5/h")
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", default="10/h")  # per address and form, for citizens' forms

# Content-Security-Policy (django-csp): scripts, styles, fonts and pictures from the portal itself only; no inline
# script, no inline style (none in the templates: batxat_portal/tests/test_csp.py reads them), no eval (htmx's
# allowEval is off in base.html), no plugin, no framing, no form sent elsewhere. `data:` pictures only because
# Bootstrap's CSS draws its form icons (the select's arrow, checked boxes, the menu button) as data: SVG images.
# The printed PDFs (WeasyPrint) keep their own <style>: they are rendered on the server, never served as HTML.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["batxat_portal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng CBCC Bát Xát <no-reply@batxat.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis in production and CI; a broker kept in files under var/ for the zero-setup run.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        # kombu's default is ./control in the working directory: keep the broadcast exchanges under var/ too.
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # Redis: a message a worker took and never acknowledged (it was killed) goes back to the queue after this long. It
    # must exceed the longest task, and the longest countdown of a retry (retry_backoff stops at 600 s), or a task
    # would run twice at once.
    else {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=3600)}
)
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
# A killed worker loses nothing: a task is acknowledged when it ends, not when it starts, so a task whose worker dies
# (SIGKILL, the machine stops, the OOM killer) is delivered again, and each worker takes one message at a time, so no
# more than the task it runs is held back. Every task must therefore be safe to run twice (docs/architecture.md,
# "Jobs"). A task that fails is still acknowledged: it retries through autoretry_for, or not at all.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When the worker loses the broker its running tasks will be delivered again: stop them instead of running them twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job, in one place. Later apps add their entries here.
HOUSEKEEPING_INTERVAL_SECONDS = env.float("HOUSEKEEPING_INTERVAL_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE = {
    "housekeeping": {
        "task": "batxat_portal.tasks.housekeeping",
        "schedule": HOUSEKEEPING_INTERVAL_SECONDS,
    },
    "nightly-period-scores": {
        "task": "evaluation.tasks.open_periods_recompute",
        "schedule": crontab(hour=2, minute=0),
    },
    "daily-review-reminders": {
        "task": "evaluation.tasks.review_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
    # Mails the feedback confirmations due: a citizen's request only writes its row (the outbox), never the broker.
    "feedback-confirmations-sweep": {
        "task": "feedback.tasks.confirmations_sweep",
        "schedule": env.float("FEEDBACK_CONFIRMATION_SWEEP_SECONDS", default=60),
    },
    "nightly-feedback-escalation": {
        "task": "feedback.tasks.feedback_escalate_overdue",
        "schedule": crontab(hour=6, minute=30),
    },
}

# Health check: how long /healthz waits for the database and the broker.
HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every render at INFO.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Demo accounts' shared password (printed in the README; demo data only, never production).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="BatXat@2026")

PORTAL_NAME = env("PORTAL_NAME", default="")  # empty: the translated default name
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")  # e.g. https://canbo.batxat.laocai.gov.vn: links in mail

# Staff file. A disciplined person's next salary step comes this many months later, by form of discipline
# (Thông tư 03/2021/TT-BNV as summarised in docs/domain-rules.md: unconfirmed, hence a setting).
SALARY_STEP_DISCIPLINE_DELAY_MONTHS = {"reprimand": 6, "warning": 6, "demotion": 12, "removal": 12}
# Spreadsheet imports: size and row limits.
STAFF_IMPORT_MAX_BYTES = env.int("STAFF_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
STAFF_IMPORT_MAX_ROWS = env.int("STAFF_IMPORT_MAX_ROWS", default=5000)
# A staff file's photo: the largest upload accepted, and the longest side it is scaled down to (re-encoded as JPEG).
STAFF_PHOTO_MAX_BYTES = env.int("STAFF_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
STAFF_PHOTO_MAX_SIDE = env.int("STAFF_PHOTO_MAX_SIDE", default=600)
# The personal-record form printed from a file (sơ yếu lý lịch): its code and the text that issued it, printed at
# its head. The default is mẫu 2C-BNV/2008 (QĐ 02/2008/QĐ-BNV); change both if the Ministry's newer form is used.
STAFF_PERSONAL_RECORD_FORM_CODE = env.str("STAFF_PERSONAL_RECORD_FORM_CODE", default="Mẫu 2C-BNV/2008")
STAFF_PERSONAL_RECORD_FORM_BASIS = env.str(
    "STAFF_PERSONAL_RECORD_FORM_BASIS",
    default="Ban hành kèm theo Quyết định số 02/2008/QĐ-BNV ngày 06/10/2008 của Bộ trưởng Bộ Nội vụ")

# Evaluation (docs/domain-rules.md). Unconfirmed readings are settings; each evaluation year keeps a copy of the values
# in force when it opened, so a closed year is never recomputed under later settings.
EVALUATION_TASK_FORMULA = env("EVALUATION_TASK_FORMULA", default="mean")  # "mean" or "product" of the three %
EVALUATION_QUOTA_READING = env("EVALUATION_QUOTA_READING", default="httnv")  # or "httnv_plus_htxsnv"
EVALUATION_QUOTA_SHARE = env("EVALUATION_QUOTA_SHARE", default="0.20")
EVALUATION_YEAR_WEIGHTING = env("EVALUATION_YEAR_WEIGHTING", default="plain")  # or "months"
# NĐ 90/2020: a leader may be rated "excellent" only if all the unit's targets are met, at least this share of them
# exceeded and at least this share of the managed units rated "good" or better [P] (shares, like the quota).
EVALUATION_LEADER_MIN_EXCEEDED = env("EVALUATION_LEADER_MIN_EXCEEDED", default="0.5")
EVALUATION_LEADER_MIN_UNITS_GOOD = env("EVALUATION_LEADER_MIN_UNITS_GOOD", default="0.7")
# Default general criteria of a new year (NĐ 335/2025: up to 30 points; the split is unconfirmed).
EVALUATION_DEFAULT_CRITERIA = [
    ("Chính trị, tư tưởng", 8),
    ("Đạo đức, lối sống", 8),
    ("Tác phong, lề lối làm việc", 7),
    ("Ý thức tổ chức kỷ luật", 7),
]
# Days after approval during which a person may appeal their year result [U].
EVALUATION_APPEAL_DAYS = env.int("EVALUATION_APPEAL_DAYS", default=30)
EVALUATION_MINUTES_MAX_BYTES = env.int("EVALUATION_MINUTES_MAX_BYTES", default=10 * 1024 * 1024)  # scanned minutes, PDF
# 360-degree reviews: a rater group's answers are shown (as averages) only when at least this many came in,
# so no answer can be traced to one person; each request keeps the value in force when it was made.
EVALUATION_REVIEW_MIN_ANSWERS = env.int("EVALUATION_REVIEW_MIN_ANSWERS", default=3)
# Reviewers who have not answered get one reminder this many days before the deadline.
EVALUATION_REVIEW_REMIND_DAYS = env.int("EVALUATION_REVIEW_REMIND_DAYS", default=2)

# Feedback (docs/domain-rules.md "Citizen feedback and satisfaction").
# Officers' ratings and the satisfaction questions of surveys use this scale: 3 levels (rất hài lòng / hài lòng /
# không hài lòng) or 5; "satisfied" is the top two levels. Each rating keeps the scale it was given on.
FEEDBACK_RATING_SCALE = env.int("FEEDBACK_RATING_SCALE", default=3)
if FEEDBACK_RATING_SCALE not in (3, 5):
    raise ValueError("FEEDBACK_RATING_SCALE must be 3 or 5")
# What a citizen may also rate, among attitude, timeliness and guidance (labels in feedback/models/ratings.py);
# empty: the overall rating only.
FEEDBACK_RATING_CRITERIA = [key for key in env.list(
    "FEEDBACK_RATING_CRITERIA", default=["attitude", "timeliness", "guidance"]) if key]
if set(FEEDBACK_RATING_CRITERIA) - {"attitude", "timeliness", "guidance"}:
    raise ValueError("FEEDBACK_RATING_CRITERIA may list only attitude, timeliness and guidance")
# A kiosk (a signed-in tablet at the one-stop desk, no captcha) takes at most this many ratings per session.
FEEDBACK_KIOSK_RATE = env("FEEDBACK_KIOSK_RATE", default="120/h")
# Citizens' feedback (the public form). Working days to answer, per kind (docs/domain-rules.md [U]: 10 each; written
# "report=10;proposal=10" in the environment); complaints follow the Law on Complaints instead (30/45 calendar days,
# 45/60 in remote areas: feedback/rules/deadlines.py), and FEEDBACK_REMOTE_AREA says whether the remote limits apply
# (Bát Xát is a mountainous border area). What lies outside the agency's competence is forwarded within
# FEEDBACK_FORWARD_DAYS working days [C].
FEEDBACK_ANSWER_DAYS = env.dict("FEEDBACK_ANSWER_DAYS", cast={"value": int},
                                default={"report": 10, "proposal": 10, "praise": 10, "suggestion": 10})
FEEDBACK_FORWARD_DAYS = env.int("FEEDBACK_FORWARD_DAYS", default=5)
FEEDBACK_REMOTE_AREA = env.bool("FEEDBACK_REMOTE_AREA", default=True)
# A complaint's limit runs from its acceptance (thụ lý); until then it must be accepted, or refused in writing, within
# this many calendar days of receipt (Law on Complaints 2011 art. 27: 10; docs/domain-rules.md).
FEEDBACK_COMPLAINT_ACCEPT_DAYS = env.int("FEEDBACK_COMPLAINT_ACCEPT_DAYS", default=10)
if FEEDBACK_COMPLAINT_ACCEPT_DAYS < 1:
    raise ValueError("FEEDBACK_COMPLAINT_ACCEPT_DAYS must be at least 1")
# QĐ 766 feedback satisfaction leaves out the PAKN "complained about as overdue" (the decree's wording, `complained`)
# or every PAKN settled late or still waiting past its deadline (`late`): a reading [U], feedback/rules/qd766.py.
FEEDBACK_QD766_OVERDUE_READING = env("FEEDBACK_QD766_OVERDUE_READING", default="complained")
if FEEDBACK_QD766_OVERDUE_READING not in ("complained", "late"):
    raise ValueError("FEEDBACK_QD766_OVERDUE_READING must be complained or late")
# Units whose handlers' answers a head of the unit or a leader of its agency signs off before the citizen sees them:
# official unit codes, each covering the units under it (an agency's code covers its departments); empty: every
# handler publishes their answers. A head or leader who writes an answer publishes it at once.
FEEDBACK_ANSWER_SIGN_OFF_UNITS = [code for code in env.list("FEEDBACK_ANSWER_SIGN_OFF_UNITS", default=[]) if code]
# Limits of what a citizen sends: text length (the column holds 5000 at most), files (images or PDF, checked by
# content) per sending and their size.
FEEDBACK_TEXT_MAX_CHARS = env.int("FEEDBACK_TEXT_MAX_CHARS", default=5000)
if not 1 <= FEEDBACK_TEXT_MAX_CHARS <= 5000:
    raise ValueError("FEEDBACK_TEXT_MAX_CHARS must be between 1 and 5000")
FEEDBACK_MAX_ATTACHMENTS = env.int("FEEDBACK_MAX_ATTACHMENTS", default=3)
FEEDBACK_MAX_ATTACHMENT_BYTES = env.int("FEEDBACK_MAX_ATTACHMENT_BYTES", default=5 * 1024 * 1024)
# The same text to the same unit from the same address within this many minutes gets the earlier tracking code.
FEEDBACK_DUPLICATE_WINDOW_MINUTES = env.int("FEEDBACK_DUPLICATE_WINDOW_MINUTES", default=10)
# Look-ups of a tracking code per address (against guessing), and unit/officer searches of the public form.
FEEDBACK_TRACK_RATE = env("FEEDBACK_TRACK_RATE", default="30/h")
FEEDBACK_SEARCH_RATE = env("FEEDBACK_SEARCH_RATE", default="300/h")
# How often the sweep mails the confirmations of what citizens sent (a confirmation waits at most about this long).
FEEDBACK_CONFIRMATION_SWEEP_SECONDS = CELERY_BEAT_SCHEDULE["feedback-confirmations-sweep"]["schedule"]
# Only for the server `make bench` starts to load the public forms: the captcha then accepts the answer "passed".
# Never set it in production.
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=False)
# The captcha's picture, readable on a phone: characters of this size (django-simple-captcha draws 22 px), in DejaVu
# Sans Bold when installed (Debian fonts-dejavu-core), turned less than its default of up to 35 degrees; a picture
# twice as sharp for high-density screens. A citizen may ask for another picture (captcha/refresh/, static/js/
# captcha.js) or hear the characters: the audio link is offered only when the `flite` speech synthesiser is found
# (Debian package flite; CAPTCHA_FLITE_PATH=off turns it off, empty looks for it on PATH).
CAPTCHA_FONT_SIZE = env.int("CAPTCHA_FONT_SIZE", default=40)
_CAPTCHA_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
if env("CAPTCHA_FONT_PATH", default="") or _CAPTCHA_FONT.exists():
    CAPTCHA_FONT_PATH = env("CAPTCHA_FONT_PATH", default="") or str(_CAPTCHA_FONT)
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_2X_IMAGE = True
_CAPTCHA_FLITE = env("CAPTCHA_FLITE_PATH", default="")
CAPTCHA_FLITE_PATH = None if _CAPTCHA_FLITE == "off" else (_CAPTCHA_FLITE or shutil.which("flite") or None)
# `make bench`'s load test of the public pages (feedback/demo/bench.py): seconds per scenario, locust users (each a
# stream of new visitors), and the bench server's persistent database connections and cache (Redis, shared by the
# two workers so the per-address limits count as in production). Its threads are gunicorn.conf.py's.
BENCH_LOAD_SECONDS = env.float("BENCH_LOAD_SECONDS", default=60)
BENCH_LOAD_USERS = env.int("BENCH_LOAD_USERS", default=8)
BENCH_SERVER_CONN_MAX_AGE = env.int("BENCH_SERVER_CONN_MAX_AGE", default=60)
BENCH_CACHE_URL = env("BENCH_CACHE_URL", default="redis://127.0.0.1:6379/14")
