"""One settings module, read from the environment.

SQLite by default so that `make demo` runs anywhere; set DATABASE_URL for PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JOBFACTORY_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Reference data fetched at build time (`make install`), not a runtime directory.
REFERENTIALS_DIR = Path(os.environ.get("JOBFACTORY_REFERENTIALS_DIR", BASE_DIR / "var" / "referentials"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DJANGO_DEBUG", False)
# Production (docs/deployment.md): HTTPS behind a reverse proxy, secure cookies, HSTS, a real key.
PRODUCTION = _env_bool("JOBFACTORY_PRODUCTION", False)
# A development key only: production must set DJANGO_SECRET_KEY (checked below).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
# Keys the pseudonyms of exported people (reporting/pseudonyms.py): set apart from SECRET_KEY in
# production, so that rotating one does not change the other.
JOBFACTORY_PSEUDONYM_SALT = os.environ.get("JOBFACTORY_PSEUDONYM_SALT", "")
# Django's own test of a strong key (security.W009): 50 characters at least, 5 different ones.
if PRODUCTION and (SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise RuntimeError("DJANGO_SECRET_KEY must be set in production, 50 random characters at least")
if PRODUCTION and DEBUG:
    raise RuntimeError("DJANGO_DEBUG must be off in production")
ALLOWED_HOSTS = [
    host for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host
]

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
    "axes",
    "csp",
    "jobfactory.security",
    "jobfactory.territories",
    "jobfactory.people",
    "jobfactory.staffing",
    "jobfactory.audit",
    "jobfactory.reporting",
    "jobfactory.referentials",
    "jobfactory.establishments",
    "jobfactory.activities",
    "jobfactory.finance",
    "jobfactory.demo",
    "jobfactory.api",
    "jobfactory.privacy",
    "jobfactory.maintenance",
    # django-ninja's templates and static files: the API docs' Swagger UI served offline, no CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jobfactory.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobfactory.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jobfactory" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "jobfactory.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'jobfactory.sqlite3'}", conn_max_age=60
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# The interface is French; English identifiers stay in the code.
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "jobfactory" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "jobfactory" / "static",
    # Installed by `npm ci` (package.json): the charts' library, never copied into the repository.
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
# A working day at most, counted from the login: not renewed by each request
# (SESSION_SAVE_EVERY_REQUEST off), so that a forgotten open session does not live on.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind the reverse proxy (nginx, docs/deployment.md), which must overwrite these headers itself:
# trusting them when the app server is reachable directly would let a client forge them.
BEHIND_PROXY = _env_bool("JOBFACTORY_BEHIND_PROXY", PRODUCTION)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # One year, subdomains included: the application is meant for a host of its own.
    SECURE_HSTS_SECONDS = int(os.environ.get("JOBFACTORY_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading binds the parent domain and all its hosts in browsers for months, hard to undo: the
    # owner of the domain decides (JOBFACTORY_HSTS_PRELOAD=1), so the check asking for it is silenced.
    SECURE_HSTS_PRELOAD = _env_bool("JOBFACTORY_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The second factor (jobfactory/security): TOTP for the roles that open personal files and for
# administrators. Off only for tests that log in without it, or a deliberate local setup.
JOBFACTORY_REQUIRE_TOTP = _env_bool("JOBFACTORY_REQUIRE_TOTP", True)
OTP_TOTP_ISSUER = "jobfactory"
# The admin must never show another user's TOTP secret (nor crash on a missing device): django-otp
# then refuses its device configuration and QR code views.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes; locking by username alone would let anyone lock a colleague out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jobfactory.security.lockout.locked_out"
# Axes' log lines would carry the username and the address: logs carry no personal data.
AXES_CLIENT_STR_CALLABLE = "jobfactory.security.lockout.client_str"
if BEHIND_PROXY:
    # The client's address as the proxy saw it: otherwise every attempt would come from the proxy.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")

# Content security policy (django-csp): our own files only, no inline script nor style attribute;
# the charts' data travel in json_script blocks, which are data, not code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Retention of personal files (jobfactory/privacy, `apply_retention`): a volunteer never hired who
# left the list is anonymised this many years after the last event, an employee this many years
# after leaving (the register of personnel's five years), each after a notice and a grace period.
JOBFACTORY_RETENTION_YEARS_NOT_HIRED = int(os.environ.get("JOBFACTORY_RETENTION_YEARS_NOT_HIRED", "2"))
JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE = int(
    os.environ.get("JOBFACTORY_RETENTION_YEARS_AFTER_DEPARTURE", "5"))
JOBFACTORY_RETENTION_GRACE_DAYS = int(os.environ.get("JOBFACTORY_RETENTION_GRACE_DAYS", "30"))

# Uploaded CSV files stay in memory up to this size; larger imports are refused by the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
