"""The demo's service is the article's: the 8·15 campaign with 16 staff deployed, all 209 members taking
part and over ¥300,000 donated; 19 sector service activities serving over 20,000 people."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE, DEMO_PASSWORD
from lvzhi.core.figures import Period, evaluate
from lvzhi.duty.models import DutyRecord
from lvzhi.org.models import Committee, TermMembership
from lvzhi.service.models import Donation, ServiceActivity, ServiceCampaign

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_articles_numbers(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    today = timezone.localdate()
    campaign = ServiceCampaign.objects.get(committee=committee, name="8·15疫情防控")
    assert (campaign.start_on.month, campaign.start_on.day) == (8, 15)
    assert campaign.deployments.values("person").distinct().count() == 16
    members = TermMembership.objects.filter(committee=committee).values("person_id")
    assert campaign.participations.filter(person__in=members).count() == 209
    totals = Donation.objects.filter(campaign=campaign).totals()
    assert Decimal(300_000) < totals["total"] < Decimal(400_000)
    assert totals["money"] > 0
    assert totals["goods"] > 0
    activities = ServiceActivity.objects.filter(committee=committee)
    assert activities.count() == 19
    assert {a.sector.short_name for a in activities} == {"科技界", "医卫界", "文艺界", "特别邀请人士"}
    assert not activities.filter(held_on__gt=today).exists()

    values = evaluate(committee, Period(today - timedelta(days=365), today))
    assert values["staff_deployed"].value == 16
    assert values["members_participating"].value == 209
    assert Decimal(300_000) < values["donations_yuan"].value < Decimal(400_000)
    assert values["service_activities"].value == 19
    assert 20_000 < values["beneficiaries"].value < 30_000
    assert "组织科技、文艺、医卫、特邀界委员" in values["service_activities"].sentence or (
        "特邀" in values["service_activities"].sentence
    )
    assert DutyRecord.objects.filter(committee=committee, kind="service.campaign").count() == 209
    assert DutyRecord.objects.filter(committee=committee, kind="service.deployed").count() == 16

    client.post("/accounts/login/", {"username": "demo-member", "password": DEMO_PASSWORD})
    page = client.get(f"/c/{DEMO_CODE}/service/mine/")
    assert page.status_code == 200
    assert [p.campaign.name for p in page.context["participations"]] == ["8·15疫情防控"]
