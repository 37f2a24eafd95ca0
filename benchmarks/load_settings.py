"""Settings for the load benchmark: production settings, served over plain HTTP on loopback.

Only what loopback needs differs from production: no HTTPS redirect, cookies without the Secure flag,
static files from the finders (nothing is collected; the load mix requests pages, not assets)."""

from lvzhi.config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
