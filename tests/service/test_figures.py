"""The service figures count their own committee's records in the period, and each evidence list shows
exactly the records counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.core.figures import Period, evaluate, get
from lvzhi.org.models import Person
from lvzhi.org.services import staff_create
from lvzhi.service import services
from lvzhi.service.choices import ActivityKind
from lvzhi.service.figures import SECTION
from tests import factories
from tests.service.conftest import donate

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 8, 31))
KEYS = ["staff_deployed", "members_participating", "donations_yuan", "service_activities", "beneficiaries"]


@pytest.fixture
def data(committee, other_committee, campaign, activity, officer, member, doctor, staff):
    second = Person.objects.create(committee=committee, name="钱干部", gender="2", political="01")
    staff_create(committee=committee, person=second)
    for person, place, start in (
        (officer, "金凤小区", date(2026, 8, 16)),
        (officer, "惠民小区", date(2026, 8, 25)),  # the same person twice: counted once
        (second, "金凤小区", date(2026, 9, 2)),  # after the period
    ):
        services.deployment_create(
            campaign=campaign, data={"person": person, "place": place, "start_on": start}
        )
    late = factories.make_member(committee, name="周后来").person
    services.campaign_join(campaign=campaign, person=late, start_on=date(2026, 9, 5))  # after the period
    services.campaign_join(campaign=campaign, person=member.person, start_on=date(2026, 8, 16))
    joined = factories.make_member(committee, name="吴参与").person
    services.campaign_join(campaign=campaign, person=joined, start_on=date(2026, 8, 20))
    donate(campaign, date(2026, 8, 17), money="1000", donor_person=member.person)
    donate(campaign, date(2026, 8, 18), money="500.5", goods="口罩", goods_value="2000", donor_name="某公司",
           donor_person=member.person)  # fmt: skip
    donate(campaign, date(2026, 8, 19), money="300", donor_name="热心群众")
    donate(campaign, date(2026, 9, 3), money="9999", donor_name="迟到的")  # after the period
    services.activity_create(
        committee=committee,
        data={"title": "九月义诊", "kind": ActivityKind.FREE_CLINIC, "held_on": date(2026, 9, 9), "place": "x",
              "beneficiaries": 5000},
        participants=[late],
    )  # fmt: skip
    services.activity_create(
        committee=committee,
        data={"title": "文艺汇演", "sector": factories.sector(committee, "文艺界"), "kind": ActivityKind.PERFORMANCE,
              "held_on": date(2026, 6, 1), "place": "广场", "beneficiaries": 800},
        participants=[member.person],
    )  # fmt: skip
    # Another committee's records never count.
    elsewhere = services.activity_create(
        committee=other_committee,
        data={"title": "别处", "kind": ActivityKind.OTHER, "held_on": date(2026, 3, 3), "place": "x",
              "beneficiaries": 99},
    )  # fmt: skip
    services.activity_attend(activity=elsewhere, person=factories.make_member(other_committee).person)


def test_the_figures_count_the_committees_own_records_in_the_period(committee, data, doctor, member):
    values = evaluate(committee, PERIOD, KEYS)
    assert {k: values[k].value for k in KEYS} == {
        "staff_deployed": 1,
        "members_participating": 3,  # the doctor and the member (activity), 吴参与 (campaign)
        "donations_yuan": Decimal("3800.50"),
        "service_activities": 2,
        "beneficiaries": 2000,
    }
    assert "捐款1,800.50元、捐物折价2,000.00元，3个捐赠人" in values["donations_yuan"].sentence
    assert "下沉2个社区（小区）" in values["staff_deployed"].sentence
    assert "组织文艺、医卫界委员开展服务活动2场次" in values["service_activities"].sentence
    assert all(get(k).section == SECTION == "优化融合发展" for k in KEYS)


def test_each_evidence_list_shows_exactly_the_counted_records(client, staff, committee, data):
    client.force_login(staff)
    values = evaluate(committee, PERIOD, KEYS)
    deployed = client.get(values["staff_deployed"].source).context
    assert deployed["people"] == values["staff_deployed"].value
    assert {d.person.name for d in deployed["page_obj"].paginator.object_list} == {"赵干部"}
    people = client.get(values["members_participating"].source).context
    assert people["page_obj"].paginator.count == values["members_participating"].value
    assert {p.name for p, _c, _a in people["rows"]} == {"孙医生", "王建国", "吴参与"}
    donations = client.get(values["donations_yuan"].source).context
    assert donations["totals"]["total"] == values["donations_yuan"].value
    assert donations["page_obj"].paginator.count == 3
    activities = client.get(values["service_activities"].source).context
    assert activities["page_obj"].paginator.count == values["service_activities"].value
    assert activities["beneficiaries"] == values["beneficiaries"].value
    assert values["beneficiaries"].source == values["service_activities"].source
