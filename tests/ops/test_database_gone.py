"""The database goes away in the middle of a request: a clear Chinese 503 page (JSON under /api/), and
lvzhi serves again as soon as the database is back.

PostgreSQL only (the suite's PostgreSQL run): the test's connection goes through a TCP proxy in this
process, which the test cuts — the shared server itself is never touched."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the PG suite)"),
]


class CuttableProxy:
    """Forwards a free port of 127.0.0.1 to the database; ``cut()`` drops every connection and refuses new
    ones (as a dead server or a broken network does), ``restore()`` forwards again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.down = False
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.down = True
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.open.clear()

    def restore(self) -> None:
        self.down = False

    def stop(self) -> None:
        self.stopped = True
        self.cut()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()


@pytest.fixture
def proxy() -> Iterator[CuttableProxy]:
    settings = connection.settings_dict
    saved = (settings["HOST"], settings["PORT"])
    proxy = CuttableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", str(proxy.port)
    try:
        yield proxy
    finally:
        proxy.restore()
        connection.close()
        settings["HOST"], settings["PORT"] = saved
        proxy.stop()


def cut_after(proxy: CuttableProxy, queries: int) -> Callable[..., Any]:
    """A query wrapper that cuts the database off once the request has run ``queries`` queries."""
    seen = 0

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal seen
        seen += 1
        if seen > queries:
            proxy.cut()
        return execute(sql, params, many, context)

    return wrapper


def test_page_mid_request_gives_503_then_recovers(client, staff, committee, proxy) -> None:
    client.raise_request_exception = False
    client.force_login(staff)
    url = reverse("org:members", args=[committee.code])
    assert client.get(url).status_code == 200

    with connection.execute_wrapper(cut_after(proxy, 2)):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法使用" in page
    assert "数据库暂时无法连接" in page
    assert "Traceback" not in page

    assert client.get(url).status_code == 503  # still away: the new connection is refused
    proxy.restore()
    assert client.get(url).status_code == 200  # back: lvzhi reconnects by itself


def test_api_mid_request_gives_json_503_then_recovers(client, staff, committee, proxy) -> None:
    client.raise_request_exception = False
    client.force_login(staff)
    url = f"/api/v1/committees/{committee.code}/members/"
    assert client.get(url).status_code == 200

    with connection.execute_wrapper(cut_after(proxy, 2)):
        response = client.get(url)
    assert response.status_code == 503
    assert response.json() == {"detail": "数据库暂时无法连接，请稍后再试。", "code": "database_unavailable"}

    proxy.restore()
    assert client.get(url).status_code == 200


def test_health_says_unavailable_while_the_database_is_away(client, proxy) -> None:
    assert client.get("/health").status_code == 200
    proxy.cut()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    proxy.restore()
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}
