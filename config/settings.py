"""Jembatan settings: one module, every value from the environment.

The embedded default (no variables set) runs on SQLite with console e-mail and
in-process background tasks. ``JEMBATAN_ENV=production`` switches on the
hardened settings and refuses to start without its secrets. Every variable is
documented in ``.env.example`` and the README.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_required, env_str
from config.logging import logging_config
from lib import crypto as _crypto

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JEMBATAN_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("JEMBATAN_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"JEMBATAN_ENV={ENVIRONMENT!r}: use development, test or production.")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")
    if "*" in ALLOWED_HOSTS:
        # A forged Host header would then reach password-reset links and SITE_URL-less redirects.
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts in production, not '*'.")
else:
    # A fixed key is fine for a machine-local demo; production must bring its own.
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DEBUG = env_bool("DEBUG", default=ENVIRONMENT == "development")

# Encryption at rest (lib/crypto.py, lib/encrypted.py): NIKs, addresses, document
# numbers, health details and grievance texts are sealed with AES-256-GCM under
# FIELD_ENCRYPTION_KEYS (comma-separated base64url keys of 32 bytes, newest first:
# the first seals, all open; `manage.py rotate_field_keys` moves old rows to the
# first). BLIND_INDEX_KEY keys the HMAC that finds a NIK and keeps it unique; it
# cannot be rotated without recomputing every index. Production refuses to start
# without both; elsewhere both are derived from SECRET_KEY, so `make run` and the
# tests need no configuration (and a dev database opens only with its SECRET_KEY).
if PRODUCTION:
    FIELD_ENCRYPTION_KEYS = env_required("FIELD_ENCRYPTION_KEYS")
    BLIND_INDEX_KEY = env_required("BLIND_INDEX_KEY")
else:
    FIELD_ENCRYPTION_KEYS = env_str("FIELD_ENCRYPTION_KEYS", _crypto.encoded(_crypto.derived_key(SECRET_KEY, "fields")))
    BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY", _crypto.encoded(_crypto.derived_key(SECRET_KEY, "blind index")))
for _name, _keys in (("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS), ("BLIND_INDEX_KEY", BLIND_INDEX_KEY)):
    try:
        _crypto.parse_keys(_keys)
    except _crypto.BadKey as error:
        raise ImproperlyConfigured(f"{_name}: {error}.") from None
if len(_crypto.parse_keys(BLIND_INDEX_KEY)) != 1:
    raise ImproperlyConfigured("BLIND_INDEX_KEY is one key: the NIK index cannot be looked up under several.")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: it shows personal data in error pages.")

INSTALLED_APPS = [
    "accounts.admin_config.JembatanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "reference",
    "participants",
    "training",
    "spreadsheets",
    "joborders",
    "matching",
    "placements",
    "ledger",
    "protection",
    "privacy",
    "reports",
    "api",
    "webhooks",
    "breaches",
    "demo",
    "home",
    "audit",
    "backups",
]

MIDDLEWARE = [
    # First: every line logged by the middleware below carries the request's id.
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Report and export pages read from the replica (config/db_router.py).
    "config.db_router.ReplicaReadsMiddleware",
    # After authentication: whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: people of organizations in Japan read times in Japan's zone.
    "accounts.time_zones.UserTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A full disk met by an upload no view answered: a clear page, not a 500 (lib.storage).
    "lib.storage.StorageFullMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's, with drop-downs written in Python: their per-option templates were a
# quarter of the participant list's time (lib/form_renderer.py).
FORM_RENDERER = "lib.form_renderer.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
                "accounts.context_processors.rupiah_rate",
            ],
            "builtins": [
                "django.templatetags.i18n",
                # unlocalize and {% localize off %} in every template: ids in markup stay plain digits.
                "django.templatetags.l10n",
                "template_partials.templatetags.partials",
                # {{ day|short_date }}: the table-friendly date (lib/date_filters.py).
                "lib.date_filters",
            ],
        },
    },
]

if PRODUCTION:
    # Production never falls back to a local SQLite file, nor to running background
    # work inside the web request, by accident.
    env_required("DATABASE_URL")
    env_required("REDIS_URL")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jembatan.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
        # A kept connection that PostgreSQL dropped (a restart, a failover) is
        # replaced at the start of the next request instead of failing it.
        conn_health_checks=True,
    )
}
# Reports and exports read from a streaming replica when one is given, unless it is
# unreachable or more than REPLICA_MAX_LAG_SECONDS behind (config/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", default=10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0), conn_health_checks=True
    )
    # Test runs read the replica's queries from the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one writer commits; IMMEDIATE takes the
    # write lock at BEGIN so two concurrent transitions queue instead of failing
    # half-way with "database is locked".
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username and address before the
# password is even checked, and counts each failure.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    # Argon2id at 19 MiB a hash (config/hashers.py): Django's 100 MiB would take an
    # app worker past its memory budget at each sign-in.
    "config.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# The zone shown to people who work only for organizations in Japan (accounts/time_zones.py).
JAPAN_TIME_ZONE = "Asia/Tokyo"
# Dates and numbers in one style per language (config/formats/): thousands
# grouped the reader's way (12.345 in Indonesian, 12,345 in English and
# Japanese). Ids, page numbers and form values in markup are written with
# |unlocalize, so that links and forms still carry plain digits.
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
# collectstatic gathers files for production; elsewhere WhiteNoise serves them
# straight from the app and project folders (also in tests, where DEBUG is off).
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Whole files or none: a full disk leaves no half-written file (lib.storage).
    "default": {"BACKEND": "lib.storage.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes each message
# (a trial run, the fault benchmark counting what was sent); no other backend reads it.
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Jembatan <no-reply@jembatan.invalid>")

# Background work: Celery on Redis when REDIS_URL is set, otherwise the same
# task code runs eagerly in-process (the embedded default).
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# The worker logs through LOGGING (JSON lines in production) instead of its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A task is acknowledged when it has finished, not when a worker takes it: a
# worker killed mid-task (SIGKILL, OOM, a lost machine) leaves its message
# unacknowledged and Redis hands it to another worker. Every task is written to
# finish exactly once when run again (spreadsheets.tasks, protection.tasks).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per worker process: a prefetched message sits unstarted
# behind a long import, and a killed worker would take it down with it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long Redis waits for an acknowledgement before it hands the message to
# another worker. Shorter than IMPORT_JOB_STALLED_AFTER_MINUTES, so a killed worker's import is
# taken up again before the sweep closes it as interrupted. A task that runs
# longer is delivered again while it runs, and that delivery leaves it to its
# worker (lib.worker_claim, row locks): it costs a worker a moment.
CELERY_TASK_REDELIVER_AFTER_SECONDS = env_int("CELERY_TASK_REDELIVER_AFTER_SECONDS", default=5 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_REDELIVER_AFTER_SECONDS}
# A task delivered again this many times (its worker died each time) is logged and dropped (config/celery.py).
CELERY_TASK_MAX_REDELIVERIES = env_int("CELERY_TASK_MAX_REDELIVERIES", default=3)

# The cache holds what may be lost or be a little late: short-lived counters (protection.throttle:
# attempts on the anonymous grievance pages, under a keyed hash of the address, gone when their window
# ends) and the home's nationwide counts. With REDIS_URL they live in Redis and every process shares
# them, so the limits hold across processes; without it, in the memory of the one process of the
# embedded mode.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment browsers keep for months; the operator opts
        # in with SECURE_HSTS_PRELOAD=true, so its absence is not a warning.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Load balancers probe over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# --- signing in: lockout, second factor, headers ------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords (or second-factor codes) for one
# username from one address, that pair is locked for LOGIN_COOLOFF_MINUTES;
# a ministry administrator unlocks it sooner (admin "Access attempts", or
# `manage.py unlock_login USERNAME`). Counting the pair, not the username
# alone, keeps someone elsewhere from locking a colleague out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", default=15)
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Jembatan's own admin pages for the attempts (accounts.security_admin), audited like every other.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Behind a load balancer every request comes from its address: the number of
# proxies in front that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
LOGIN_PROXY_COUNT = env_int("LOGIN_PROXY_COUNT", default=0)

# TOTP (authenticator app) second factor. Ministry administrators must use one
# in production; the embedded demo's printed logins work without.
REQUIRE_2FA_FOR_MINISTRY_ADMINS = env_bool("JEMBATAN_REQUIRE_2FA_FOR_MINISTRY_ADMINS", default=PRODUCTION)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Jembatan")
# How long a password that passed waits for its second-factor code.
LOGIN_CODE_TIMEOUT_SECONDS = 5 * 60

# No script or style from anywhere but the app itself, and none inline: the
# pages' behaviour lives in static files (htmx and the app's own).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features no page of Jembatan uses; a file input still opens the phone's camera app.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), fullscreen=(self)"
)

# One JSON object a line in production (journald and log shippers read fields,
# not prose), readable text elsewhere; each line carries its request's id.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=env_str("LOG_LEVEL", "INFO"))

# Lists are paginated by keyset ("seek") so page 5,000 costs what page 1 costs.
PARTICIPANT_PAGE_SIZE = env_int("PARTICIPANT_PAGE_SIZE", default=50)
# Load tests only (make bench-web): mounts Django admin's stock participant
# list at /bench-admin/ as the baseline the app's own list is measured against.
BENCH_ADMIN_BASELINE = env_bool("JEMBATAN_BENCH_ADMIN_BASELINE", default=False)

# --- participant documents (uploads) -----------------------------------------
# 8 MB: a cheap phone's camera in its default mode saves a page as a 3–6 MB
# JPEG and a phone scanner app a few pages of PDF in less, so 8 MB takes a
# photo as it comes off the phone without asking people to shrink it first;
# a full-resolution 50 MP shot goes beyond and the refusal says how big the
# file was. Larger limits mostly buy slow uploads over mobile data. The proxy
# in front (client_max_body_size or similar) must allow at least this much.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", default=8 * 1024 * 1024)

# --- spreadsheet import (spreadsheets app) ---
# Uploaded files stay in private storage: never under MEDIA_ROOT, never served.
# A 100,000-row participant XLSX is about 6 MB packed and 60 MB unpacked; the
# unpacked limit is what stops a "zip bomb" before anything decompresses it.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", default=30_000_000)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", default=300_000_000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", default=100_000)
# Columns an XLSX sheet may use (A to BH by default). calamine allocates every
# cell of the rectangle from A1 to the last value, filled or not, so this and
# IMPORT_MAX_ROWS bound the memory one upload can take (about 32 bytes a cell).
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", default=60)
if IMPORT_MAX_COLUMNS < 20:
    raise ImproperlyConfigured("IMPORT_MAX_COLUMNS must be at least 20: the import templates alone have 13 columns.")
# Files with more rows than this are validated and committed by a Celery worker
# (in-process when REDIS_URL is unset) while the page shows a progress bar.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", default=2_000)
IMPORT_FILES_DIR = Path(env_str("IMPORT_FILES_DIR", str(VAR_DIR / "private" / "imports")))

# Folder of pg_dump, pg_restore and psql for `manage.py backup` and `restore`. Empty: Debian's
# /usr/lib/postgresql/<the server's major version>/bin, then the PATH; the tools must match the server.
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR", "")
# An open import (checked but never confirmed, or its worker gone) blocks the
# organization's next one; after this many hours without a change, the sweep
# (and the organization's next upload) closes it.
IMPORT_JOB_EXPIRES_AFTER_HOURS = env_int("IMPORT_JOB_EXPIRES_AFTER_HOURS", default=24)
if IMPORT_JOB_EXPIRES_AFTER_HOURS < 1:
    raise ImproperlyConfigured(
        "IMPORT_JOB_EXPIRES_AFTER_HOURS must be at least 1: an open import needs time to be confirmed."
    )
# A job checking or writing rows whose progress has not moved for this many
# minutes counts as interrupted (its worker or web process ended mid-way): its
# user or the ministry may cancel it, and the sweep closes it as failed. A
# worker moves the progress every couple of thousand rows, a few times a second.
IMPORT_JOB_STALLED_AFTER_MINUTES = env_int("IMPORT_JOB_STALLED_AFTER_MINUTES", default=10)
if IMPORT_JOB_STALLED_AFTER_MINUTES < 1:
    raise ImproperlyConfigured("IMPORT_JOB_STALLED_AFTER_MINUTES must be at least 1.")
# How often Celery beat runs the sweep (``manage.py sweep_imports`` does the
# same from cron where there is no beat): interrupted and expired jobs closed,
# undo data past IMPORT_UNDO_DAYS deleted.
IMPORT_SWEEP_EVERY_MINUTES = env_int("IMPORT_SWEEP_EVERY_MINUTES", default=5)
if IMPORT_SWEEP_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("IMPORT_SWEEP_EVERY_MINUTES must be at least 1.")
# Days during which a participant import can be undone; the values it replaced
# are kept that long (as personal data, under the record's access rules), then deleted.
IMPORT_UNDO_DAYS = env_int("IMPORT_UNDO_DAYS", default=7)
if IMPORT_UNDO_DAYS < 0:
    raise ImproperlyConfigured("IMPORT_UNDO_DAYS must be 0 (no undo) or more.")
# Checks of NIKs that belong to a participant the organization may not change
# (through an import or the registration form) tell that the NIK is taken.
# Each is audit-logged; past this many in 24 hours an organization's imports
# and registrations are refused until older checks drop out of the window.
NIK_OUT_OF_SCOPE_CHECKS_PER_DAY = env_int("NIK_OUT_OF_SCOPE_CHECKS_PER_DAY", default=20)
if NIK_OUT_OF_SCOPE_CHECKS_PER_DAY < 1:
    raise ImproperlyConfigured("NIK_OUT_OF_SCOPE_CHECKS_PER_DAY must be at least 1.")

# How often Celery beat runs the deadline sweep (``manage.py sweep_deadlines``
# does the same from cron): notices for deadlines of the work in Japan that came
# within their warning window, then their e-mail. Days change at midnight in
# Tokyo and in Jakarta, two hours apart; hourly catches both soon enough.
DEADLINE_SWEEP_EVERY_MINUTES = env_int("DEADLINE_SWEEP_EVERY_MINUTES", default=60)
if DEADLINE_SWEEP_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("DEADLINE_SWEEP_EVERY_MINUTES must be at least 1.")

# Monthly check-ins (protection): on this day of each month, at 07:00 in
# TIME_ZONE, Celery beat opens the month's round and every worker in Japan is
# asked (``manage.py open_checkin_round`` does the same from cron). 1 to 28,
# so that every month has the day.
CHECKIN_DAY = env_int("CHECKIN_DAY", default=1)
if not 1 <= CHECKIN_DAY <= 28:
    raise ImproperlyConfigured("CHECKIN_DAY must be between 1 and 28: every month must have the day.")
# Days a round takes answers after it opens; the check-in waits on the worker's home until then.
CHECKIN_ANSWER_DAYS = env_int("CHECKIN_ANSWER_DAYS", default=14)
if not 1 <= CHECKIN_ANSWER_DAYS <= 27:
    raise ImproperlyConfigured("CHECKIN_ANSWER_DAYS must be between 1 and 27: a round closes before the next opens.")
# Disaster safety checks: the address in front of the e-mail's answer link
# (the worker opens it on their phone, outside any request of ours), and how
# many days that signed link answers without a login.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SAFETY_LINK_DAYS = env_int("SAFETY_LINK_DAYS", default=14)
if SAFETY_LINK_DAYS < 1:
    raise ImproperlyConfigured("SAFETY_LINK_DAYS must be at least 1.")
# How often Celery beat runs the protection clock sweep (``manage.py
# sweep_case_clocks`` does the same from cron): a case nobody acknowledged
# within 24 hours goes one level up the chain. A quarter of an hour late at
# most, on a clock of a day.
CASE_CLOCK_SWEEP_EVERY_MINUTES = env_int("CASE_CLOCK_SWEEP_EVERY_MINUTES", default=15)
if CASE_CLOCK_SWEEP_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("CASE_CLOCK_SWEEP_EVERY_MINUTES must be at least 1.")
# How often Celery beat writes the reminders of the data breach clock (``manage.py
# send_breach_reminders`` does the same from cron): the ministry's administrators
# hear of a breach when it is reported and at 24, 48, 60 and 72 hours of its
# 3 × 24-hour clock (UU PDP Pasal 46) until the people and the authority are told.
BREACH_REMINDER_SWEEP_EVERY_MINUTES = env_int("BREACH_REMINDER_SWEEP_EVERY_MINUTES", default=15)
if BREACH_REMINDER_SWEEP_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("BREACH_REMINDER_SWEEP_EVERY_MINUTES must be at least 1.")
# Cases on one page of the handlers' case list.
CASE_PAGE_SIZE = env_int("CASE_PAGE_SIZE", default=50)
if CASE_PAGE_SIZE < 1:
    raise ImproperlyConfigured("CASE_PAGE_SIZE must be at least 1.")
# Partners on one page of a scorecard list (reports): the companies may be thousands.
SCORECARD_PAGE_SIZE = env_int("SCORECARD_PAGE_SIZE", default=50)
if SCORECARD_PAGE_SIZE < 1:
    raise ImproperlyConfigured("SCORECARD_PAGE_SIZE must be at least 1.")

# How often Celery beat refreshes the reports' figures (``manage.py
# refresh_figures`` does the same from cron). A figure on a dashboard is at
# most this many minutes plus one refresh's duration old; every page says "as of".
REPORTS_REFRESH_MINUTES = env_int("REPORTS_REFRESH_MINUTES", default=30)
if REPORTS_REFRESH_MINUTES < 1:
    raise ImproperlyConfigured("REPORTS_REFRESH_MINUTES must be at least 1.")

# Webhooks (``webhooks`` app): status changes POSTed to the endpoints organizations register.
# Attempts per delivery before it is given up (the first one included); the waits between them
# are 1 min, 5 min, 30 min, 2 h, then 6 h each, with ±20 % jitter.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", default=6)
if WEBHOOK_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("WEBHOOK_MAX_ATTEMPTS must be at least 1.")
# Seconds one POST may take (connecting and answering) before it counts as failed.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", default=10)
if not 1 <= WEBHOOK_TIMEOUT_SECONDS <= 60:
    raise ImproperlyConfigured("WEBHOOK_TIMEOUT_SECONDS must be between 1 and 60.")
# How often Celery beat sends the deliveries whose next attempt is due (``manage.py
# deliver_due_webhooks`` does the same from cron): every retry goes through this sweep.
WEBHOOK_SWEEP_EVERY_MINUTES = env_int("WEBHOOK_SWEEP_EVERY_MINUTES", default=1)
if WEBHOOK_SWEEP_EVERY_MINUTES < 1:
    raise ImproperlyConfigured("WEBHOOK_SWEEP_EVERY_MINUTES must be at least 1.")
# The key every endpoint's signing secret is derived from (with the endpoint's own random salt),
# so that a copy of the database alone signs nothing. Changing it changes every endpoint's
# secret: rotate each endpoint's secret afterwards. Defaults to SECRET_KEY.
WEBHOOK_SECRET_KEY = env_str("WEBHOOK_SECRET_KEY", SECRET_KEY)
# Plain http:// to 127.0.0.1 or localhost, for a receiver on the same machine (tests, a
# developer's own receiver). Always allowed with DEBUG; production refuses it.
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", default=False)
if PRODUCTION and WEBHOOKS_ALLOW_HTTP:
    raise ImproperlyConfigured("WEBHOOKS_ALLOW_HTTP must be off in production: webhooks carry data over https only.")

# --- the REST API (api app) ----------------------------------------------------
# Partners' systems call /api/v1/ with a personal token (Authorization: Bearer),
# never with a session: no cookie, so no CSRF surface, and JSON only.
# API_PAGE_SIZE: records on one page of a list (a client may ask for fewer, or
# up to API_MAX_PAGE_SIZE, with ?page_size=). API_RATE_LIMIT: requests per token,
# "<number>/<second|minute|hour|day>", counted in the cache (shared with Redis).
API_PAGE_SIZE = env_int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", default=200)
if not 1 <= API_PAGE_SIZE <= API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured("API_PAGE_SIZE must be between 1 and API_MAX_PAGE_SIZE.")
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/minute")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured("API_RATE_LIMIT must read like 600/minute (second, minute, hour or day).")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jembatan API",
    "DESCRIPTION": (
        "Read and write the records of the Indonesia–Japan programme that your organization may see on "
        "the pages, with a personal token created on your account's API tokens page. Every list is "
        "cursor-paginated; every 4xx answer is an error object with a machine-readable code."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is public documentation: served without a token, to anyone.
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-spectacular's own enum hook, then the links from one operation's answer to the next call.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_links"],
    # One name per choice set (several models call theirs "status").
    "ENUM_NAME_OVERRIDES": {
        "ParticipantStatusEnum": "participants.models.Status",
        "TrainingRecordStatusEnum": "training.models.EnrolmentStatus",
        "JobOrderStatusEnum": "joborders.models.JobOrderStatus",
        "InterviewModeEnum": "joborders.models.InterviewMode",
        "InterviewStatusEnum": "placements.models.interviews.InterviewStatus",
        "PlacementStatusEnum": "placements.models.PlacementStatus",
        "GrievanceStatusEnum": "protection.models.Status",
    },
}

CELERY_BEAT_SCHEDULE = {
    "sweep-imports": {
        "task": "spreadsheets.tasks.sweep_imports",
        "schedule": IMPORT_SWEEP_EVERY_MINUTES * 60.0,
    },
    "sweep-deadlines": {
        "task": "placements.tasks.sweep_deadlines",
        "schedule": DEADLINE_SWEEP_EVERY_MINUTES * 60.0,
    },
    "open-checkin-round": {
        "task": "protection.tasks.open_checkin_round",
        "schedule": crontab(minute="0", hour="7", day_of_month=str(CHECKIN_DAY)),
    },
    "sweep-case-clocks": {
        "task": "protection.tasks.sweep_case_clocks",
        "schedule": CASE_CLOCK_SWEEP_EVERY_MINUTES * 60.0,
    },
    "breach-reminders": {
        "task": "breaches.tasks.send_breach_reminders",
        "schedule": BREACH_REMINDER_SWEEP_EVERY_MINUTES * 60.0,
    },
    "refresh-figures": {
        "task": "reports.tasks.refresh_figures_task",
        "schedule": REPORTS_REFRESH_MINUTES * 60.0,
    },
    # The ministry's monthly report of last month, on the 1st at 06:00 in TIME_ZONE (Asia/Jakarta by default).
    "monthly-report": {
        "task": "reports.tasks_monthly.make_last_months_report",
        "schedule": crontab(minute="0", hour="6", day_of_month="1"),
    },
    # The retention schedule (privacy.retention.SCHEDULE), nightly at 02:30 in TIME_ZONE.
    "apply-retention-schedule": {
        "task": "privacy.tasks.apply_retention_schedule",
        "schedule": crontab(minute="30", hour="2"),
    },
    "deliver-due-webhooks": {
        "task": "webhooks.tasks.deliver_due_webhooks",
        "schedule": WEBHOOK_SWEEP_EVERY_MINUTES * 60.0,
    },
}
