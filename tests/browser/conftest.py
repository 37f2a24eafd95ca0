"""Playwright against Debian's chromium and the live server; one browser per test process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def log_in(page: Page, base_url: str, username: str, password: str = "Test@Pass2026") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


def guide_shot(page: Page, name: str) -> None:
    """A screenshot for the user guide (docs/img/NAME.png), taken where a test shows the page at work.

    Written only by `make screenshots` (LVZHI_GUIDE_SHOTS=1), so the guide's pictures are redrawn from
    the pages as they are; an ordinary test run leaves docs/ alone.
    """
    if os.environ.get("LVZHI_GUIDE_SHOTS"):
        GUIDE_IMAGES.mkdir(exist_ok=True)
        page.screenshot(path=str(GUIDE_IMAGES / f"{name}.png"))


def committee_pages(code: str) -> list[str]:
    """Every page of a committee that takes no other argument: the lists, the forms, the reports."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("c/<slug:committee>/"):
                rest = route.removeprefix("c/<slug:committee>/")
                if "<" not in rest and not rest.startswith(("api/",)) and "export" not in rest:
                    found.append(f"/c/{code}/{rest}")

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))
