"""The outward-facing instance (LVZHI_INSTANCE=public): staff pages and the API are not there (404);
the portal, the login and the members' own pages are."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

public = override_settings(LVZHI_INSTANCE="public")


@public
def test_staff_pages_are_not_served(client, staff, committee) -> None:
    client.force_login(staff)
    for name in ("reports:dashboard", "org:members", "rectify:ledger", "accounts:users", "party:coverage"):
        assert client.get(reverse(name, args=[committee.code])).status_code == 404, name
    assert client.get("/api/v1/committees/").status_code == 404


@public
def test_member_and_portal_pages_are_served(client, member_user, committee) -> None:
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("portal:public_list", args=[committee.code])).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    client.force_login(member_user)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home.url == reverse("duty:mine", args=[committee.code])
    archive = client.get(home.url, follow=True)
    assert archive.status_code == 200
    assert archive.redirect_chain[-1][0].startswith(f"/c/{committee.code}/archive/")
    assert client.get(reverse("study:reading_mine", args=[committee.code])).status_code == 200
    assert client.get(reverse("meetings:mine", args=[committee.code])).status_code == 200


@public
def test_outsider_sees_nothing_of_another_committee(client, outsider, committee) -> None:
    """The public instance narrows what is served; scoping still decides what each user reads."""
    client.force_login(outsider)
    assert client.get(reverse("duty:mine", args=[committee.code])).status_code in (403, 404)


def test_the_full_instance_serves_staff_pages(client, staff, committee) -> None:
    client.force_login(staff)
    assert client.get(reverse("org:members", args=[committee.code])).status_code == 200
