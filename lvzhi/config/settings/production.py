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
