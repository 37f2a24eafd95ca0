"""The pages speak Simplified Chinese by default and Traditional Chinese when a user chooses it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_switches_to_traditional_chinese_and_back(client, staff, committee):
    client.force_login(staff)
    url = f"/c/{committee.code}/members/"
    assert "委员名册" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": url})
    html = client.get(url).content.decode()
    assert "委員名冊" in html
    assert "委员名册" not in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": url})
    assert "委员名册" in client.get(url).content.decode()
