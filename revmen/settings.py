"""revmen settings: one file, every knob read from the environment.

Each variable is listed in `.env.example` and in docs/settings.md (a test keeps them honest).
The defaults are safe for development: SQLite, console e-mail, DEBUG on.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envrate(name: str, default: str) -> str:
    """A rate limit, ``count/period``: period ``s``, ``m``, ``h`` or ``d``, optionally with a
    multiplier (``1000/10m``)."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate like 60/m or 1000/10m, got {value!r}")
    return value


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envnetworks(name: str, default: str) -> list[str]:
    """Comma-separated IP networks (``10.0.0.0/8``, ``2001:db8::/32``, a bare address)."""
    networks = envlist(name, default)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {network!r} is not an IP network") from None
    return networks


DEBUG = envbool("DEBUG", "true")
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Every absolute link revmen hands out (culture links, link sheets, invitations, e-mails) starts
# with this; `make run` sets it from HOST, and production does not start without it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").strip()
if not re.match(r"^https?://[^/\s]+", SITE_URL):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the address people reach revmen at, e.g. "
        f"https://revmen.bpsdm.example.go.id (got {SITE_URL!r})"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # revmen.core before django_tasks_db: its `db_worker` (core/worker.py) replaces theirs.
    "revmen.core",
    "django_tasks",
    "django_tasks_db",
    "revmen.accounts",
    "revmen.training",
    "revmen.instruments",
    "revmen.culture",
    "revmen.service",
    "revmen.learning",
    "revmen.projects",
    "revmen.certificates",
    "revmen.grading",
    "revmen.followup",
    "revmen.api",
    "revmen.impact",
    "revmen.front",
    "ninja",  # its static files: Swagger UI for /api/docs/ (api)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/v1/: every error as problem+json, every call with a token in the audit trail
    "revmen.api.middleware.ApiMiddleware",
    "csp.middleware.CSPMiddleware",
    "revmen.core.middleware.PermissionsPolicyMiddleware",
    "revmen.core.middleware.AdminGateMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "revmen.core.middleware.LanguageMiddleware",
    # before anything reads the session or the URL's text: a NUL there is a 400, not a 500
    "revmen.core.storable.UnstorableInputMiddleware",
    "revmen.core.middleware.ErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "revmen.accounts.sessions.SessionExpiryMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "revmen.accounts.otp.OtpGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "revmen.core.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "revmen.urls"
WSGI_APPLICATION = "revmen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "revmen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "revmen.front.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not Django's shared in-memory database: the browser tests' live server
    # then has its own connection and waits for a lock (the timeout above) instead of failing
    # with "database table is locked" when it and the test thread write at the same moment.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"revmen-test-{os.getpid()}.sqlite3")
    }
else:
    # Django's own queries bind on the client and are never prepared; this lets the intake's one
    # statement, which binds on the server, be prepared once per connection (behind PgBouncer,
    # use 1.21 or newer with max_prepared_statements set).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = ["revmen.accounts.backends.NipOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Wherever a password is set (an invitation's link, a password change or reset, the admin,
# `createsuperuser` / `changepassword`): at least PASSWORD_MIN_LENGTH characters, not close to
# the person's NIP, name or e-mail, not a common password, not all digits, not a NIP however
# it is spaced (accounts/passwords.py).
PASSWORD_MIN_LENGTH = envint("PASSWORD_MIN_LENGTH", "10")
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "nip", "name", "email"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "revmen.accounts.passwords.NotANipValidator"},
]
# Two-step login (accounts/otp.py): anyone may switch it on from their profile; people with
# one of these roles (comma-separated RoleKind values, e.g. "platform_admin,organiser") must,
# and are sent to set it up after logging in. The issuer is the name the authenticator app
# shows next to the code.
OTP_REQUIRED_ROLES = envlist("OTP_REQUIRED_ROLES", "")
_ROLE_KINDS = {"platform_admin", "organiser", "agency_admin", "culture_admin", "head_of_unit"}
if set(OTP_REQUIRED_ROLES) - _ROLE_KINDS:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES: unknown roles {sorted(set(OTP_REQUIRED_ROLES) - _ROLE_KINDS)}; "
        f"choose from {sorted(_ROLE_KINDS)}"
    )
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "revmen").strip() or "revmen"
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", str(14 * 24 * 3600))

# Rate limits (core/ratelimits.py; docs/settings.md "Rate limits"). Nothing is limited per
# address alone except failures: a whole office answers and logs in from behind one address.
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "true")
# Failed logins per account (accounts/throttle.py): the first LOGIN_FREE_FAILURES are free,
# then each miss doubles the wait (1 s, 2 s, 4 s …, at most LOGIN_MAX_DELAY seconds); misses are
# forgotten LOGIN_FAILURE_MEMORY seconds after the last one. The owner's own browser (device
# cookie) is counted apart, so nobody can lock a colleague out. Per address, a budget sized for
# an office of hundreds at 08:00.
LOGIN_FREE_FAILURES = envint("LOGIN_FREE_FAILURES", "5")
LOGIN_MAX_DELAY = envint("LOGIN_MAX_DELAY", "900")
LOGIN_FAILURE_MEMORY = envint("LOGIN_FAILURE_MEMORY", str(24 * 3600))
LOGIN_ADDRESS_RATE_LIMIT = envrate("LOGIN_ADDRESS_RATE_LIMIT", "1000/10m")
# Answer sheets a public link hands out, and posts to one answer sheet (token).
OPEN_LINK_RATE_LIMIT = envrate("OPEN_LINK_RATE_LIMIT", "1000/m")
ANSWER_SHEET_RATE_LIMIT = envrate("ANSWER_SHEET_RATE_LIMIT", "60/m")
# Failed attempts per address: unknown links, unknown or used tokens, invalid choices on the
# answer pages; and on the intake API (unknown or used tokens, invalid sheets).
ANSWER_FAILURE_RATE_LIMIT = envrate("ANSWER_FAILURE_RATE_LIMIT", "60/m")
INTAKE_FAILURE_RATE_LIMIT = envrate("INTAKE_FAILURE_RATE_LIMIT", "60/m")
# Attendance check-ins per signed-in person (guessing a session's code).
CHECKIN_RATE_LIMIT = envrate("CHECKIN_RATE_LIMIT", "20/m")
# Calls per API token (api/auth.py); over it: 429 problem+json with Retry-After.
API_TOKEN_RATE_LIMIT = envrate("API_TOKEN_RATE_LIMIT", "600/m")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "revmen_cache",
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "revmen" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["revmen.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "revmen" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Spreadsheet imports (core/spreadsheets.py): checked on upload, before the file is stored,
# and by the import commands; a job page lists the first IMPORT_ERRORS_SHOWN problems.
IMPORT_MAX_MB = envint("IMPORT_MAX_MB", "10")
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "50000")
IMPORT_ERRORS_SHOWN = envint("IMPORT_ERRORS_SHOWN", "200")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "revmen <noreply@revmen.local>")
# The e-mail outbox (core/outbox.py): tries per message, and the wait after the first failure
# (doubling after each further one, at most a day).
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", "5")
OUTBOX_RETRY_SECONDS = envint("OUTBOX_RETRY_SECONDS", "60")
# How often the worker looks for periodic jobs that are due (core/periodic.py).
PERIODIC_TICK_SECONDS = envint("PERIODIC_TICK_SECONDS", "30")
# Finished background-task rows are deleted after this many days (a daily periodic job).
TASK_RESULTS_KEEP_DAYS = envint("TASK_RESULTS_KEEP_DAYS", "7")
# Retention (core/retention.py, instruments/retention.py; docs/privacy.md "Retention"): days
# after an administration closed for its drafts, and for its unused tokens (and an anonymous
# one's invitations); days after finishing for jobs and their files; days after sending (or
# reading) for e-mails and notices. The audit trail is never pruned.
RETENTION_DRAFT_DAYS = envint("RETENTION_DRAFT_DAYS", "30")
RETENTION_TOKEN_DAYS = envint("RETENTION_TOKEN_DAYS", "30")
RETENTION_TASK_DAYS = envint("RETENTION_TASK_DAYS", "30")
RETENTION_OUTBOX_DAYS = envint("RETENTION_OUTBOX_DAYS", "90")

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A login lasts at most SESSION_COOKIE_AGE seconds from the moment of logging in (a working
# day), and ends earlier after SESSION_IDLE_TIMEOUT seconds without a request (0: never idle
# out) -- accounts/sessions.py, which also makes the limit absolute: the cookie's age alone
# would restart whenever the session is written.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", str(2 * 3600))
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
if envbool("BEHIND_HTTPS_PROXY", "false"):
    # The reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from this site,
# no inline scripts or style attributes, no plugins, no framing, forms post only here. The
# vendored htmx is told not to inject its own <style> (base.html's htmx-config meta).
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
    }
}
# Browser features no page of revmen uses, switched off for every page (core/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "interest-cohort=()"
)
# Where Django's admin is served ("" routes no admin at all), and the networks allowed to
# reach it (comma-separated, e.g. "10.0.0.0/8,192.168.1.0/24"; empty: any). Others get 404.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/ ")
ADMIN_PATH = f"{ADMIN_PATH}/" if ADMIN_PATH else ""
ADMIN_NETWORKS = envnetworks("ADMIN_NETWORKS", "")

# Every handler drops tokens from request paths (revmen.core.logs, docs/privacy.md): Django's
# request warnings and runserver's access lines go through the same filtered handlers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "revmen.core.logs.RedactTokens"}},
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# django-ratelimit accepts the database cache; it only warns about non-shared caches.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Certificates (certificates/signing.py; docs/certificates.md). The Ed25519 key that signs the
# QR codes' payloads lives in a PEM file outside the database (`revmen certificates keygen`).
# In development (DEBUG on) without a configured key, one is created under var/ on first use;
# with DEBUG off nothing is signed until CERTIFICATE_SIGNING_KEY names a key file.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "").strip()
CERTIFICATE_DEV_KEY = (
    str(BASE_DIR / "var" / "dev-certificate-signing.pem")
    if DEBUG and not CERTIFICATE_SIGNING_KEY
    else ""
)
# Public keys (PEM files, comma-separated) of retired signing keys: the certificates they
# signed stay verifiable after a rotation.
CERTIFICATE_PUBLIC_KEYS = envlist("CERTIFICATE_PUBLIC_KEYS", "")
# How numbers look unless an institute or programme says otherwise: placeholders {institute},
# {programme}, {batch}, {year}, {month}, {kind} and {seq} (with a format, e.g. {seq:04d}).
CERTIFICATE_NUMBER_PATTERN = os.environ.get(
    "CERTIFICATE_NUMBER_PATTERN", "{institute}/{programme}/{year}/{seq:04d}"
).strip()
# Externally signed PDFs an organiser uploads, at most this many megabytes.
CERTIFICATE_UPLOAD_MAX_MB = envint("CERTIFICATE_UPLOAD_MAX_MB", "10")
# Public verification page views per address (generous: a whole office scans behind one NAT).
CERTIFICATE_VERIFY_RATE_LIMIT = envrate("CERTIFICATE_VERIFY_RATE_LIMIT", "600/m")
# --- projects (change projects) ---
# How long a mentor's signed e-mail link (approve a plan, confirm a milestone) stays valid.
PROJECTS_LINK_DAYS = envint("PROJECTS_LINK_DAYS", "14")
# The largest evidence file or plan document accepted.
PROJECTS_UPLOAD_MAX_MB = envint("PROJECTS_UPLOAD_MAX_MB", "10")
# Reminders this many days before a milestone's date; escalation to the mentor this many days
# after it when nothing was reported; a milestone unconfirmed this long after its date is missed.
PROJECTS_REMIND_DAYS = envint("PROJECTS_REMIND_DAYS", "7")
PROJECTS_ESCALATE_DAYS = envint("PROJECTS_ESCALATE_DAYS", "14")
PROJECTS_GRACE_DAYS = envint("PROJECTS_GRACE_DAYS", "30")
# Affective learning (revmen.learning): the largest material file a facilitator may upload.
LEARNING_MATERIAL_MAX_MB = envint("LEARNING_MATERIAL_MAX_MB", "20")
# --- service (public SKM surveys, complaints) ---
# SKM answers stored per period by the open link or QR (a whole counter's crowd stays far
# below), per paired kiosk, and complaints received per service unit.
SKM_ANSWER_RATE_LIMIT = envrate("SKM_ANSWER_RATE_LIMIT", "1000/m")
KIOSK_ANSWER_RATE_LIMIT = envrate("KIOSK_ANSWER_RATE_LIMIT", "30/m")
COMPLAINT_RATE_LIMIT = envrate("COMPLAINT_RATE_LIMIT", "30/m")
