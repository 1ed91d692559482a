"""One settings module, read from the environment.

SQLite by default so that `make demo` runs anywhere; set DATABASE_URL for PostgreSQL.
"""

import os
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
# A development key only: production must set DJANGO_SECRET_KEY (checked below).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
# Keys the pseudonyms of exported people (reporting/pseudonyms.py): set apart from SECRET_KEY in
# production, so that rotating one does not change the other.
JOBFACTORY_PSEUDONYM_SALT = os.environ.get("JOBFACTORY_PSEUDONYM_SALT", "")
if not DEBUG and SECRET_KEY.startswith("dev-only") and _env_bool("JOBFACTORY_PRODUCTION", False):
    raise RuntimeError("DJANGO_SECRET_KEY must be set in production")
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
    # django-ninja's templates and static files: the API docs' Swagger UI served offline, no CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploaded CSV files stay in memory up to this size; larger imports are refused by the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
