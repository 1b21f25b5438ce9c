"""Haven settings: one module, driven by the environment.

HAVEN_ENV chooses the posture:
- "production": every secret and address comes from the environment, and Haven refuses to start
  unless the configuration is safe (PostgreSQL, well-formed keys, https site address, hosts,
  origins, e-mail);
- "development" and "demo": local keys are generated under var/ on first use.
HAVEN_ENV may be left out only in a checkout prepared for development by `make setup` (ADR 0005).

Every value is read through one EnvReader, which collects problems instead of raising: at the
end, one ImproperlyConfigured lists every problem, one a line (manage.py and haven/wsgi.py print
it without a traceback). See docs/configuration.md for the rules, docs/deployment.md for every
variable.
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from haven.lib import env as rules
from haven.lib.env import EnvReader
from haven.lib.local_keys import load_or_create_local_keys

BASE_DIR = Path(__file__).resolve().parent.parent
env = EnvReader()
VAR_DIR = Path(env.text("HAVEN_VAR_DIR", str(BASE_DIR / "var")))

_environment_problem = rules.environment_problem(os.environ.get("HAVEN_ENV", "").strip(), BASE_DIR)
if _environment_problem:
    env.problem(_environment_problem)
    # Unknown: neither production's checks nor development's generated keys apply; start-up
    # stops below whatever else is found.
    HAVEN_ENV = "unset"
else:
    HAVEN_ENV = os.environ.get("HAVEN_ENV", "").strip() or "development"
PRODUCTION = HAVEN_ENV == "production"
DEMO_MODE = HAVEN_ENV == "demo"
LOCAL_MACHINE = HAVEN_ENV in {"development", "demo"}
DEBUG = env.switch("HAVEN_DEBUG", False) and LOCAL_MACHINE
# Outside production, using something no app registered (an access-log event type, a capability)
# raises at once; in production the event is still written and the mistake logged.
HAVEN_STRICT_REGISTRIES = not PRODUCTION

# --- Secrets -------------------------------------------------------------------------------
# Field-encryption keys are deliberately separate from SECRET_KEY: rotating one must never
# force rotating the other, and a leaked SECRET_KEY must not expose case content.
if LOCAL_MACHINE:
    _local = load_or_create_local_keys(VAR_DIR / "local-keys.json")
    SECRET_KEY = env.text("SECRET_KEY") or _local["secret_key"]
    HAVEN_FIELD_KEYS = env.items("HAVEN_FIELD_KEYS") or _local["field_keys"]
    HAVEN_BLIND_INDEX_KEY = env.text("HAVEN_BLIND_INDEX_KEY") or _local["blind_index_key"]
else:
    SECRET_KEY = env.text("SECRET_KEY")
    HAVEN_FIELD_KEYS = env.items("HAVEN_FIELD_KEYS")
    HAVEN_BLIND_INDEX_KEY = env.text("HAVEN_BLIND_INDEX_KEY")
if PRODUCTION:
    env.problems += rules.secret_key_problems(SECRET_KEY)
# A malformed key would otherwise surface as an error at the first read of a case.
env.problems += rules.field_key_problems(HAVEN_FIELD_KEYS, required=PRODUCTION)
if PRODUCTION:
    env.problems += rules.blind_index_key_problems(HAVEN_BLIND_INDEX_KEY)

# --- Where Haven is reached ---------------------------------------------------------------------
# The address staff use: links in e-mails are built from it (never from a request's Host header),
# and in production it is the default of the passkey and CSRF origins.
HAVEN_SITE_URL = env.text("HAVEN_SITE_URL", "" if PRODUCTION else "http://localhost:8000").rstrip(
    "/"
)
ALLOWED_HOSTS = env.items(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if LOCAL_MACHINE else []
)
_site_ok = False
if PRODUCTION:
    env.problems += rules.allowed_hosts_problems(ALLOWED_HOSTS)
    _site_problems = rules.site_url_problems(HAVEN_SITE_URL, ALLOWED_HOSTS)
    env.problems += _site_problems
    _site_ok = bool(HAVEN_SITE_URL) and not _site_problems
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", [HAVEN_SITE_URL] if _site_ok else [])
if PRODUCTION:
    env.problems += rules.csrf_origin_problems(CSRF_TRUSTED_ORIGINS)

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Haven's own TOTP and recovery-code devices (haven.accounts) replace django-otp's
    # otp_totp and otp_static plugins, which stored the secrets in the clear; the migration
    # accounts.0003 moved their devices across encrypted and dropped their tables.
    "django_otp",
    "django_otp_webauthn",
    "axes",
    "simple_history",
    "django_tasks_db",
    "haven.core",
    "haven.accounts",
    "haven.audit",
    "haven.cases",
    "haven.public",
    "haven.directory",
    "haven.support",
    "haven.risk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that resolves URLs: on the public host only the public pages exist.
    "haven.public.middleware.PublicHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Welsh for the public pages under /cy/ only (i18n_patterns without a prefix for English):
    # every other page is English whatever the browser asks for.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in person unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before Haven's session middlewares: they tell the user why they were sent elsewhere.
    "django.contrib.messages.middleware.MessageMiddleware",
    "haven.accounts.middleware.SessionSecurityMiddleware",
    "haven.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "haven.core.middleware.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that lockout responses pass through every header-setting middleware above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "haven" / "templates"],
        # A capability app may keep its own templates in haven/<app>/jinja2/<app>/ (ADR 0003);
        # Django's Jinja2 backend never reads apps' templates/ folders (Django templates).
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "haven.jinja2.environment",
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "haven.core.context_processors.haven",
            ],
        },
    },
    {
        # Third-party apps (django-otp-webauthn's script tags, form widgets) use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

# --- Database --------------------------------------------------------------------------------
DATABASE_URL = env.text("DATABASE_URL")
HAVEN_SQLITE_IN_PRODUCTION = env.switch("HAVEN_SQLITE_IN_PRODUCTION", False)
if PRODUCTION:
    env.problems += rules.database_problems(
        DATABASE_URL,
        sqlite_opt_in=HAVEN_SQLITE_IN_PRODUCTION,
        var_dir_set=env.is_set("HAVEN_VAR_DIR"),
        var_dir=VAR_DIR,
        checkout=BASE_DIR,
    )
_sqlite_database: dict[str, Any] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(VAR_DIR / "haven.sqlite3"),
}
DATABASES: dict[str, dict[str, Any]]
if DATABASE_URL:
    try:
        DATABASES = {"default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))}
    except ValueError as error:
        env.problem(f"DATABASE_URL cannot be read ({error}): e.g. postgres://user@host:5432/name.")
        DATABASES = {"default": _sqlite_database}
else:
    DATABASES = {"default": _sqlite_database}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make read-then-write (appending to the audit hash chain) safe
    # under concurrent writers; WAL lets readers carry on while one request writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits live in the cache, so it must be shared by every gunicorn worker and machine (a
# per-process memory cache would let each worker count alone): the database by default (its
# table is made by haven/core/migrations/0001_cache_table.py), Redis when configured.
CACHE_URL = env.text("HAVEN_REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "haven_cache"}
    )
}

# Background tasks (Django's tasks API): in production they are queued in the database and run
# by `manage.py db_worker`; elsewhere they run at once, inside the request, unless
# HAVEN_TASKS=database asks for the queue.
HAVEN_TASKS = env.choice(
    "HAVEN_TASKS", "immediate" if LOCAL_MACHINE else "database", ("database", "immediate")
)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if HAVEN_TASKS == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Accounts, sign-in and sessions ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Passwords as Django's ModelBackend; permissions from the roles table (accounts/permissions.py).
    "haven.accounts.permissions.RoleCapabilityBackend",
    "django_otp_webauthn.backends.WebAuthnBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache" if CACHE_URL else "django.contrib.sessions.backends.db"
)
# Absolute lifetime: a session ends this long after sign-in, however active it is.
SESSION_COOKIE_AGE = (
    env.number("HAVEN_SESSION_MAX_AGE_HOURS", 10, minimum=1, maximum=168, unit="hours") * 3600
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle timeout: a session unused this long is ended (shared computers in offices and homes).
HAVEN_IDLE_TIMEOUT_MINUTES = env.number(
    "HAVEN_IDLE_TIMEOUT_MINUTES", 30, minimum=1, maximum=1440, unit="minutes"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.switch("HAVEN_SECURE_COOKIES", not LOCAL_MACHINE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-haven-session"
    CSRF_COOKIE_NAME = "__Host-haven-csrf"
else:
    SESSION_COOKIE_NAME = "haven-session"
    CSRF_COOKIE_NAME = "haven-csrf"

OTP_TOTP_ISSUER = env.text("HAVEN_LANDLORD_NAME", "Haven")
# Passkeys are bound to the relying party (the host name staff use): in production it is the
# host of HAVEN_SITE_URL unless set. Browsers allow passkeys over plain http only on
# "localhost": the demo's passkeys work at http://localhost:8000 (TOTP works at either address).
OTP_WEBAUTHN_RP_ID = env.text(
    "HAVEN_WEBAUTHN_RP_ID", rules.site_host(HAVEN_SITE_URL) if PRODUCTION else "localhost"
)
OTP_WEBAUTHN_RP_NAME = env.text("HAVEN_LANDLORD_NAME", "Haven")
# Passkeys are a second factor after the password, never a way to skip it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.items(
    "HAVEN_WEBAUTHN_ORIGINS",
    ([HAVEN_SITE_URL] if _site_ok else []) if PRODUCTION else ["http://localhost:8000"],
)
if PRODUCTION:
    env.problems += rules.webauthn_problems(
        OTP_WEBAUTHN_RP_ID,
        OTP_WEBAUTHN_ALLOWED_ORIGINS,
        rules.site_host(HAVEN_SITE_URL) if _site_ok else "",
    )

AXES_FAILURE_LIMIT = env.number(
    "HAVEN_LOCKOUT_FAILURES", 5, minimum=1, maximum=100, unit="failures"
)
# A locked account stays locked this long, unless an administrator unlocks it or a password reset
# lifts it sooner. Failure records (which hold the typed sign-in name: perhaps an unknown address,
# or a password typed into the wrong box) are deleted when their cool-off ends (axes does it on
# the next failure; `manage.py clear_expired_lockouts` nightly).
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env.number("HAVEN_LOCKOUT_MINUTES", 60, minimum=1, maximum=10080, unit="minutes")
)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Nothing typed into the form is kept with a failure (haven/accounts/signals.py empties axes'
# stored GET and POST data; these names are masked in its logs as well), and axes' own log of
# successful sign-ins is off: Haven's access log records sign-ins.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "email", "password", "csrfmiddlewaretoken"]
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "haven.accounts.views.locked_out"
AXES_VERBOSE = False
# Lockout is per account: many staff share one office IP address, and locking by address would
# lock a whole office out because of one forgotten password.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Instead, a limit per client address across all accounts, high enough for a busy office's shared
# address: past it, signing in from that address pauses until the hour's failures age out.
HAVEN_SIGN_IN_FAILURES_PER_ADDRESS = env.number(
    "HAVEN_SIGN_IN_FAILURES_PER_ADDRESS", 30, minimum=1, maximum=100000, unit="failures"
)

# --- Security headers --------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.switch("HAVEN_SSL_REDIRECT", not LOCAL_MACHINE)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env.number(
    "HAVEN_HSTS_SECONDS",
    0 if LOCAL_MACHINE else 31536000,
    minimum=0,
    maximum=63072000,
    unit="seconds",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"
)

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves fingerprinted copies (haven.<hash>.css), which whitenoise lets browsers
    # cache for ten years: a new release has new names. Development and tests serve the files
    # as they are, so that no collectstatic is needed after every change.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env.text("HAVEN_UPLOAD_DIR", str(VAR_DIR / "uploads")))

# --- Locale -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The public "Get help" pages are also in Welsh (haven/public/locale/cy); staff pages are English.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- E-mail ------------------------------------------------------------------------------------
# Production sends through SMTP; elsewhere messages are written to files under var/sent-emails so
# nothing leaves the machine. Development sends through SMTP too when EMAIL_HOST is set; the demo
# never does, whatever the shell says: its people are invented and its passwords published.
# Tests swap in Django's in-memory outbox automatically.
# Django 6.1 refuses its old EMAIL_* settings beside MAILERS, hence the private names.
_email_host = env.text("EMAIL_HOST")
_email_port = env.number("EMAIL_PORT", 25, minimum=1, maximum=65535)
_email_use_tls = env.switch("EMAIL_USE_TLS", False)
if PRODUCTION:
    env.problems += rules.email_problems(_email_host, env.text("DEFAULT_FROM_EMAIL"))
if PRODUCTION or (_email_host and not DEMO_MODE):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host or "localhost",
                "port": _email_port,
                "username": env.text("EMAIL_HOST_USER"),
                "password": env.text("EMAIL_HOST_PASSWORD"),
                "use_tls": _email_use_tls,
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "sent-emails")},
        }
    }
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "haven@localhost")

# --- Haven's own configuration -----------------------------------------------------------------
HAVEN_LANDLORD_NAME = env.text("HAVEN_LANDLORD_NAME", "Haven Homes")
HAVEN_SERVICE_NAME = "Haven"
HAVEN_FIRST_CONTACT_WORKING_DAYS = env.number(
    "HAVEN_FIRST_CONTACT_WORKING_DAYS", 1, minimum=1, maximum=30, unit="working days"
)
HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD = env.number(
    "HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD", 3, minimum=1, maximum=50, unit="attempts"
)
HAVEN_UPLOAD_MAX_MB = env.number(
    "HAVEN_UPLOAD_MAX_MB", 10, minimum=1, maximum=500, unit="megabytes"
)
# Proxies (nginx) whose X-Real-IP header is believed for the access log's "from where".
HAVEN_TRUSTED_PROXIES = env.items("HAVEN_TRUSTED_PROXIES")
HAVEN_CASE_REFERENCE_PREFIX = env.text("HAVEN_CASE_REFERENCE_PREFIX", "DA")
# The public "Get help" site: the host name it is also served on, alone (e.g.
# gethelp.example-homes.org.uk; add it to ALLOWED_HOSTS too; empty: only at /get-help/ on Haven's
# own host), where Exit this page goes (a neutral site that gives nothing away), and how many
# call-back requests one client address may send in an hour.
HAVEN_PUBLIC_HOST = env.text("HAVEN_PUBLIC_HOST").lower()
HAVEN_PUBLIC_EXIT_URL = env.text("HAVEN_PUBLIC_EXIT_URL", "https://www.bbc.co.uk/weather")
HAVEN_PUBLIC_CALL_BACKS_PER_HOUR = env.number(
    "HAVEN_PUBLIC_CALL_BACKS_PER_HOUR", 5, minimum=1, maximum=1000, unit="requests"
)
# Days after a referral with no answer from the service before the officer is asked to chase it.
HAVEN_REFERRAL_FOLLOW_UP_DAYS = env.number(
    "HAVEN_REFERRAL_FOLLOW_UP_DAYS", 10, minimum=1, maximum=90, unit="days"
)
# Safety and housing support: hours within which a lock change must be done (the seed story's
# 24), and weeks between reviews of a survivor's action plan by risk level, with the interval
# used while no risk level is known (as often as for high risk: not knowing is not safe).
HAVEN_LOCK_CHANGE_HOURS = env.number(
    "HAVEN_LOCK_CHANGE_HOURS", 24, minimum=1, maximum=336, unit="hours"
)
HAVEN_REVIEW_WEEKS_HIGH = env.number(
    "HAVEN_REVIEW_WEEKS_HIGH", 2, minimum=1, maximum=52, unit="weeks"
)
HAVEN_REVIEW_WEEKS_MEDIUM = env.number(
    "HAVEN_REVIEW_WEEKS_MEDIUM", 4, minimum=1, maximum=52, unit="weeks"
)
HAVEN_REVIEW_WEEKS_STANDARD = env.number(
    "HAVEN_REVIEW_WEEKS_STANDARD", 8, minimum=1, maximum=52, unit="weeks"
)
HAVEN_REVIEW_WEEKS_UNKNOWN = env.number(
    "HAVEN_REVIEW_WEEKS_UNKNOWN", 2, minimum=1, maximum=52, unit="weeks"
)
# Working days ahead that "reviews due" and "actions due" look (0: only what is due today or late).
HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS = env.number(
    "HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS", 2, minimum=0, maximum=20, unit="working days"
)

HAVEN_LOG_LEVEL = env.choice(
    "HAVEN_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
# --- Logging: never case content; request bodies and query strings are not logged. -------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": HAVEN_LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs typed sign-in names at WARNING: they may be a password typed in the wrong box.
        "axes": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "haven.core.views.csrf_failure"

# --- Refuse to start on a configuration that is not safe ------------------------------------------
if env.problems:
    raise ImproperlyConfigured(
        "Haven will not start until these settings are put right (in the environment, e.g. "
        "/etc/haven/haven.env; see docs/configuration.md):\n"
        + "\n".join(f"- {problem}" for problem in env.problems)
    )
# Only a configuration that passed makes directories.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if not PRODUCTION:
    # whitenoise warns on every start while the folder is missing (before collectstatic).
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
