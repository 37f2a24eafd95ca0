"""Settings shared by every environment. Environment-specific modules import * from here."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from lvzhi.config import env

BASE_DIR = env.PACKAGE_DIR
LVZHI_HOME = env.home()

DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("LVZHI_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "lvzhi.jobs",
    "lvzhi.core",
    "lvzhi.accounts",
    "lvzhi.org",
    "lvzhi.duty",
    "lvzhi.party",
    "lvzhi.rules",
    "lvzhi.rectify",
    "lvzhi.study",
    "lvzhi.consult",
    "lvzhi.proposals",
    "lvzhi.opinions",
    "lvzhi.service",
    "lvzhi.liaison",
    "lvzhi.meetings",
    "lvzhi.reports",
    "lvzhi.portal",
    "lvzhi.setup",
]

MIDDLEWARE = [
    "lvzhi.config.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lvzhi.setup.middleware.SetupWizardMiddleware",
    "lvzhi.accounts.middleware.TwoFactorMiddleware",
    "lvzhi.accounts.middleware.PasswordPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lvzhi.core.middleware.RequestContextMiddleware",
    "lvzhi.config.instance.InstanceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lvzhi.config.urls"
WSGI_APPLICATION = "lvzhi.config.wsgi.application"

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
                "lvzhi.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {"default": env.default_database()}
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):  # reports read from it (lvzhi.core.routers)
    DATABASES["replica"] = env.database_from_url(replica_url)
DATABASE_ROUTERS = ["lvzhi.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "lvzhi.accounts.passwords.ComplexityValidator"},
    {"NAME": "lvzhi.accounts.passwords.HistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 conventions (domain.md §8.2); all configurable through the environment.
LVZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("LVZHI_PASSWORD_MAX_AGE_DAYS", 90))  # 0 = never expires
# While no committee exists, every page goes to the setup wizard (off in the test settings).
LVZHI_SETUP_WIZARD = os.environ.get("LVZHI_SETUP_WIZARD", "1") != "0"
LVZHI_PASSWORD_HISTORY = int(os.environ.get("LVZHI_PASSWORD_HISTORY", 5))
LVZHI_AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("LVZHI_AUDIT_RETENTION_DAYS", 365)))
# Members' mobile and ID numbers are erased this many days after their service ended (lvzhi retention).
LVZHI_PII_RETENTION_DAYS = int(os.environ.get("LVZHI_PII_RETENTION_DAYS", 5 * 365))

# 两步验证 (TOTP) is required for these roles (comma-separated Role values), optional for everyone else;
# production requires it of the three administrators (三员) unless told otherwise. See docs/security-login.md.
LVZHI_2FA_ROLES = [r for r in os.environ.get("LVZHI_2FA_ROLES", "").split(",") if r]
LVZHI_2FA_ISSUER = os.environ.get("LVZHI_2FA_ISSUER", "履职平台")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LVZHI_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# The idle timeout: a session lives 30 minutes past the last request.
SESSION_COOKIE_AGE = int(os.environ.get("LVZHI_IDLE_TIMEOUT_MINUTES", 30)) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
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

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The user guide (docs/ of the source, or wherever an installation keeps it), served at /help/.
LVZHI_DOCS_DIR = Path(os.environ.get("LVZHI_DOCS_DIR", BASE_DIR.parent / "docs"))

STATIC_URL = "/static/"
STATIC_ROOT = LVZHI_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = LVZHI_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "lvzhi.config.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "lvzhi.accounts.authentication.PolicyTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Requests per authenticated user and per anonymous address; 429 past the rate.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("LVZHI_API_RATE_USER", "600/min"),
        "anon": os.environ.get("LVZHI_API_RATE_ANON", "60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "lvzhi API",
    "DESCRIPTION": "政协党建与履职平台 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lvzhi.core.api_schema.document_errors",
    ],
}

# The outward-facing instance (LVZHI_INSTANCE=public) serves only these views (names, * wildcards): the
# public portal and the pages members use on their phones. The intranet instance ("full") serves all.
LVZHI_INSTANCE = os.environ.get("LVZHI_INSTANCE", "full")
if LVZHI_INSTANCE not in ("full", "public"):
    raise ValueError("LVZHI_INSTANCE must be full or public")
LVZHI_PUBLIC_VIEWS = [
    "health",
    "set_language",
    "core:home",
    "core:notifications",
    "core:attachment",
    "core:checkin",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "portal:public_*",
    "portal:feed",
    "portal:image",
    "org:member_detail",
    "duty:mine",
    "duty:archive",
    "duty:archive_*",
    "duty:report_*",
    "duty:record_*",
    "study:reading_mine",
    "study:log_*",
    "study:sharing_*",
    "service:mine",
    "meetings:mine",
    "meetings:detail",
    "meetings:leave",
    "meetings:notice",
    "meetings:signin",
    "party:meeting_checkin",
    "consult:suggestion_create",
    "consult:suggestion",
    "consult:suggestion_edit",
    "proposals:list",
    "proposals:create",
    "proposals:similar",
    "proposals:detail",
    "proposals:edit",
    "proposals:action",
    "opinions:list",
    "opinions:create",
    "opinions:detail",
    "opinions:edit",
    "opinions:action",
]

# Background work (docs/deploy.md): django-tasks on the database by default; RQ on Redis when REDIS_URL is
# set. Every job goes through lvzhi.jobs (a key per job, a reaper for jobs of dead workers).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LVZHI_JOBS_HEARTBEAT_SECONDS = int(os.environ.get("LVZHI_JOBS_HEARTBEAT_SECONDS", 15))
LVZHI_JOBS_STALE_SECONDS = int(os.environ.get("LVZHI_JOBS_STALE_SECONDS", 300))
# Periodic jobs, queued by `lvzhi jobs scheduler` once per day (local time) or period.
LVZHI_SCHEDULE = [
    {
        "name": "orglife-remind",
        "task": "lvzhi.jobs.builtin.command",
        "kwargs": {"argv": ["orglife", "remind"]},
        "daily": os.environ.get("LVZHI_REMIND_AT", "07:00"),
    },
    {"name": "audit-prune", "task": "lvzhi.core.tasks.prune_audit_trail", "daily": "02:30"},
    {
        "name": "clear-sessions",
        "task": "lvzhi.jobs.builtin.command",
        "kwargs": {"argv": ["clearsessions"]},
        "daily": "02:45",
    },
    {"name": "jobs-tidy", "task": "lvzhi.jobs.builtin.tidy", "daily": "03:00"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "lvzhi": {"level": "INFO"},
        "lvzhi.request": {"level": "WARNING"},  # runserver logs requests itself; production turns it on
        "axes": {"level": "WARNING"},
    },
}

# ID numbers are encrypted with this key, kept outside the database (LVZHI_FIELD_KEY or keys/field.key).
LVZHI_FIELD_KEY = env.env_key("LVZHI_FIELD_KEY", "field.key", create=True)
SECRET_KEY = os.environ.get("LVZHI_SECRET_KEY") or env.key_from_file("secret.key", create=True).hex()

# Notifications: always in the app; an e-mail copy when the installation has mail (EMAIL_HOST …) set up.
LVZHI_EMAIL_NOTIFICATIONS = os.environ.get("LVZHI_EMAIL_NOTIFICATIONS", "") in {"1", "true", "yes"}
EMAIL_HOST = os.environ.get("LVZHI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LVZHI_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("LVZHI_EMAIL_FROM", "lvzhi@localhost")
EMAIL_HOST_USER = os.environ.get("LVZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LVZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("LVZHI_EMAIL_TLS", "") in {"1", "true", "yes"}
EMAIL_TIMEOUT = 10

# Notice channels (docs/notices.md) per notice kind, "*" for every other kind; a member may narrow them.
# LVZHI_NOTICE_CHANNELS is JSON, e.g. {"meeting": ["app", "email", "sms"]}; "app" is always on. Without a
# "*" entry, other kinds go to the app, and by e-mail when LVZHI_EMAIL_NOTIFICATIONS is on.
LVZHI_NOTICE_CHANNELS: dict[str, list[str]] = json.loads(os.environ.get("LVZHI_NOTICE_CHANNELS", "{}"))
# Gateways for the channels other than app and e-mail: SMS, 政务微信 … (an HTTP JSON POST, signed).
LVZHI_NOTICE_GATEWAYS: dict[str, dict[str, Any]] = {
    name: {
        "BACKEND": "lvzhi.core.gateways.HttpGateway",
        "URL": os.environ[f"LVZHI_{name.upper()}_GATEWAY_URL"],
        "SECRET": os.environ.get(f"LVZHI_{name.upper()}_GATEWAY_SECRET", ""),
        "TOKEN": os.environ.get(f"LVZHI_{name.upper()}_GATEWAY_TOKEN", ""),
        "ADDRESS": "mobile" if name == "sms" else "username",
    }
    for name in ("sms", "wecom")
    if os.environ.get(f"LVZHI_{name.upper()}_GATEWAY_URL")
}
# The site's address for links in e-mail and SMS (e.g. https://lvzhi.example.gov.cn); empty: relative.
LVZHI_SITE_URL = os.environ.get("LVZHI_SITE_URL", "").rstrip("/")
LVZHI_REPLY_LINK_DAYS = int(os.environ.get("LVZHI_REPLY_LINK_DAYS", 30))
