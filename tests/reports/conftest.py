"""A city with two counties for the roll-up: members in each, and one person (same ID number) reading in
both counties, so a distinct count and a sum differ.
And records for the dashboard's charts: members in two sectors, ledger items (one overdue)."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest

from lvzhi.core.figures import Period
from lvzhi.core.idnumber import synthetic_id_number
from lvzhi.core.roles import Role
from lvzhi.org.models import Person
from lvzhi.org.services import member_create
from lvzhi.rectify.services import campaign_create as ledger_campaign_create
from lvzhi.rectify.services import ledger_item_register
from lvzhi.study.services import campaign_create, reading_log_create
from tests import factories

YEAR = 2024
PERIOD = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
SHARED_ID = synthetic_id_number(region="611002", birth=date(1970, 5, 6), sequence=321)


def member_with_id(committee, name: str, id_number: str) -> Person:
    membership = member_create(
        committee=committee,
        term=factories.term_of(committee),
        person_data={"name": name, "gender": "1", "political": "13", "birth_month": date(1970, 5, 1)},
        membership_data={"sector": factories.sector(committee), "start": factories.TERM_START},
        id_number=id_number,
    )
    return membership.person


def reads(committee, *people: Person) -> None:
    campaign = campaign_create(
        committee=committee,
        data={
            "name": f"{YEAR}年读书活动",
            "year": YEAR,
            "start_on": date(YEAR, 1, 1),
            "end_on": date(YEAR, 12, 31),
        },
    )
    for person in people:
        reading_log_create(
            campaign=campaign,
            person=person,
            data={"title": "论语", "started_on": date(YEAR, 3, 1), "finished_on": date(YEAR, 4, 1)},
        )


@pytest.fixture
def county2(city):
    return factories.make_committee("county2", parent=city, name="第二区政协")


@pytest.fixture
def city_data(city, committee, county2):
    """city: 1 member; county: 3 (one of them the shared person); county2: 2 (one the shared person)."""
    factories.make_member(city)
    a = [member_with_id(committee, "张同一", SHARED_ID), factories.make_member(committee).person]
    factories.make_member(committee)
    b = [member_with_id(county2, "张同一", SHARED_ID), factories.make_member(county2).person]
    reads(committee, a[0])
    reads(county2, *b)
    return {"county": a, "county2": b}


@pytest.fixture
def city_staff(city):
    return factories.user_with_role(city, Role.STAFF, username="citystaff")


_campaigns = count(1)


def ledger_items(committee, staff, *, open_items: int, overdue: int):
    """Items registered in 2026 with a deadline ahead, and items long past their deadline."""
    campaign = ledger_campaign_create(
        committee=committee,
        name=f"作风建设专项行动{next(_campaigns)}",
        started_on=date(2024, 1, 1),
        categories=["工作作风"],
        by=staff,
    )
    responsible = factories.make_member(committee).person
    base = {"category": campaign.categories.first(), "responsible": responsible, "measures": "压缩流转环节"}
    items = []
    for n in range(open_items):
        data = {**base, "description": f"公文办理时限偏长{n}", "deadline": date(2099, 12, 31)}
        items.append(ledger_item_register(campaign=campaign, data=data, on=date(2026, 4, 1), by=staff))
    for n in range(overdue):
        data = {**base, "description": f"逾期未改问题{n}", "deadline": date(2024, 3, 1)}
        items.append(ledger_item_register(campaign=campaign, data=data, on=date(2024, 2, 1), by=staff))
    return items


@pytest.fixture
def members(committee, economy, economy_branch):
    """Three CPC members of 经济界 in the 经济委员会, two 群众 of 教育界 without a special committee."""
    cpc = [
        factories.make_member(committee, name=f"党员{n}", political="01", sc=economy, branch=economy_branch)
        for n in range(3)
    ]
    masses = [factories.make_member(committee, name=f"教育{n}", sector_short="教育界") for n in range(2)]
    return cpc, masses
