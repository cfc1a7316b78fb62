"""Cocreate's one settings module, driven by environment variables.

The defaults give a working development site on SQLite under ``var/``. Production is ``DEBUG=false`` with
``SECRET_KEY`` and ``ALLOWED_HOSTS`` set (the site refuses to start without them); everything else is switched on by
variables, never by a second settings file. ``docs/deploy.md`` lists every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COCREATE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("COCREATE_TESTING", False)
DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-never-use-in-production-0123456789abcdef")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production mode (DEBUG=false) needs SECRET_KEY: 50 or more random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production mode (DEBUG=false) needs ALLOWED_HOSTS: the site's host names.")

SITE_NAME = os.environ.get("COCREATE_SITE_NAME", "Cocreate")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "ninja",
    "cocreate.core",
    "cocreate.accounts",
    "cocreate.organisations",
    "cocreate.activity",
    "cocreate.challenges",
    "cocreate.engagement",
    "cocreate.problems",
    "cocreate.moderation",
    "cocreate.ideas",
    "cocreate.wikisurveys",
    "cocreate.opinionmaps",
    "cocreate.designs",
    "cocreate.decisions",
    "cocreate.delivery",
    "cocreate.adoption",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cocreate.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cocreate.core.middleware.UnreadableCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cocreate.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cocreate.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cocreate.core.middleware.PlatformErrorPagesMiddleware",
    "cocreate.core.middleware.DomainErrorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that its refusals carry every header the others add; it still runs before any view and before the
    # CSRF check reads the form.
    "cocreate.core.middleware.RequestInputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocreate.core.context_processors.site",
                "cocreate.core.context_processors.staff_tools",
                "cocreate.organisations.context_processors.host_and_viewer",
                "cocreate.engagement.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (postgres://user@host:5432/name in production).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cocreate.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (rate-limit counters, shared pages and fragments): Redis when REDIS_URL is set, else the
# database, so that several processes on one machine share counters without another server.
# When Redis is down or hung the site goes on without it (see cocreate/core/cache.py): each command waits at most
# REDIS_TIMEOUT seconds, and after a failure Redis is left alone for REDIS_RETRY_AFTER seconds.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cocreate.core.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "retry_after": float(os.environ.get("REDIS_RETRY_AFTER", "10")),
            },
        }
    }
    # Sessions are read from Redis and written to both: one database query fewer on every signed-in request. While
    # Redis does not answer they are read from the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cocreate_cache"}}

# Background work: Django's tasks framework with the database-backed queue; run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": ("django.tasks.backends.dummy.DummyBackend" if TESTING else "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "cocreate.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "cocreate.accounts.signin_forms.SignInForm",
    "signup": "cocreate.accounts.signin_forms.CreateAccountForm",
}
# Confirming the address in the browser that signed up signs the person in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "cocreate.accounts.adapter.AccountAdapter"
# allauth's default rate limits (sign-ups, resets, confirmations, second-factor codes) stay on, except in benchmarks,
# and count the address that COCREATE_PROXY_COUNT gives (the adapter's get_client_ip). Failed passwords are counted by
# cocreate/accounts/signin.py instead: a growing delay per account and a limit per client address.
if env_bool("COCREATE_RATE_LIMITS_OFF", False):
    ACCOUNT_RATE_LIMITS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# The city's own identity provider, by OpenID Connect, when OIDC_SERVER_URL is set.
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "city"),
                "name": os.environ.get("OIDC_PROVIDER_NAME", "City account"),
                "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
            }
        ],
    }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

# E-mail: printed on the console in development; SMTP in production (EMAIL_HOST, by default a local mail server).
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "cocreate.core.mail.SMTPEmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587" if os.environ.get("EMAIL_HOST") else "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
                # A mail server that does not answer holds up whatever is sending (a sign-up, a worker) this long.
                "timeout": float(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "cocreate.core.mail.ConsoleEmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cocreate <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise; uploaded media through Django's storage API: local files under
# var/media by default, an S3-compatible object store when MEDIA_S3_BUCKET is set.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Maps: the tile server (OpenStreetMap's by default, with its attribution) and an optional geocoder for address search.
COCREATE_MAP_TILES = os.environ.get("COCREATE_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
COCREATE_MAP_ATTRIBUTION = os.environ.get(
    "COCREATE_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
COCREATE_MAP_CENTER = [float(v) for v in os.environ.get("COCREATE_MAP_CENTER", "52.52,13.405").split(",")]
COCREATE_GEOCODER_URL = os.environ.get("COCREATE_GEOCODER_URL", "")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Security. The Content-Security-Policy allows only this site's own scripts and styles, and images from the site and
# its map tile server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *filter(None, [_origin(COCREATE_MAP_TILES)])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF, *filter(None, [_origin(COCREATE_GEOCODER_URL)])],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Browser features no page uses are denied to every page and frame; geolocation is allowed to the site itself, for
# a "near me" on the map of problems. An empty list denies a feature to everyone.
COCREATE_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Cocreate's own settings.
COCREATE_SECOND_FACTOR_REQUIRED = env_bool("COCREATE_SECOND_FACTOR_REQUIRED", True)
COCREATE_SIGNUP_OPEN = env_bool("COCREATE_SIGNUP_OPEN", True)
# The version of the terms of use (templates/core/legal/terms.html) that sign-up asks people to accept; stored with
# the date of acceptance on each account. Change it when the terms change.
COCREATE_TERMS_VERSION = os.environ.get("COCREATE_TERMS_VERSION", "2026-01")
# Under DEBUG, a missing page or an error shows the platform's own pages; true shows Django's debug pages instead
# (the list of addresses, the traceback).
COCREATE_DEBUG_ERROR_PAGES = env_bool("COCREATE_DEBUG_ERROR_PAGES", False)
# The address of the site as people reach it, for links in e-mails.
COCREATE_BASE_URL = os.environ.get("COCREATE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
COCREATE_RATE_LIMITS_OFF = env_bool("COCREATE_RATE_LIMITS_OFF", False)
# Seconds each process keeps the host organisation shown in the page frame (0: ask the database on every page).
COCREATE_HOST_ORGANISATION_CACHE_SECONDS = int(
    os.environ.get("COCREATE_HOST_ORGANISATION_CACHE_SECONDS", "0" if TESTING else "30")
)
# Seconds the counts in the staff strip (problems to triage, flags to review...) are kept per person.
COCREATE_STAFF_TOOL_COUNTS_SECONDS = int(os.environ.get("COCREATE_STAFF_TOOL_COUNTS_SECONDS", "60"))
# Seconds a contribution's page is shared: with visitors, and between participants without a role (0: never).
# Changes to the contribution and to people's names show at once; others (an edited challenge) within this time.
COCREATE_PAGE_CACHE_SECONDS = int(os.environ.get("COCREATE_PAGE_CACHE_SECONDS", "0" if TESTING else "300"))
# Seconds a list of contributions is shared with visitors (0: never). Added, hidden and withdrawn contributions show
# at once; counts (supports, comments) within this time.
COCREATE_LIST_CACHE_SECONDS = int(os.environ.get("COCREATE_LIST_CACHE_SECONDS", "0" if TESTING else "15"))
COCREATE_PROXY_COUNT = int(os.environ.get("COCREATE_PROXY_COUNT", "0"))
COCREATE_PHOTO_MAX_BYTES = int(os.environ.get("COCREATE_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
COCREATE_PHOTOS_PER_PROBLEM = 5
COCREATE_SIMILAR_MAX = int(os.environ.get("COCREATE_SIMILAR_MAX", "20000"))
COCREATE_FIXED_CHECK_DAYS = int(os.environ.get("COCREATE_FIXED_CHECK_DAYS", "21"))
# Visitors may report a city-wide problem with an e-mail address instead of an account: the report stays unpublished
# until they follow the link e-mailed to them, and is deleted with the address when not confirmed within
# COCREATE_UNCONFIRMED_REPORT_DAYS. Cities that require an account switch it off.
COCREATE_REPORTS_WITHOUT_ACCOUNT = env_bool("COCREATE_REPORTS_WITHOUT_ACCOUNT", True)
COCREATE_UNCONFIRMED_REPORT_DAYS = int(os.environ.get("COCREATE_UNCONFIRMED_REPORT_DAYS", "7"))
# Opinion maps: a participant sees the map after this many votes; a map left stale this many seconds (its queued
# recomputation was lost) is queued again by the next vote.
COCREATE_OPINION_MAP_MIN_VOTES = int(os.environ.get("COCREATE_OPINION_MAP_MIN_VOTES", "7"))
COCREATE_OPINION_MAP_REQUEUE_SECONDS = int(os.environ.get("COCREATE_OPINION_MAP_REQUEUE_SECONDS", "600"))
COCREATE_FLAGS_TO_HIDE = int(os.environ.get("COCREATE_FLAGS_TO_HIDE", "3"))
