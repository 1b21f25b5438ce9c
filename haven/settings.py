"""Haven settings: one module, driven by the environment.

HAVEN_ENV chooses the posture:
- "development" (default) and "demo": local keys are generated under var/ on first use;
- "production": every secret must come from the environment, or Haven refuses to start.
See docs/deployment.md for every variable.
"""

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from haven.lib.env import env_bool, env_int, env_list, env_str
from haven.lib.local_keys import invalid_field_key_positions, load_or_create_local_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HAVEN_VAR_DIR", str(BASE_DIR / "var")))

HAVEN_ENV = env_str("HAVEN_ENV", "development")
if HAVEN_ENV not in {"development", "demo", "production"}:
    raise ImproperlyConfigured("HAVEN_ENV must be development, demo or production.")
PRODUCTION = HAVEN_ENV == "production"
DEMO_MODE = HAVEN_ENV == "demo"
DEBUG = env_bool("HAVEN_DEBUG", False) and not PRODUCTION
# Outside production, using something no app registered (an access-log event type, a capability)
# raises at once; in production the event is still written and the mistake logged.
HAVEN_STRICT_REGISTRIES = not PRODUCTION

# --- Secrets -------------------------------------------------------------------------------
# Field-encryption keys are deliberately separate from SECRET_KEY: rotating one must never
# force rotating the other, and a leaked SECRET_KEY must not expose case content.
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    HAVEN_FIELD_KEYS = env_list("HAVEN_FIELD_KEYS")
    HAVEN_BLIND_INDEX_KEY = env_str("HAVEN_BLIND_INDEX_KEY")
    missing = [
        name
        for name, value in [
            ("SECRET_KEY", SECRET_KEY),
            ("HAVEN_FIELD_KEYS", HAVEN_FIELD_KEYS),
            ("HAVEN_BLIND_INDEX_KEY", HAVEN_BLIND_INDEX_KEY),
        ]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "Haven will not start in production without these keys: " + ", ".join(missing)
        )
else:
    _local = load_or_create_local_keys(VAR_DIR / "local-keys.json")
    SECRET_KEY = env_str("SECRET_KEY") or _local["secret_key"]
    HAVEN_FIELD_KEYS = env_list("HAVEN_FIELD_KEYS") or _local["field_keys"]
    HAVEN_BLIND_INDEX_KEY = env_str("HAVEN_BLIND_INDEX_KEY") or _local["blind_index_key"]
# A malformed key would otherwise surface as an error at the first read of a case.
_invalid_field_keys = invalid_field_key_positions(HAVEN_FIELD_KEYS)
if _invalid_field_keys:
    raise ImproperlyConfigured(
        "HAVEN_FIELD_KEYS: key number "
        + ", ".join(str(position) for position in _invalid_field_keys)
        + " is not a Fernet key (32 url-safe base64-encoded bytes)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "haven.risk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "haven.sqlite3"),
        }
    }
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
CACHE_URL = env_str("HAVEN_REDIS_URL")
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
HAVEN_TASKS = env_str("HAVEN_TASKS", "database" if PRODUCTION else "immediate")
if HAVEN_TASKS not in {"database", "immediate"}:
    raise ImproperlyConfigured("HAVEN_TASKS must be database or immediate.")
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
SESSION_COOKIE_AGE = env_int("HAVEN_SESSION_MAX_AGE_HOURS", 10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle timeout: a session unused this long is ended (shared computers in offices and homes).
HAVEN_IDLE_TIMEOUT_MINUTES = env_int("HAVEN_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("HAVEN_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-haven-session"
    CSRF_COOKIE_NAME = "__Host-haven-csrf"
else:
    SESSION_COOKIE_NAME = "haven-session"
    CSRF_COOKIE_NAME = "haven-csrf"

OTP_TOTP_ISSUER = env_str("HAVEN_LANDLORD_NAME", "Haven")
OTP_WEBAUTHN_RP_ID = env_str("HAVEN_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = env_str("HAVEN_LANDLORD_NAME", "Haven")
# Passkeys are a second factor after the password, never a way to skip it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    # Browsers allow passkeys over plain http only on "localhost": the demo's passkeys work at
    # http://localhost:8000 (TOTP works at either address).
    "HAVEN_WEBAUTHN_ORIGINS",
    ["http://localhost:8000"],
)

AXES_FAILURE_LIMIT = env_int("HAVEN_LOCKOUT_FAILURES", 5)
# A locked account stays locked this long, unless an administrator unlocks it or a password reset
# lifts it sooner. Failure records (which hold the typed sign-in name: perhaps an unknown address,
# or a password typed into the wrong box) are deleted when their cool-off ends (axes does it on
# the next failure; `manage.py clear_expired_lockouts` nightly).
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("HAVEN_LOCKOUT_MINUTES", 60))
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
HAVEN_SIGN_IN_FAILURES_PER_ADDRESS = env_int("HAVEN_SIGN_IN_FAILURES_PER_ADDRESS", 30)

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
SECURE_SSL_REDIRECT = env_bool("HAVEN_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("HAVEN_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"
)

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
if not PRODUCTION:
    # whitenoise warns on every start while the folder is missing (before collectstatic).
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env_str("HAVEN_UPLOAD_DIR", str(VAR_DIR / "uploads")))

# --- Locale -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- E-mail ------------------------------------------------------------------------------------
# Production sends through SMTP; elsewhere messages are written to files under var/sent-emails so
# nothing leaves the machine. Tests swap in Django's in-memory outbox automatically.
if PRODUCTION or env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
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
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "haven@localhost")

# --- Haven's own configuration -----------------------------------------------------------------
HAVEN_LANDLORD_NAME = env_str("HAVEN_LANDLORD_NAME", "Haven Homes")
HAVEN_SERVICE_NAME = "Haven"
HAVEN_FIRST_CONTACT_WORKING_DAYS = env_int("HAVEN_FIRST_CONTACT_WORKING_DAYS", 1)
HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD = env_int("HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD", 3)
HAVEN_UPLOAD_MAX_MB = env_int("HAVEN_UPLOAD_MAX_MB", 10)
# Proxies (nginx) whose X-Real-IP header is believed for the access log's "from where".
HAVEN_TRUSTED_PROXIES = env_list("HAVEN_TRUSTED_PROXIES")
HAVEN_CASE_REFERENCE_PREFIX = env_str("HAVEN_CASE_REFERENCE_PREFIX", "DA")
# The public "Get help" site: where Exit this page goes (a neutral site that gives nothing away),
# and how many call-back requests one client address may send in an hour.
HAVEN_PUBLIC_EXIT_URL = env_str("HAVEN_PUBLIC_EXIT_URL", "https://www.bbc.co.uk/weather")
HAVEN_PUBLIC_CALL_BACKS_PER_HOUR = env_int("HAVEN_PUBLIC_CALL_BACKS_PER_HOUR", 5)
# Days after a referral with no answer from the service before the officer is asked to chase it.
HAVEN_REFERRAL_FOLLOW_UP_DAYS = env_int("HAVEN_REFERRAL_FOLLOW_UP_DAYS", 10)

# --- Logging: never case content; request bodies and query strings are not logged. -------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HAVEN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs typed sign-in names at WARNING: they may be a password typed in the wrong box.
        "axes": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "haven.core.views.csrf_failure"
