"""Headers and limits: a CSP without 'unsafe-inline' on representative pages, secure cookies in
production, the login lockout on the page and on the token endpoint, and API throttling (429)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from lvzhi.core.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "Test@Pass2026"


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if words := part.split():
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/accounts/login/"),
        ("staff", "/c/county/summary/"),
        ("staff", "/c/county/ledger/"),
        ("staff", "/c/county/members/"),
        ("staff", "/c/county/"),
        ("staff", "/api/v1/docs/"),
        (None, "/p/county/"),
    ],
)
def test_pages_carry_a_csp_without_unsafe_inline(client, request, committee, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 200, url
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = _directives(header)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # Scripts only from the site itself or with this response's nonce, never a wildcard or a CDN.
    assert all(s == "'self'" or s.startswith("'nonce-") for s in directives["script-src"])
    nonces = {s[7:-1] for s in directives["script-src"] if s.startswith("'nonce-")}
    html = response.content.decode()
    # Every inline <script> carries this response's nonce (an injected one would not).
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or any(f'nonce="{n}"' in head for n in nonces), head


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# No collected static files here: the page's links come from the finders.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
response = Client().get("/accounts/login/", secure=True)
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "status": response.status_code,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_cookie_secure": bool(cookie["secure"]),
    "csrf_cookie_samesite": cookie["samesite"],
    "hsts": response.get("Strict-Transport-Security", ""),
    "csp": response.get("Content-Security-Policy", ""),
    "insecure_redirect": Client().get("/accounts/login/").status_code,
    "rates": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "throttles": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"],
}))
"""


def test_production_settings_send_secure_cookies_and_configurable_api_rates(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lvzhi.config.settings.production",
        "LVZHI_SECRET_KEY": "a-production-secret-key-for-this-test-only-0123456789",
        "LVZHI_FIELD_KEY": "dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=",
        "LVZHI_HOME": str(tmp_path),
        "LVZHI_ALLOWED_HOSTS": "testserver",
        "LVZHI_API_RATE_USER": "7/min",
        "LVZHI_API_RATE_ANON": "3/min",
        "LVZHI_SETUP_WIZARD": "0",  # an empty database here: the probe is about the headers, not the wizard
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], env=env, capture_output=True, text=True, check=True
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert probe["session_secure"]
    assert probe["session_httponly"]
    assert probe["csrf_secure"]
    assert probe["csrf_cookie_secure"]
    assert probe["csrf_cookie_samesite"] == "Lax"
    assert "max-age=31536000" in probe["hsts"]
    assert probe["csp"]
    assert "unsafe-inline" not in probe["csp"]
    assert probe["insecure_redirect"] == 301  # plain HTTP is sent to HTTPS
    assert probe["rates"] == {"user": "7/min", "anon": "3/min"}
    assert probe["throttles"] == [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ]


@pytest.fixture
def low_rates(monkeypatch):
    """Rates lowered for this test (the suite lifts them); the throttle history starts empty."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "5/min")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/min")
    cache.clear()
    yield
    cache.clear()


def test_the_api_is_throttled_per_user(low_rates, staff, committee):
    assert api_settings.DEFAULT_THROTTLE_CLASSES  # throttling is on for every API view
    api = APIClient()
    api.force_authenticate(staff)
    url = f"/api/v1/committees/{committee.code}/members/"
    assert [api.get(url).status_code for _ in range(5)] == [200] * 5
    sixth = api.get(url)
    assert sixth.status_code == 429
    assert int(sixth["Retry-After"]) > 0
    # Another user has their own allowance.
    other = APIClient()
    other.force_authenticate(factories.user_with_role(committee, Role.LEADER, username="leader2"))
    assert other.get(url).status_code == 200


def test_the_token_endpoint_is_throttled_for_anonymous_callers(low_rates, staff):
    # Anonymous callers reach only the token endpoint (the rest answer 401/403 before any throttle).
    api = APIClient(REMOTE_ADDR="10.0.0.8")
    url = reverse("api-token")
    codes = [api.post(url, {"username": "nobody", "password": "x"}).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_the_token_endpoint_locks_out_after_five_failures(staff):
    api = APIClient(REMOTE_ADDR="10.0.0.9")
    url = reverse("api-token")
    for _ in range(5):
        assert api.post(url, {"username": "staff", "password": "wrong"}).status_code == 400
    locked = api.post(url, {"username": "staff", "password": PASSWORD})
    assert locked.status_code == 400
    assert "token" not in locked.json()
    # From another address the right password still works (username + address).
    other = APIClient(REMOTE_ADDR="10.0.0.10").post(url, {"username": "staff", "password": PASSWORD})
    assert other.status_code == 200
    assert other.json()["token"]


def test_the_login_page_locks_out_after_five_failures(client, staff):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    locked = client.post(
        "/accounts/login/", {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
