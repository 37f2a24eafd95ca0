"""The user guide served at /help/, and every page's help link to the section that explains it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from lvzhi.core import help as guide

# Addresses that are not pages a person reads: the API, machine endpoints, the guide itself.
NOT_PAGES = {"", "api", "help", "djdt"}


def named_pages() -> list[tuple[str, str]]:
    """(namespace, url_name) of every named URL of the project."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.append((namespace, p.name))

    walk(get_resolver().url_patterns, "")
    return [(ns, name) for ns, name in found if ns not in NOT_PAGES and not ns.startswith("api")]


def anchors(doc: str) -> set[str]:
    rendered = guide.render(doc)
    assert rendered is not None, f"docs/{doc}.md is missing"
    return set(re.findall(r'id="([^"]+)"', rendered[1]))


def test_every_app_of_the_project_has_its_section_in_the_guide():
    namespaces = {ns for ns, _name in named_pages()}
    assert {"org", "party", "proposals", "duty", "portal"} <= namespaces
    missing = sorted(ns for ns in namespaces if ns not in guide.SECTIONS)
    assert not missing, f"no help section for: {missing}"


@pytest.mark.parametrize("key", sorted(guide.SECTIONS))
def test_each_help_section_exists_in_the_guide(key):
    doc, _sep, anchor = guide.SECTIONS[key].partition("#")
    found = anchors(doc)
    if anchor:
        assert anchor in found, f"{key}: docs/{doc}.md has no heading #{anchor}; it has {sorted(found)}"
    if ":" in key:  # a specific entry names a real page
        namespace, name = key.split(":")
        assert (namespace, name) in named_pages(), f"{key} is not a page of the project"


@pytest.mark.django_db
def test_a_page_links_to_its_section_and_the_section_opens(client, staff, committee):
    client.force_login(staff)
    page = client.get(reverse("org:roster_import", kwargs={"committee": committee.code}))
    link = re.search(r'href="([^"]+)" id="help-link"', page.content.decode())
    assert link is not None
    href = link.group(1)
    path, _sep, fragment = href.partition("#")
    assert (path, unquote(fragment)) == ("/help/index/", "3-名册导入")
    opened = client.get(path)
    assert opened.status_code == 200
    assert 'id="3-名册导入"' in opened.content.decode()


@pytest.mark.django_db
def test_the_guide_is_open_without_login_and_its_links_stay_inside_it(client):
    page = client.get("/help/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "用户手册" in html
    # Links between the guide's files go to their help pages, not to .md files.
    assert 'href="/help/orglife/"' in html
    assert ".md" not in re.sub(r"<code>.*?</code>", "", html)
    assert client.get("/help/img/members.png")["Content-Type"] == "image/png"
    # The login page links to the section on logging in.
    login = client.get(reverse("accounts:login")).content.decode()
    assert f'href="/help/index/#{quote("1-登录与密码")}"' in login


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/help/nope/", "/help/..%2Fpyproject/", "/help/img/..%2F..%2Fpyproject.toml", "/help/img/index.md"],
)
def test_only_the_guides_own_files_are_served(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_outsider_reads_the_same_guide_and_nothing_of_a_committee(client, outsider, committee):
    client.force_login(outsider)
    html = client.get("/help/index/").content.decode()
    assert committee.name not in html
    assert resolve("/help/index/").url_name == "page"


GUIDE_LINK = re.compile(r"\]\(([a-z0-9_-]+\.md)(?:#([^)]+))?\)")


def test_every_link_between_the_guides_pages_opens_a_heading_that_exists():
    broken = []
    for path in sorted(guide.docs_dir().glob("*.md")):
        for target, anchor in GUIDE_LINK.findall(path.read_text(encoding="utf-8")):
            doc = target.removesuffix(".md")
            if guide.render(doc) is None:
                broken.append(f"{path.name} → {target} (no such page)")
            elif anchor and anchor not in anchors(doc):
                broken.append(f"{path.name} → {target}#{anchor} (no such heading)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    "doc",
    [
        "role-staff",
        "role-secretary",
        "role-director",
        "role-leader",
        "role-member",
        "role-unit",
        "role-admins",
    ],
)
def test_the_guide_has_a_page_for_each_role_linked_from_its_start(doc):
    assert guide.render(doc) is not None
    start = guide.docs_dir() / "index.md"
    assert f"]({doc}.md)" in start.read_text(encoding="utf-8")


def test_every_picture_the_guide_shows_is_there():
    pictures = re.compile(r"!\[[^\]]*\]\((img/[^)]+)\)")
    missing = [
        f"{path.name} → {target}"
        for path in sorted(guide.docs_dir().glob("*.md"))
        for target in pictures.findall(path.read_text(encoding="utf-8"))
        if not (guide.docs_dir() / target).is_file()
    ]
    assert not missing, missing
