from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.core.roles import Role
from lvzhi.org.models import Person
from lvzhi.org.services import staff_create
from lvzhi.service import services
from lvzhi.service.choices import ActivityKind
from tests import factories


@pytest.fixture
def officer(committee):
    """One of the office staff (机关干部), a person of the committee but not a member."""
    person = Person.objects.create(committee=committee, name="赵干部", gender="1", political="01")
    staff_create(committee=committee, person=person, department="办公室")
    return person


@pytest.fixture
def doctor(committee):
    """A 医卫界 member with an account."""
    person = factories.make_member(committee, name="孙医生", sector_short="医卫界").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="doctor")


@pytest.fixture
def unit_user(committee):
    from lvzhi.org.services import unit_create

    unit = unit_create(committee=committee, name="区卫生健康局")
    return factories.user_with_role(committee, Role.UNIT, unit=unit, username="unit")


@pytest.fixture
def campaign(committee, staff):
    return services.campaign_create(
        committee=committee,
        data={"name": "8·15疫情防控", "start_on": date(2026, 8, 15), "end_on": date(2026, 9, 20)},
        by=staff,
    )


@pytest.fixture
def activity(committee, staff, doctor, member):
    return services.activity_create(
        committee=committee,
        data={
            "title": "医卫界委员进社区义诊",
            "sector": factories.sector(committee, "医卫界"),
            "kind": ActivityKind.FREE_CLINIC,
            "held_on": date(2026, 5, 12),
            "place": "东店子社区",
            "beneficiaries": 1200,
        },
        participants=[doctor.person, member.person],
        by=staff,
    )


def donate(campaign, on, money="0", goods="", goods_value="0", **extra):
    return services.donation_create(
        campaign=campaign,
        data={
            "donated_on": on,
            "money": Decimal(money),
            "goods": goods,
            "goods_value": Decimal(goods_value),
            **extra,
        },
    )
