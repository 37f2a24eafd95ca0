"""Operations: one JSON log line per request, a clear 503 when the database is away, the health check."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.defaults import server_error

log = logging.getLogger("lvzhi.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object per line, with the ``extra`` fields it was given."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Outermost: gives each request an id (or keeps a well-formed X-Request-ID from the proxy), returns it
    in the response, and logs method, path, status, duration and user id — never the query or the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "_cached_user", None)  # never load the user only to log it
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "ip": request.META.get("REMOTE_ADDR"),
            },
        )
        return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page (or JSON under /api/): rendered without touching the database."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "数据库暂时无法连接，请稍后再试。", "code": "database_unavailable"}, status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def handler500(request: HttpRequest) -> HttpResponse:
    """Django's 500, except when the database is away: then 503, and the next request reconnects."""
    import sys

    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DatabaseError) and connection.connection is not None and not connection.is_usable()
    ):
        logging.getLogger("lvzhi").error("database unavailable: %s", exc)
        _drop_broken_connections()
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器内部错误。", "code": "server_error"}, status=500)
    return server_error(request)


def _drop_broken_connections() -> None:
    """Close connections the failure left broken, so the next request opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None and not conn.in_atomic_block:
            with contextlib.suppress(Exception):
                conn.close()


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the database answers, and Redis where it is configured.
    Tells what is wrong, never where (no host names, no URLs)."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any failure of the database is reported, never raised
        checks["database"] = "unavailable"
        _drop_broken_connections()
    if getattr(settings, "REDIS_URL", ""):
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)
