"""The rules API: the same services, scoping and stale-edit refusal as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from lvzhi.rules.choices import RegulationStatus
from lvzhi.rules.models import Regulation

pytestmark = pytest.mark.django_db


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def base(committee):
    return f"/api/v1/committees/{committee.code}/rules/"


def test_staff_register_revise_and_repeal_through_the_api(staff, committee):
    api = api_for(staff)
    created = api.post(
        base(committee),
        {
            "kind": "rule",
            "title": "主席会议工作规则",
            "issued_on": "2020-03-02",
            "number": "商政协发〔2020〕2号",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    old = created.json()
    no_note = api.post(
        f"{base(committee)}{old['id']}/revise/", {"title": "主席会议工作规则", "issued_on": "2026-04-01"}
    )
    assert no_note.status_code == 400
    assert "change_note" in no_note.json()
    revised = api.post(
        f"{base(committee)}{old['id']}/revise/",
        {
            "title": "主席会议工作规则",
            "issued_on": "2026-04-01",
            "change_note": "每月一次",
            "version": old["version"],
        },
        format="json",
    )
    assert revised.status_code == 201, revised.json()
    new = revised.json()
    assert (new["replaces"], new["status"], new["kind"]) == (old["id"], "current", "rule")
    assert Regulation.objects.get(pk=old["id"]).status == RegulationStatus.REVISED
    again = api.post(
        f"{base(committee)}{old['id']}/revise/",
        {"title": "再改", "issued_on": "2026-05-01", "change_note": "x"},
    )
    assert again.status_code == 400  # only a current text is revised
    repealed = api.post(f"{base(committee)}{new['id']}/repeal/", {"repealed_on": "2026-10-01"}, format="json")
    assert (repealed.status_code, repealed.json()["status"]) == (200, "repealed")
    in_2026 = api.get(base(committee), {"year": "2026"}).json()["results"]
    assert [r["id"] for r in in_2026] == [new["id"]]


def test_a_stale_patch_is_refused_and_changes_nothing(staff, committee):
    api = api_for(staff)
    made = api.post(
        base(committee), {"kind": "document", "title": "实施方案", "issued_on": "2026-04-10"}
    ).json()
    url = f"{base(committee)}{made['id']}/"
    first = api.patch(url, {"title": "第一人的标题", "version": made["version"]}, format="json")
    assert first.status_code == 200
    stale = api.patch(url, {"title": "第二人的标题", "version": made["version"]}, format="json")
    assert stale.status_code == 400
    assert "已被他人修改" in str(stale.json())
    assert Regulation.objects.get(pk=made["id"]).title == "第一人的标题"
    bad_dates = api.patch(url, {"effective_on": "2026-01-01"}, format="json")  # before issued_on
    assert bad_dates.status_code == 400
    assert "effective_on" in bad_dates.json()


def test_readers_read_but_do_not_write(leader, city_leader, committee, staff):
    made = api_for(staff).post(base(committee), {"title": "委员管理办法", "issued_on": "2020-03-01"}).json()
    for user in (leader, city_leader):
        api = api_for(user)
        assert api.get(f"{base(committee)}{made['id']}/").status_code == 200
        assert api.post(base(committee), {"title": "x", "issued_on": "2026-01-01"}).status_code == 403
        assert api.patch(f"{base(committee)}{made['id']}/", {"title": "改"}, format="json").status_code == 403
        assert (
            api.post(f"{base(committee)}{made['id']}/repeal/", {"repealed_on": "2026-01-01"}).status_code
            == 403
        )
    assert Regulation.objects.get().title == "委员管理办法"


def test_an_outsider_reads_and_writes_nothing(outsider, staff, committee):
    made = api_for(staff).post(base(committee), {"title": "委员管理办法", "issued_on": "2020-03-01"}).json()
    api = api_for(outsider)
    assert api.get(base(committee)).status_code == 404
    assert api.get(f"{base(committee)}{made['id']}/").status_code == 404
    assert api.post(base(committee), {"title": "x", "issued_on": "2026-01-01"}).status_code == 404
    assert (
        api.post(
            f"{base(committee)}{made['id']}/revise/", {"title": "x", "issued_on": "2026-01-01"}
        ).status_code
        == 404
    )
    assert (
        api.post(f"{base(committee)}{made['id']}/repeal/", {"repealed_on": str(date(2026, 1, 1))}).status_code
        == 404
    )
    assert Regulation.objects.count() == 1
