"""The service pages and API: scoping (outsider 404, unit account nothing), staff moves, forms, exports."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from lvzhi.service import services
from lvzhi.service.choices import ActivityKind
from lvzhi.service.models import CampaignParticipation, Deployment, Donation, ServiceActivity
from tests import factories
from tests.service.conftest import donate

pytestmark = pytest.mark.django_db


def url(name, committee, **kwargs):
    return reverse(f"service:{name}", kwargs={"committee": committee.code, **kwargs})


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def records(campaign, activity, officer, member):
    deployment = services.deployment_create(
        campaign=campaign, data={"person": officer, "place": "金凤小区", "start_on": date(2026, 8, 16)}
    )
    participation = services.campaign_join(campaign=campaign, person=member.person, did="值守")
    donation = donate(campaign, date(2026, 8, 17), money="1000", donor_person=member.person)
    return deployment, participation, donation


def _pages(committee, campaign, activity, records):
    deployment, participation, donation = records
    return [
        url("campaigns", committee),
        url("campaign", committee, pk=campaign.pk),
        url("campaign_edit", committee, pk=campaign.pk),
        url("deployment_create", committee, pk=campaign.pk),
        url("participation_create", committee, pk=campaign.pk),
        url("deployments", committee),
        url("deployment_edit", committee, pk=deployment.pk),
        url("participation_edit", committee, pk=participation.pk),
        url("participants", committee),
        url("donations", committee),
        url("donation_edit", committee, pk=donation.pk),
        url("activities", committee),
        url("activity", committee, pk=activity.pk),
        url("activity_edit", committee, pk=activity.pk),
    ]


def test_an_outsider_sees_nothing(client, outsider, committee, campaign, activity, records):
    client.force_login(outsider)
    for page in [*_pages(committee, campaign, activity, records), url("mine", committee)]:
        assert client.get(page).status_code == 404, page
    assert client.post(url("activity_edit", committee, pk=activity.pk), {"delete": "1"}).status_code == 404
    for path in ("service/campaigns/", "service/activities/"):
        assert api(outsider).get(f"/api/v1/committees/{committee.code}/{path}").status_code == 404
    assert ServiceActivity.objects.filter(pk=activity.pk).exists()


def test_a_unit_account_sees_nothing_of_service(client, unit_user, committee, campaign, activity, records):
    client.force_login(unit_user)
    for page in [*_pages(committee, campaign, activity, records), url("mine", committee)]:
        assert client.get(page).status_code in (403, 404), page
    for path in ("service/campaigns/", "service/activities/"):
        assert api(unit_user).get(f"/api/v1/committees/{committee.code}/{path}").status_code in (403, 404)


def test_a_member_cannot_make_staff_moves(
    client, member_user, committee, campaign, activity, records, member
):
    _deployment, participation, donation = records
    client.force_login(member_user)
    for page in (
        url("activity_create", committee),
        url("campaign_create", committee),
        url("donation_create", committee),
    ):
        assert client.get(page).status_code == 403, page
    assert client.post(url("activity_edit", committee, pk=activity.pk), {"delete": "1"}).status_code in (
        403,
        404,
    )
    assert client.post(url("donation_edit", committee, pk=donation.pk), {"delete": "1"}).status_code in (
        403,
        404,
    )
    assert (
        client.post(url("participation_edit", committee, pk=participation.pk), {"delete": "1"}).status_code
        == 403
    )
    assert client.post(url("deployment_create", committee, pk=campaign.pk), {}).status_code == 403
    assert ServiceActivity.objects.exists()
    assert Donation.objects.exists()
    assert CampaignParticipation.objects.exists()
    assert client.get(url("activities", committee)).status_code == 403
    assert api(member_user).get(f"/api/v1/committees/{committee.code}/service/activities/").status_code == 403


def test_a_member_sees_their_own_service_on_the_phone_page(
    client, member_user, doctor, committee, records, activity
):
    client.force_login(member_user)
    page = client.get(url("mine", committee))
    assert page.status_code == 200
    assert [p.campaign.name for p in page.context["participations"]] == ["8·15疫情防控"]
    assert [a.title for a in page.context["activities"]] == [activity.title]
    assert [str(d.total) for d in page.context["donations"]] == ["1000.00"]
    client.force_login(doctor)
    theirs = client.get(url("mine", committee)).context
    assert list(theirs["participations"]) == []
    assert list(theirs["donations"]) == []
    assert "我的服务" in page.content.decode()


def test_every_page_opens_for_staff_and_the_menu_shows_service(
    client, staff, committee, campaign, activity, records, django_assert_max_num_queries
):
    client.force_login(staff)
    for page in [*_pages(committee, campaign, activity, records), url("donation_create", committee),
                 url("activity_create", committee), url("campaign_create", committee), url("donation_import", committee)]:  # fmt: skip
        response = client.get(page)
        assert response.status_code == 200, page
    assert "为民服务" in response.content.decode()
    assert url("activities", committee) in response.content.decode()


def test_the_lists_keep_a_constant_number_of_queries(client, staff, committee, campaign, activity):
    client.force_login(staff)

    def count(name):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(name, committee)).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        person = factories.make_member(committee).person
        donate(campaign, date(2026, 8, 20), money="10", donor_person=person)
        services.campaign_join(campaign=campaign, person=person)
        services.activity_create(
            committee=committee,
            data={
                "title": f"活动{n}",
                "kind": ActivityKind.OTHER,
                "held_on": date(2026, 6, n + 1),
                "place": "x",
            },
            participants=[person],
        )

    add(0)
    before = {n: count(n) for n in ("activities", "donations", "campaigns", "participants", "deployments")}
    for n in range(1, 6):
        add(n)
    assert {n: count(n) for n in before} == before


def test_staff_record_a_campaign_its_deployments_participants_and_donations(
    client, staff, committee, officer, member
):
    client.force_login(staff)
    response = client.post(url("campaign_create", committee), {"name": "抗洪救灾", "start_on": "2026-07-01"})
    campaign = CampaignParticipation._meta.get_field("campaign").related_model.objects.get(name="抗洪救灾")
    assert response["Location"] == campaign.get_absolute_url()
    client.post(url("deployment_create", committee, pk=campaign.pk),
                {"person": officer.pk, "place": "河滨小区", "start_on": "2026-07-02"})  # fmt: skip
    assert Deployment.objects.get().place == "河滨小区"
    client.post(url("participation_create", committee, pk=campaign.pk),
                {"person": member.person_id, "did": "转移群众", "start_on": "2026-07-02"})  # fmt: skip
    again = client.post(url("participation_create", committee, pk=campaign.pk),
                        {"person": member.person_id, "start_on": "2026-07-03"})  # fmt: skip
    assert "已在参与名单中" in again.content.decode()
    client.post(url("donation_create", committee),
                {"campaign": campaign.pk, "donor_name": "某公司", "donor_person": member.person_id,
                 "donated_on": "2026-07-05", "money": "5000", "goods": "", "goods_value": "0"})  # fmt: skip
    bad = client.post(url("donation_create", committee),
                      {"campaign": campaign.pk, "donated_on": "2026-07-05", "money": "0", "goods_value": "0"})  # fmt: skip
    assert "请选择捐赠的委员或填写捐赠单位或个人" in bad.content.decode()
    page = client.get(campaign.get_absolute_url())
    assert page.context["totals"]["total"] == 5000
    assert page.context["n_deployed"] == 1
    assert [p.person_id for p in page.context["participations"]] == [member.person_id]


def test_the_activity_list_filters_and_exports_what_it_shows(client, staff, committee, activity):
    services.activity_create(
        committee=committee,
        data={"title": "普法宣传", "sector": factories.sector(committee, "社科界"), "kind": ActivityKind.LEGAL_AWARENESS,
              "held_on": date(2026, 7, 1), "place": "广场", "beneficiaries": 300},
    )  # fmt: skip
    client.force_login(staff)
    medical = factories.sector(committee, "医卫界")
    shown = client.get(url("activities", committee), {"sector": medical.pk}).context
    assert [a.title for a in shown["rows"]] == ["医卫界委员进社区义诊"]
    assert shown["beneficiaries"] == 1200
    by_kind = client.get(url("activities", committee), {"kind": "legal_awareness"}).context["rows"]
    assert [a.title for a in by_kind] == ["普法宣传"]
    dated = client.get(url("activities", committee), {"from": "2026-06-01", "to": "2026-12-31"}).context[
        "rows"
    ]
    assert [a.title for a in dated] == ["普法宣传"]
    assert client.get(url("activities", committee), {"from": "2026-99-01"}).status_code == 404
    export = client.get(url("activities", committee), {"sector": medical.pk, "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "活动名称", "界别")
    assert [r[1] for r in rows[1:]] == ["医卫界委员进社区义诊"]
    assert rows[1][5:7] == (2, 1200)


def test_the_donation_export_has_the_totals_of_each_row(client, staff, committee, campaign, member):
    donate(campaign, date(2026, 8, 18), money="100", goods="口罩", goods_value="50.5", donor_person=member.person,
           donor_name="某公司", receipt_no="R-9")  # fmt: skip
    client.force_login(staff)
    export = client.get(url("donations", committee), {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][2:9] == ("某公司", member.person.name, 100, "口罩", 50.5, 150.5, "R-9")


def test_the_api_lists_campaigns_with_totals_and_activities(leader, committee, campaign, activity, records):
    rows = api(leader).get(f"/api/v1/committees/{committee.code}/service/campaigns/").json()["results"]
    assert [(r["name"], r["staff_deployed"], r["participants"], r["donations_money"]) for r in rows] == [
        ("8·15疫情防控", 1, 1, "1000.00")
    ]
    rows = api(leader).get(f"/api/v1/committees/{committee.code}/service/activities/").json()["results"]
    assert [(r["title"], r["sector"], r["participants"], r["beneficiaries"]) for r in rows] == [
        ("医卫界委员进社区义诊", "医卫界", 2, 1200)
    ]


def test_a_stale_activity_edit_is_refused_and_keeps_what_was_typed(client, staff, committee, activity):
    client.force_login(staff)
    form = client.get(url("activity_edit", committee, pk=activity.pk)).context["form"]
    services.activity_update(
        activity=activity, data={"title": "别人先改了"}, expected_version=activity.version
    )
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(sector=activity.sector_id, held_on="2026-05-12", title="我的修改")
    response = client.post(url("activity_edit", committee, pk=activity.pk), data)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    assert "我的修改" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "别人先改了"
