"""Accessibility in the browser: axe-core on every main page, keyboard navigation and visible focus.

axe-core comes from npm (frontend/package.json, a dev dependency that is never served). It is injected
into a browser context that bypasses the CSP, for the checker only: every other browser test keeps
the CSP, so no page relies on that bypass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from lvzhi.core.roles import Role
from tests import factories
from tests.browser.conftest import committee_pages, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def audit(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations of the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def checker(browser: Browser) -> Page:
    context = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    return pg


@pytest.fixture
def office(committee):
    economy = factories.special_committee(committee, "经济委员会")
    branch = factories.functional_branch(committee, economy)
    for political in ("01", "01", "13", "05"):
        factories.make_member(
            committee, political=political, sc=economy, branch=branch if political == "01" else None
        )
    return committee


def test_the_login_page_and_the_portal_have_no_serious_violations(checker: Page, live_server, committee):
    problems: dict[str, list[str]] = {}
    for url in ("/accounts/login/", f"/p/{committee.code}/"):
        response = checker.goto(f"{live_server.url}{url}")
        assert response is not None, url
        assert response.ok, url
        if found := audit(checker):
            problems[url] = found
    assert not problems, problems


def test_every_staff_page_has_no_serious_or_critical_violations(checker: Page, live_server, office):
    factories.user_with_role(office, Role.STAFF, username="staff")
    log_in(checker, live_server.url, "staff")
    pages = committee_pages(office.code)
    assert len(pages) > 30  # the walk found the apps' pages, not just a handful
    problems: dict[str, list[str]] = {}
    visited = 0
    for url in pages:
        try:
            response = checker.goto(f"{live_server.url}{url}")
        except PlaywrightError:  # a POST-only address answers GET with an empty 405
            continue
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        if not response.text().lstrip().lower().startswith("<!doctype html"):
            continue  # an htmx fragment, checked inside the page that loads it
        visited += 1
        if found := audit(checker):
            problems[url] = found
    assert visited > 30
    assert not problems, "\n".join(f"{url}: {v}" for url, vs in problems.items() for v in vs)


def test_a_members_pages_have_no_serious_violations(checker: Page, live_server, committee, member_user):
    log_in(checker, live_server.url, member_user.username)
    problems: dict[str, list[str]] = {}
    for url in ("/", f"/c/{committee.code}/archive/", "/notifications/"):
        response = checker.goto(f"{live_server.url}{url}")
        assert response is not None, url
        assert response.ok, url
        if found := audit(checker):
            problems[url] = found
    assert not problems, problems


def test_the_keyboard_reaches_the_content_first_and_focus_is_visible(page: Page, live_server, office):
    factories.user_with_role(office, Role.STAFF, username="staff")
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/c/{office.code}/members/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # Tab on from the content lands on the filter form's first field, with a visible focus ring.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {tag: e.tagName, label: e.labels && e.labels.length ? e.labels[0].textContent : '',"
        " outline: s.outlineStyle, shadow: s.boxShadow}; }"
    )
    assert focused["tag"] in {"A", "INPUT", "SELECT", "BUTTON"}
    assert focused["outline"] != "none" or focused["shadow"] != "none", focused
