"""Every asset a page asks for is served by lvzhi itself: intranets reach no CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_it_serves_every_stylesheet_script_and_font_from_its_own_static_files(client, staff, committee):
    client.force_login(staff)
    html = client.get(f"/c/{committee.code}/members/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"?]+)', html)
    assert any("bootstrap.min.css" in a for a in assets)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)  # nothing from another host
    for url in assets:
        assert finders.find(url.removeprefix("/static/")), url
    icons = finders.find("vendor/bootstrap-icons/bootstrap-icons.min.css")
    assert icons
    with open(icons, encoding="utf-8") as f:
        for font in re.findall(r'url\("?\./?([^")?#]+)', f.read()):
            assert finders.find(f"vendor/bootstrap-icons/{font}"), font
