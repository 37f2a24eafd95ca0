"""The read-only API: the same scoping and filters as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from lvzhi.consult import services
from tests.consult.conftest import make_consultation

pytestmark = pytest.mark.django_db


def get(user, committee, what, **query):
    api = APIClient()
    api.force_authenticate(user)
    return api.get(f"/api/v1/committees/{committee.code}/{what}/", query)


def test_an_outsider_gets_404(outsider, committee, suggestion):
    assert get(outsider, committee, "consultations").status_code == 404
    assert get(outsider, committee, "suggestions").status_code == 404


def test_staff_read_all_with_filters(staff, committee, suggestion, consultation, economy):
    micro = make_consultation(
        committee, staff, code="wei_xieshang", topic="微协商", special_committee=economy
    )
    services.suggestion_create(committee=committee, title="停车", submitted_on=date(2026, 3, 1), consultation=micro,
                               by=staff)  # fmt: skip
    rows = get(staff, committee, "suggestions").json()["results"]
    assert {r["title"] for r in rows} == {"停车", suggestion.title}
    heat = next(r for r in rows if r["title"] == suggestion.title)
    assert heat["form"] == "zhuanti_diaoyan"
    assert heat["proposers"] == [p.name for p in suggestion.proposers.all()]
    assert [
        r["title"] for r in get(staff, committee, "suggestions", form="wei_xieshang").json()["results"]
    ] == ["停车"]
    consultations = get(staff, committee, "consultations").json()["results"]
    assert {c["topic"]: c["suggestions"] for c in consultations} == {consultation.topic: 1, "微协商": 1}


def test_a_member_gets_only_their_own(
    member_user, other_member_user, committee, suggestion, consultation, staff
):
    services.suggestion_create(committee=committee, title="别人的", submitted_on=date(2026, 3, 1), by=staff)
    assert [r["id"] for r in get(member_user, committee, "suggestions").json()["results"]] == [suggestion.pk]
    assert [r["id"] for r in get(member_user, committee, "consultations").json()["results"]] == [
        consultation.pk
    ]
    assert get(other_member_user, committee, "suggestions").json()["results"] == []


def test_an_administrator_without_a_reading_role_is_refused(auditor, committee, suggestion):
    assert get(auditor, committee, "suggestions").status_code in (403, 404)
