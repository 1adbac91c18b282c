"""Settings shared by every environment.

Everything that differs between machines is read from the environment, with defaults that
are safe for a developer's machine (SQLite file, DEBUG off unless asked for, localhost only).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A development-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-dev-only-key-do-not-use-in-production-longbien"
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "units",
    "criteria",
    "evaluations",
    "commitments",
    "reports",
    "home",
]

MIDDLEWARE = [
    # First: every log line of the request, the other middleware's included, has its id.
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get the security headers too.
    "csp.middleware.CSPMiddleware",
    "core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "units.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionLimitsMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into core.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "longbien_eval.urls"
WSGI_APPLICATION = "longbien_eval.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A persistent connection is checked before each request reuses it (a restarted
        # PostgreSQL costs one reconnect, not one failed request).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Applied when a password is set through a form or validate_password(); stored hashes are
# never re-checked. core.passwords adds the district's words and the demo password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", 10))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "core.passwords.ForbiddenWordsValidator",
        "OPTIONS": {"words_from": "units.selectors.unit_names"},
    },
    {"NAME": "core.passwords.DemoPasswordValidator"},
]
# django-axes' backend first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.AccountBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Argon2id first (core.passwords.Argon2idHasher: OWASP's minimum or more); a hash of another
# kind (the PBKDF2 ones of before) is checked and re-hashed with Argon2id at the next login.
PASSWORD_HASHERS = [
    "core.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Vietnamese first; English as the second language. Source strings in the code are English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# I18N_LOCALE_DIR only serves scripts/i18n.py's check, which extracts into a scratch copy.
LOCALE_PATHS = [
    Path(os.environ.get("I18N_LOCALE_DIR", BASE_DIR / "locale")),
    BASE_DIR / "locale_thirdparty",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates as dd/mm/yyyy in both languages (the "formats" modules override Django's defaults).
FORMAT_MODULE_PATH = ["longbien_eval.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# The place written before the date on printed documents ("Long Biên, ngày … tháng … năm …").
DOCUMENT_PLACE = os.environ.get("DOCUMENT_PLACE", "Long Biên")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes (a test's worker, a trial).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "longbien-eval@localhost")

# Roster import: whole file validated first, then written in one transaction or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
ROSTER_IMPORT_MAX_BYTES = int(os.environ.get("ROSTER_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
# What a roster file may unpack to (units.roster.files, core.archive): checked on the
# archive's directory before reading, and again on the bytes really inflated.
ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
)
ROSTER_IMPORT_MAX_MEMBERS = int(os.environ.get("ROSTER_IMPORT_MAX_MEMBERS", 200))
ROSTER_IMPORT_MAX_RATIO = int(os.environ.get("ROSTER_IMPORT_MAX_RATIO", 100))
ROSTER_IMPORT_MAX_ROWS = int(os.environ.get("ROSTER_IMPORT_MAX_ROWS", 20_000))
ROSTER_IMPORT_MAX_COLUMNS = int(os.environ.get("ROSTER_IMPORT_MAX_COLUMNS", 50))
# Scans of commitments signed on paper (PDF, JPEG or PNG).
COMMITMENT_SCAN_MAX_BYTES = int(os.environ.get("COMMITMENT_SCAN_MAX_BYTES", 5 * 1024 * 1024))
# Pixels an image scan may decode to (decompression bombs): an A4 page at 600 dpi is 35 M.
COMMITMENT_SCAN_MAX_PIXELS = int(os.environ.get("COMMITMENT_SCAN_MAX_PIXELS", 50_000_000))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# With REDIS_URL (e.g. redis://127.0.0.1:6379/0) every process shares one Redis cache (sessions);
# without it each process keeps its own in memory, which is right for one process (make run)
# and wrong for several. The login lockout's counters are in the database either way.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lb",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
# Sessions read from the cache, written through to the database: a lost cache (Redis
# restarted) logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Work off the request path (core.tasks): the immediate backend runs a task where it is
# enqueued (development, tests: nothing more to start); "database" stores it for
# ``manage.py worker`` (production's default).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Exports and roster imports above these many rows run as a background job (core.jobs):
# the page then shows the job's progress and, when done, its download. Below, at once.
BACKGROUND_EXPORT_ROWS = int(os.environ.get("BACKGROUND_EXPORT_ROWS", 5_000))
BACKGROUND_IMPORT_ROWS = int(os.environ.get("BACKGROUND_IMPORT_ROWS", 1_000))
# A job's file is deleted this many days after the job ended (manage.py prune_jobs).
JOB_FILES_DAYS = int(os.environ.get("JOB_FILES_DAYS", 7))
# A job still running this long after its attempt started lost its worker (manage.py prune_jobs).
JOB_RUNNING_HOURS = int(os.environ.get("JOB_RUNNING_HOURS", 2))
# /healthz fails when no worker said it was alive for this long (the worker beats every
# WORKER_HEARTBEAT_SECONDS); 0: no worker expected (the immediate backend).
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", 30))
WORKER_HEARTBEAT_MAX_AGE = int(
    os.environ.get("WORKER_HEARTBEAT_MAX_AGE", 120 if TASKS_BACKEND == "database" else 0)
)

SESSION_COOKIE_HTTPONLY = True
# core.middleware.SessionLimitsMiddleware: logged out after this long without a request, and
# this long after logging in, whatever happens in between.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# Guessing passwords is stopped (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one login name, or from one address, less than AXES_COOLOFF_TIME (minutes) apart, that name
# or address is refused until the last failure is AXES_COOLOFF_TIME old. Password re-entry
# when signing counts too (core.passwords). Failures are kept (AccessAttempt, and each one in
# AccessFailureLog); administrators of the whole district unlock in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_TIME", 15)))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# Not reset by a successful login: resetting would also clear the address's counter, so one
# valid account could be used to keep guessing the others'.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no banner on every command; failures are recorded and logged anyway
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
# History pages show versions; a version is never saved back ("revert"): state changes go
# through the services (core.admin.SafeHistoryAdminMixin refuses the POST as well).
SIMPLE_HISTORY_REVERT_DISABLED = True
AXES_ENABLE_ADMIN = False  # units.admin registers axes' models for district administrators
# How many reverse proxies in front append to X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: the site's own files only, and
# no inline script or style (no 'unsafe-inline'): scripts live in static files and get their
# data from data-* attributes or json_script, styles are classes of the static CSS files.
# tests/test_csp.py walks the pages and fails on an inline script, style or on…= handler.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's icons are data: SVGs in its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Permissions-Policy (core.security_headers): browser features the site never uses, off.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# Logs go to stdout (systemd's journal keeps them). LOG_FORMAT=json: one JSON object a line
# with the request id (core.logs), for production; "text" for a developer's terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# What each role may do at all (auth groups kept in sync after migrate); the role's unit
# scope then limits where. Patterns are "app_label.codename" with shell wildcards.
ROLE_PERMISSIONS = {
    "administrator": [
        "units.*",
        "criteria.*",
        "evaluations.*",
        "commitments.*",
        "auth.view_user",
        # The audit log; units.audit_admin shows each administrator their scope's entries.
        "core.view_auditlog",
        # Sign-in lockouts; units.admin shows them to district administrators only.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        # The task queue (units.tasks_admin: district administrators only, read only).
        "django_tasks_database.view_dbtaskresult",
        # The background jobs (units.tasks_admin: the same, read only; files for owners only).
        "core.view_job",
    ],
    "office_clerk": ["units.view_unit", "units.view_person", "commitments.*"],
    "home_affairs": ["units.view_unit", "units.view_person", "criteria.view_*"],
    "organisation_board": ["units.view_unit", "units.view_person", "criteria.view_*"],
}
