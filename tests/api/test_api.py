"""/api/v1/: the same scoping and services as the pages; token and session auth; an OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lvzhi.org.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_it_refuses_anonymous_requests(api, committee):
    assert api.get("/api/v1/committees/").status_code in (401, 403)


def test_it_hides_another_committee_from_an_outsider(api, outsider, member):
    api.force_authenticate(outsider)
    code = member.committee.code
    for path in (
        "",
        "members/",
        f"members/{member.person_id}/",
        "coverage/",
        "summary/",
        "branches/",
        "sectors/",
    ):
        assert api.get(f"/api/v1/committees/{code}/{path}").status_code == 404, path
    assert [c["code"] for c in api.get("/api/v1/committees/").json()["results"]] == ["other"]


def test_it_lists_members_with_filters_and_masked_data(api, staff, committee, economy, economy_branch):
    factories.make_member(
        committee, name="甲", political="01", sc=economy, branch=economy_branch, mobile="13812345678"
    )
    factories.make_member(committee, name="乙", political="13")
    api.force_authenticate(staff)
    data = api.get(f"/api/v1/committees/{committee.code}/members/").json()
    assert data["count"] == 2
    first = next(r for r in data["results"] if r["name"] == "甲")
    assert first["mobile"] == "138****5678"
    assert "*" in first["id_number_masked"]
    assert "id_number" not in first
    assert first["extra"] == {"党支部": "经济委员会党支部"}
    cpc = api.get(f"/api/v1/committees/{committee.code}/members/?party=cpc").json()
    assert [r["name"] for r in cpc["results"]] == ["甲"]


def test_it_adds_and_edits_a_member_through_the_services(api, staff, committee):
    api.force_authenticate(staff)
    created = api.post(
        f"/api/v1/committees/{committee.code}/members/",
        {"name": "丙", "gender": "2", "political": "05", "sector": "民盟", "id_number": "11010519491231002X"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    person = Person.objects.get(name="丙")
    assert person.id_number == "11010519491231002X"
    patched = api.patch(
        f"/api/v1/committees/{committee.code}/members/{person.pk}/", {"workplace": "某医院"}, format="json"
    )
    assert patched.status_code == 200
    assert patched.json()["workplace"] == "某医院"


def test_it_explains_bad_input_in_chinese(api, staff, committee):
    api.force_authenticate(staff)
    response = api.post(
        f"/api/v1/committees/{committee.code}/members/",
        {"name": "丁", "gender": "1", "political": "05", "sector": "民盟", "id_number": "110105194912310021"},
        format="json",
    )
    assert response.status_code == 400
    assert "校验码错误" in str(response.json())


def test_it_refuses_writes_to_a_leader_and_to_the_committee_above(api, leader, city_leader, committee):
    m = factories.make_member(committee, name="甲")
    for user in (leader, city_leader):
        api.force_authenticate(user)
        url = f"/api/v1/committees/{committee.code}/members/{m.person_id}/"
        assert api.get(url).status_code == 200
        assert api.patch(url, {"workplace": "x"}, format="json").status_code == 403


def test_it_serves_coverage_and_summary(api, leader, committee, economy, economy_branch):
    factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    api.force_authenticate(leader)
    coverage = api.get(f"/api/v1/committees/{committee.code}/coverage/").json()
    assert coverage["party_org"] == {"covered": 1, "total": 1, "full": True, "uncovered": []}
    summary = api.get(f"/api/v1/committees/{committee.code}/summary/?year=2024").json()
    assert summary["figures"]["members"]["value"] == 1
    assert summary["period"] == {"from": "2024-01-01", "to": "2024-12-31"}


def test_it_accepts_a_token(committee, staff):
    token = Token.objects.create(user=staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/committees/{committee.code}/members/").status_code == 200


def test_it_publishes_an_openapi_schema(client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/committees/{committee}/members/" in paths
    assert client.get("/api/v1/docs/").status_code == 200


def test_it_checks_what_the_form_checks(api, staff, committee, economy, economy_branch):
    api.force_authenticate(staff)
    members = f"/api/v1/committees/{committee.code}/members/"
    base = {"name": "戊", "gender": "2", "political": "05", "sector": "民盟"}
    bad_mobile = api.post(members, {**base, "mobile": "1380013"}, format="json")
    assert bad_mobile.status_code == 400
    assert "11位手机号码" in str(bad_mobile.json()["mobile"])
    wrong_gender = api.post(
        members, {**base, "gender": "1", "id_number": "11010519491231002X"}, format="json"
    )
    assert wrong_gender.status_code == 400
    assert "性别不一致" in str(wrong_gender.json()["gender"])
    wrong_birth = api.post(
        members, {**base, "birth_month": "1950-01", "id_number": "11010519491231002X"}, format="json"
    )
    assert "出生年月" in str(wrong_birth.json()["birth_month"])
    assert not Person.objects.filter(name="戊").exists()

    m = factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    refused = api.patch(f"{members}{m.person_id}/", {"political": "13"}, format="json")
    assert refused.status_code == 400
    assert "仍在「经济委员会党支部」" in str(refused.json()["political"])
    assert Person.objects.get(pk=m.person_id).political == "01"
