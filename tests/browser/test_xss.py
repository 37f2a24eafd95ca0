"""Hostile text in every text field, checked in the browser: shown escaped, never executed.

The demo committee is loaded once, then every plain text field of every lvzhi model (names, titles,
places, agendas, problems and measures, 案由, replies, articles, notes …) is overwritten with a payload
carrying a number of its own: markup that would create an element with `data-x=<n>` and call
`__x(<n>)` if a page put it into the HTML unescaped, and `javascript:` for link fields. Then each
page is visited once as the office, as a member and anonymously on the portal, the crawl following the
links each page offers (one page per view).

The browser context bypasses the CSP so that escaping alone is what is tested; the CSP, the second
wall, is checked on every page's response headers.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Cast, Concat
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from lvzhi.core.demo import DEMO_CODE, DEMO_PASSWORD
from tests.browser.conftest import committee_pages, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The field names whose text is a code, an identifier or a secret the services parse, not prose a user
# types and a page shows (the validators refuse markup there; tests/security has those refusals).
NOT_PROSE = re.compile(
    r"(^|_)(code|codes|slug|username|password|email|phone|mobile|tel|id_number|token|hash|digest|secret|key"
    r"|kind|state|status|ip|user_agent|path|mime|content_type|language|locale|method|channel|scheme|sha\w*"
    r"|signature|otp|totp|number_text|filename|file_name|color|icon|format|unit_code)($|_)"
)
HOOK = "window.__xss = []; window.__x = (n) => window.__xss.push(n);"


def payload(n: int, max_length: int | None) -> str | None:
    """The payload for field number n, as long as the field holds (None: too short for any)."""
    long = f"\"'><img src=x data-x={n} onerror=__x({n})><script>__x({n})</script></textarea>#"
    short = f"<i data-x={n}>#"
    for text in (long, short):
        if max_length is None or len(text) + 7 <= max_length:  # room for the row's pk
            return text
    return None


@dataclass
class Seeded:
    fields: dict[int, str] = field(default_factory=dict)  # n -> "app.Model.field"
    links: dict[int, str] = field(default_factory=dict)  # n -> "app.Model.field" (URL fields)


def poison(seeded: Seeded) -> None:
    """Every row's plain text fields become their payload (with the row's pk, for unique ones)."""
    n = 0
    for model in apps.get_models():
        if not model.__module__.startswith("lvzhi.") or model._meta.proxy or not model._meta.managed:
            continue
        if model.__name__.startswith("Historical"):
            continue  # history rows are written from the live ones and shown through them
        for f in model._meta.concrete_fields:
            if type(f) not in (models.CharField, models.TextField, models.URLField):
                continue  # encrypted, file, code and JSON fields are subclasses or other types
            if f.choices or f.primary_key or NOT_PROSE.search(f.name):
                continue
            n += 1
            label = f"{model._meta.label}.{f.name}"
            if isinstance(f, models.URLField):
                text: str | None = f"javascript:__x({n})//"
            else:
                text = payload(n, f.max_length)
            if text is None:
                continue
            value = Concat(models.Value(text), Cast("pk", models.CharField()))
            try:
                with transaction.atomic():
                    model._default_manager.all().update(**{f.name: value})
            except IntegrityError:
                continue  # a constraint on the text (a unique name without the pk's help)
            (seeded.links if isinstance(f, models.URLField) else seeded.fields)[n] = label


@dataclass
class Walk:
    page: Page
    base: str
    visited: dict[str, str] = field(default_factory=dict)  # view name -> url
    problems: list[str] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def visit(self, url: str) -> list[str]:
        try:
            response = self.page.goto(f"{self.base}{url}")
        except PlaywrightError:  # a download, or a POST-only address answering GET with an empty 405
            return []
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return []
        if response.status >= 500:
            self.problems.append(f"{url}: {response.status}")
            return []
        csp = response.headers.get("content-security-policy", "")
        if not scripts_walled(csp):
            self.problems.append(f"{url}: no CSP keeping inline scripts out ({csp!r})")
        found = self.page.evaluate(
            """() => ({
                ran: window.__xss || [],
                made: [...document.querySelectorAll('[data-x]')].map(e => e.getAttribute('data-x')),
                links: [...document.querySelectorAll('a[href^="javascript:" i], [src^="javascript:" i]')]
                    .map(e => e.outerHTML.slice(0, 120)),
                text: document.body ? document.body.innerText : '',
                hrefs: [...document.querySelectorAll('a[href]')].map(e => e.getAttribute('href')),
            })"""
        )
        for kind in ("ran", "made", "links"):
            if found[kind]:
                self.problems.append(f"{url}: {kind} {found[kind][:5]}")
        self.seen.update(int(m) for m in re.findall(r"data-x=(\d+)", found["text"]))
        return list(found["hrefs"])

    def crawl(self, starts: list[str], allow: tuple[str, ...]) -> None:
        queue = deque(starts)
        while queue:
            url = queue.popleft()
            parts = urlsplit(url)
            if parts.netloc or not parts.path.startswith(allow) or skipped(parts.path):
                continue
            try:
                view = resolve(parts.path).view_name
            except Resolver404:
                continue
            if view in self.visited:
                continue
            self.visited[view] = url
            queue.extend(self.visit(url))


def scripts_walled(csp: str) -> bool:
    """The policy names where scripts may come from, and inline scripts and handlers are not among them."""
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.split()}
    sources = directives.get("script-src", directives.get("default-src"))
    return sources is not None and "'unsafe-inline'" not in sources and "*" not in sources


def skipped(path: str) -> bool:
    return any(s in path for s in ("export", "download", "logout", "/attachments/", "template", "/static/"))


@pytest.fixture
def hostile(live_server) -> Seeded:
    call_command("demo", "--no-serve")
    seeded = Seeded()
    poison(seeded)
    return seeded


def context_page(browser: Browser) -> Page:
    context = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": 1366, "height": 900})
    context.add_init_script(HOOK)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    return pg


def test_every_text_field_is_shown_escaped_and_nothing_runs(browser: Browser, live_server, hostile: Seeded):
    assert len(hostile.fields) > 150, "the poisoning found the apps' text fields"
    problems: list[str] = []
    seen: set[int] = set()
    visited = 0

    office = context_page(browser)
    log_in(office, live_server.url, "demo-staff", DEMO_PASSWORD)
    walk = Walk(office, live_server.url)
    walk.crawl(["/", *committee_pages(DEMO_CODE)], allow=(f"/c/{DEMO_CODE}/", "/notifications/"))
    problems += walk.problems
    seen |= walk.seen
    visited += len(walk.visited)

    for username, starts in (
        ("demo-member", ["/", f"/c/{DEMO_CODE}/archive/", "/notifications/"]),
        ("demo-unit", ["/"]),
        ("demo-secadmin", ["/"]),
    ):
        member = context_page(browser)
        log_in(member, live_server.url, username, DEMO_PASSWORD)
        walk = Walk(member, live_server.url)
        walk.crawl(starts, allow=("/c/", "/notifications/", "/accounts/"))
        problems += walk.problems
        seen |= walk.seen
        visited += len(walk.visited)

    public = context_page(browser)
    walk = Walk(public, live_server.url)
    walk.crawl([f"/p/{DEMO_CODE}/"], allow=("/p/",))
    problems += walk.problems
    seen |= walk.seen
    visited += len(walk.visited)

    assert not problems, "\n".join(problems)
    assert visited > 80, visited  # the crawl reached the detail pages, not only the lists
    shown = {hostile.fields[n] for n in seen if n in hostile.fields}
    # The walk saw the payloads as text (so they were rendered, escaped): the fields people type most.
    must = {
        "org.Committee.name",
        "org.Person.name",
        "meetings.Meeting.title",
        "proposals.Proposal.title",
        "rectify.LedgerItem.description",
        "portal.Article.title",
    }
    assert must & set(hostile.fields.values()) == must, sorted(set(hostile.fields.values()))
    assert must <= shown, sorted(must - shown)
    assert len(shown) > 60, len(shown)
