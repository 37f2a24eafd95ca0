"""Locust users for benchmarks/load.py (run headless by it; LOAD_PLAN names the JSON plan it wrote).

- ``MemberMix``: a logged-in member browsing the member-facing pages and the public portal.
- ``CheckInMember``: each of the plan's check-in sessions opens the check-in page and taps 签到 once.
- ``Login``: the login form with the real password hasher (argon2), one account after another.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import deque
from pathlib import Path

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
MIX_SESSIONS = PLAN["mix_sessions"]
CHECKIN_QUEUE = deque(PLAN["checkin_sessions"])
LOGIN_QUEUE = deque(PLAN["logins"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next_mix = 0
SPAN: dict[str, float] = {}  # the first request's start and the last one's end, for the queue phases


@events.request.add_listener
def _span(name: str, response_time: float, **_kwargs: object) -> None:
    if name.startswith(("check-in GET", "check-in POST", "login")):
        now = time.time()
        SPAN["first"] = min(SPAN.get("first", now), now - response_time / 1000)
        SPAN["last"] = now


@events.quitting.add_listener
def _write_span(**_kwargs: object) -> None:
    if SPAN:
        with open(os.environ["LOAD_PLAN"] + ".span", "w", encoding="utf-8") as fh:
            json.dump(SPAN, fh)


def _done(user: FastHttpUser) -> None:
    """The queue is empty: stop the whole run once the other users have finished their requests."""
    if user.environment.runner is not None:
        gevent.spawn_later(5, user.environment.runner.quit)
    raise StopUser()


def _cookie(session_key: str, csrf: str = "") -> dict[str, str]:
    cookie = f"sessionid={session_key}"
    if csrf:
        cookie += f"; csrftoken={csrf}"
    return {"Cookie": cookie}


class MemberMix(FastHttpUser):
    wait_time = between(0.0, 0.05)
    weight = 1

    def on_start(self) -> None:
        global _next_mix
        self.session_key = MIX_SESSIONS[_next_mix % len(MIX_SESSIONS)]
        _next_mix += 1
        self.headers = _cookie(self.session_key)

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, headers=self.headers, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")

    @task(3)
    def home(self) -> None:
        self._get("/", "home (dashboard)")

    @task(2)
    def my_meetings(self) -> None:
        self._get(PLAN["urls"]["my_meetings"], "我的会议")

    @task(2)
    def my_archive(self) -> None:
        self._get(PLAN["urls"]["my_archive"], "我的履职档案")

    @task(1)
    def my_reading(self) -> None:
        self._get(PLAN["urls"]["my_reading"], "我的读书")

    @task(2)
    def proposals(self) -> None:
        self._get(PLAN["urls"]["proposals"], "proposal list")

    @task(2)
    def portal_list(self) -> None:
        with self.client.get(PLAN["urls"]["portal"], name="portal list", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")

    @task(2)
    def portal_article(self) -> None:
        articles = PLAN["urls"]["portal_articles"]
        if articles:
            path = articles[hash(self) % len(articles)]
            with self.client.get(path, name="portal article", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")

    @task(1)
    def checkin_page(self) -> None:
        self._get(PLAN["urls"]["mix_checkin"], "check-in page (GET)")


class CheckInMember(FastHttpUser):
    """Takes the next member's session from the queue, checks in, and moves to the next one."""

    wait_time = constant(0)
    weight = 1

    @task
    def check_in(self) -> None:
        try:
            session_key = CHECKIN_QUEUE.popleft()
        except IndexError:
            _done(self)
        url = PLAN["urls"]["checkin"]
        with self.client.get(
            url, headers=_cookie(session_key), name="check-in GET", catch_response=True
        ) as r:
            match = CSRF.search(r.text or "")
            if r.status_code != 200 or not match:
                r.failure(f"status {r.status_code}, no form")
                return
        csrf_cookie = r.headers.get("set-cookie", "")
        if isinstance(csrf_cookie, list):
            csrf_cookie = "; ".join(csrf_cookie)
        token = re.search(r"csrftoken=([^;]+)", csrf_cookie)
        headers = _cookie(session_key, token.group(1) if token else "")
        headers["Referer"] = f"http://127.0.0.1{url}"
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": match.group(1)},
            headers=headers,
            name="check-in POST",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or 'id="checked-in"' not in (r.text or ""):
                r.failure(f"status {r.status_code}, not checked in")


class Login(FastHttpUser):
    """One login after another through the form: GET the page (CSRF), POST the credentials."""

    wait_time = constant(0)
    weight = 1

    @task
    def login(self) -> None:
        try:
            username = LOGIN_QUEUE.popleft()
        except IndexError:
            _done(self)
        self.client.cookiejar.clear()
        with self.client.get("/accounts/login/", name="login GET", catch_response=True) as r:
            match = CSRF.search(r.text or "")
            if not match:
                r.failure(f"status {r.status_code}, no form")
                return
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": match.group(1), "username": username, "password": PLAN["password"]},
            headers={"Referer": "http://127.0.0.1/accounts/login/"},
            name="login POST",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"status {r.status_code}")
