"""The test suite: fast hashing, fixed keys, no key files written."""

import base64
import os

os.environ.setdefault("LVZHI_FIELD_KEY", base64.urlsafe_b64encode(b"t" * 32).decode())
os.environ.setdefault("LVZHI_SECRET_KEY", "test-secret-key-not-for-production")
# The suite reuses user ids in one process-wide cache: API rates are lifted here and lowered by the test
# that checks them (tests/security/test_limits.py).
os.environ.setdefault("LVZHI_API_RATE_USER", "100000/min")
os.environ.setdefault("LVZHI_API_RATE_ANON", "100000/min")

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405  in memory, one per xdist worker
# A second alias on the same database, to test the read-replica router.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Static files come from the finders; nothing is collected for the tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The wizard's own tests turn it on; elsewhere an empty test database is not a new installation.
LVZHI_SETUP_WIZARD = False
