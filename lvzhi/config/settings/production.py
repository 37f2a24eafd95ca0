"""Production: secrets from the environment only, secure cookies, HTTPS."""

import os

if not os.environ.get("LVZHI_SECRET_KEY"):
    raise RuntimeError("LVZHI_SECRET_KEY must be set in production")

from lvzhi.config import env

from .base import *  # noqa: F403

DEBUG = False
LVZHI_FIELD_KEY = env.env_key("LVZHI_FIELD_KEY", "field.key", create=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("LVZHI_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("LVZHI_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LVZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# 等保 三级: the three administrators log in with a second step unless told otherwise.
LVZHI_2FA_ROLES = [r for r in os.environ.get("LVZHI_2FA_ROLES", "sysadmin,secadmin,auditor").split(",") if r]
CSRF_COOKIE_HTTPONLY = True  # the pages carry the token themselves (hx-headers, forms)
# Load balancers ask for /health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health$"]
# HSTS preload is for public domains listed by the browsers; an intranet name never is.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if not SECURE_SSL_REDIRECT:  # LVZHI_SSL_REDIRECT=0: the operator's proxy redirects to HTTPS itself
    SILENCED_SYSTEM_CHECKS.append("security.W008")
# The API schema is checked by the test suite; the deploy check need not build it on every start.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}  # noqa: F405

# One JSON object per line on stderr (journald or the container's log collector keeps them).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lvzhi.config.observability.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "lvzhi": {"level": os.environ.get("LVZHI_LOG_LEVEL", "INFO")},
        "lvzhi.request": {"level": "INFO"},
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
        "rq.worker": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
