"""Production settings pass `lvzhi check --deploy`; the health check; one JSON log line per request."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from lvzhi.config.observability import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LVZHI_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lvzhi.config.settings.production",
        LVZHI_HOME=str(tmp_path),
        LVZHI_SECRET_KEY=base64.urlsafe_b64encode(os.urandom(40)).decode(),
        LVZHI_FIELD_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        LVZHI_ALLOWED_HOSTS="lvzhi.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lvzhi", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["LVZHI_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "-m", "lvzhi", "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "LVZHI_SECRET_KEY must be set" in done.stderr


@pytest.mark.django_db
def test_health_reports_the_database_and_no_secrets(client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert client.post("/health").status_code == 405


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_health_fails_when_redis_is_configured_and_away(client) -> None:
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "redis": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_one_json_line_per_request_with_id_user_status_duration(client, staff, committee, caplog) -> None:
    client.force_login(staff)
    with caplog.at_level(logging.INFO, logger="lvzhi.request"):
        response = client.get(f"/c/{committee.code}/members/?q=王", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response["X-Request-ID"] == "abcdef0123456789"
    [record] = [r for r in caplog.records if r.name == "lvzhi.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abcdef0123456789"
    assert line["user_id"] == staff.pk
    assert line["status"] == 200
    assert line["path"] == f"/c/{committee.code}/members/"  # the query string (search words) is not logged
    assert line["duration_ms"] >= 0
    assert "王" not in json.dumps(line, ensure_ascii=False)


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="lvzhi.request"):
        response = client.get("/health", HTTP_X_REQUEST_ID="<script>\n")
    assert response["X-Request-ID"] != "<script>\n"
    assert len(response["X-Request-ID"]) == 32
