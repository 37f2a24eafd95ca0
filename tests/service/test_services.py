"""The service services: validation in Chinese, idempotent joins, the DutyRecords each row implies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lvzhi.duty.models import DutyRecord
from lvzhi.service import services
from lvzhi.service.duty import ACTIVITY, CAMPAIGN, DEPLOYED, DONATED
from lvzhi.service.models import ActivityParticipant, CampaignParticipation, Donation
from tests import factories
from tests.service.conftest import donate

pytestmark = pytest.mark.django_db


def test_a_deployment_is_for_office_staff_and_records_their_duty(campaign, officer, member, staff):
    deployment = services.deployment_create(
        campaign=campaign,
        data={"person": officer, "place": "金凤小区", "start_on": date(2026, 8, 16), "role": "值守"},
        by=staff,
    )
    record = DutyRecord.objects.get(kind=DEPLOYED)
    assert (record.person_id, record.date) == (officer.pk, date(2026, 8, 16))
    assert record.detail["place"] == "金凤小区"
    with pytest.raises(ValidationError) as exc:
        services.deployment_create(
            campaign=campaign, data={"person": member.person, "place": "x", "start_on": date(2026, 8, 16)}
        )
    assert "只能选择本会的机关干部" in str(exc.value)
    services.deployment_delete(deployment=deployment)
    assert not DutyRecord.objects.filter(kind=DEPLOYED).exists()


def test_campaign_join_is_idempotent(campaign, member, staff):
    first = services.campaign_join(campaign=campaign, person=member.person, did="小区值守", by=staff)
    again = services.campaign_join(campaign=campaign, person=member.person, did="别的", by=staff)
    assert first.pk == again.pk
    assert CampaignParticipation.objects.get().did == "小区值守"
    assert DutyRecord.objects.filter(kind=CAMPAIGN, person=member.person).count() == 1
    assert first.start_on == timezone.localdate()  # a check-in joins on its day


def test_activity_attend_is_idempotent_and_refuses_strangers(activity, committee, other_committee, staff):
    newcomer = factories.make_member(committee, name="新来的").person
    services.activity_attend(activity=activity, person=newcomer, by=staff)
    services.activity_attend(activity=activity, person=newcomer, by=staff)
    assert ActivityParticipant.objects.filter(activity=activity, person=newcomer).count() == 1
    record = DutyRecord.objects.get(kind=ACTIVITY, person=newcomer)
    assert record.detail == {
        "title": "医卫界委员进社区义诊",
        "sector": "医卫界",
        "kind": "义诊",
        "beneficiaries": 1200,
    }
    stranger = factories.make_member(other_committee).person
    with pytest.raises(ValidationError):
        services.activity_attend(activity=activity, person=stranger)


def test_an_activity_update_moves_the_duty_records_with_its_participants(activity, member, doctor):
    assert DutyRecord.objects.filter(kind=ACTIVITY).count() == 2
    services.activity_update(activity=activity, data={"beneficiaries": 1500}, participants=[doctor.person])
    records = DutyRecord.objects.filter(kind=ACTIVITY)
    assert [(r.person_id, r.detail["beneficiaries"]) for r in records] == [(doctor.person_id, 1500)]


def test_the_check_in_window_must_be_whole_and_in_order(committee):
    tz = timezone.get_current_timezone()
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            committee=committee,
            data={
                "title": "义务理发",
                "kind": "haircut",
                "held_on": date(2026, 5, 1),
                "place": "敬老院",
                "starts_at": datetime(2026, 5, 1, 10, tzinfo=tz),
                "ends_at": datetime(2026, 5, 1, 9, tzinfo=tz),
            },
        )
    assert "签到结束时间须晚于开始时间" in str(exc.value)


def test_a_donation_of_a_company_led_by_a_member_is_the_members_duty(campaign, member):
    donation = donate(
        campaign,
        date(2026, 8, 18),
        money="10000",
        goods="医用口罩2万只",
        goods_value="48000.50",
        donor_person=member.person,
        donor_name="某医药公司",
        receipt_no="R-001",
    )
    assert donation.donor_label == f"某医药公司（{member.person.name}）"
    record = DutyRecord.objects.get(kind=DONATED)
    assert record.detail["amount"] == "58000.50"
    assert record.person_id == member.person_id
    outsider_gift = donate(campaign, date(2026, 8, 19), money="500", donor_name="热心群众")
    assert not DutyRecord.objects.filter(kind=DONATED, source_id=outsider_gift.pk).exists()
    totals = Donation.objects.filter(campaign=campaign).totals()
    assert totals == {
        "money": Decimal("10500.00"),
        "goods": Decimal("48000.50"),
        "total": Decimal("58500.50"),
        "donors": 2,
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"money": "100"}, "donor_name", "请选择捐赠的委员或填写捐赠单位或个人"),
        ({"donor_name": "某公司"}, "money", "捐款和物品折价不能都为零"),
        ({"donor_name": "某公司", "goods_value": "100"}, "goods", "有物品折价时请填写捐物内容"),
        ({"donor_name": "某公司", "money": "-5"}, "money", "金额不能为负数"),
        ({"donor_name": "某公司", "money": "5", "receipt_no": "R-1"}, "receipt_no", "已登记过"),
    ],
)
def test_a_donation_is_refused_with_the_field_named(campaign, data, field, message):
    donate(campaign, date(2026, 8, 20), money="1", donor_name="先到的", receipt_no="R-1")
    with pytest.raises(ValidationError) as exc:
        donate(campaign, date(2026, 8, 20), **data)
    assert message in " ".join(exc.value.message_dict[field])


def test_a_stale_campaign_edit_is_refused(campaign):
    services.campaign_update(campaign=campaign, data={"description": "先改"}, expected_version=0)
    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, data={"description": "后改"}, expected_version=0)
