"""The ledger API: same scoping, same services, same gates as the pages; stale edits refused with 409."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from lvzhi.rectify import services
from lvzhi.rectify.choices import ItemStatus, StepKind
from lvzhi.rectify.models import LedgerItem

pytestmark = pytest.mark.django_db


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def base(committee):
    return f"/api/v1/committees/{committee.code}/ledger/"


def test_an_outsider_sees_nothing_and_moves_nothing(outsider, committee, item):
    api = api_for(outsider)
    assert api.get(base(committee)).status_code == 404
    assert api.get(f"{base(committee)}{item.pk}/").status_code == 404
    assert api.post(f"{base(committee)}{item.pk}/actions/fix/").status_code == 404
    assert api.patch(f"{base(committee)}{item.pk}/", {"version": 0}, format="json").status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.REGISTERED


def test_a_responsible_member_lists_their_own_items_only(committee, campaign, item, rectifier, staff):
    services.ledger_item_register(
        campaign=campaign, data={"category": campaign.categories.first(), "description": "别人的"}, by=staff
    )
    rows = api_for(rectifier).get(base(committee)).json()["results"]
    assert [r["id"] for r in rows] == [item.pk]
    assert len(api_for(staff).get(base(committee)).json()["results"]) == 2


def test_the_item_goes_through_the_api_with_its_people(committee, item, staff, rectifier, acceptor):
    url = f"{base(committee)}{item.pk}/actions/"
    assert api_for(rectifier).post(f"{url}fix/").status_code == 403  # the office's move
    assert api_for(staff).post(f"{url}fix/").status_code == 200
    assert api_for(rectifier).post(f"{url}start/").status_code == 200
    response = api_for(rectifier).post(f"{url}progress/", {"opinion": "已修订制度"}, format="json")
    assert response.status_code == 200
    assert api_for(rectifier).post(f"{url}submit/").status_code == 200
    assert api_for(rectifier).post(f"{url}accept/").status_code == 403  # never the 责任人
    assert api_for(staff).post(f"{url}accept/").status_code == 403  # only the 验收人
    response = api_for(acceptor).post(f"{url}accept/", {"opinion": "同意销号"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == ItemStatus.CLOSED
    assert [s["kind"] for s in body["steps"]] == [
        StepKind.REGISTER,
        StepKind.FIX,
        StepKind.START,
        StepKind.PROGRESS,
        StepKind.SUBMIT,
        StepKind.ACCEPT,
    ]
    assert body["steps"][-1]["opinion"] == "同意销号"


def test_a_wrong_move_is_explained(committee, campaign, staff):
    item = services.ledger_item_register(
        campaign=campaign, data={"category": campaign.categories.first(), "description": "缺五定"}, by=staff
    )
    response = api_for(staff).post(f"{base(committee)}{item.pk}/actions/fix/")
    assert response.status_code == 400
    assert "以下五定项尚未填写" in response.json()["detail"]
    assert api_for(staff).post(f"{base(committee)}{item.pk}/actions/fly/").status_code == 404


def test_a_stale_patch_is_refused_with_409(committee, item, staff):
    url = f"{base(committee)}{item.pk}/"
    version = api_for(staff).get(url).json()["version"]
    first = api_for(staff).patch(url, {"version": version, "measures": "第一人的措施"}, format="json")
    assert first.status_code == 200
    stale = api_for(staff).patch(url, {"version": version, "measures": "第二人的措施"}, format="json")
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["detail"]
    item.refresh_from_db()
    assert item.measures == "第一人的措施"


def test_a_higher_committee_reads_but_does_not_move(committee, item, city_leader):
    api = api_for(city_leader)
    assert api.get(f"{base(committee)}{item.pk}/").status_code == 200
    assert api.post(f"{base(committee)}{item.pk}/actions/fix/").status_code == 403
    url = f"{base(committee)}{item.pk}/"
    assert api.patch(url, {"version": item.version, "measures": "改"}, format="json").status_code == 403


def test_the_api_flags_overdue_and_due_soon(committee, item, staff, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 28))
    row = api_for(staff).get(base(committee)).json()["results"][0]
    assert (row["overdue"], row["due_soon"], row["deadline_flag"]) == (False, True, "临期")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 1, 2))
    row = api_for(staff).get(base(committee)).json()["results"][0]
    assert (row["overdue"], row["deadline_flag"]) == (True, "逾期")
    assert LedgerItem.objects.count() == 1
