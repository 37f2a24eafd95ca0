from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.core.roles import Role
from lvzhi.study import services
from lvzhi.study.choices import Layer
from tests import factories


@pytest.fixture
def reader(committee):
    """Another 委员 with an account, whose logs the first member must never see."""
    person = factories.make_member(committee, name="李读书").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="reader")


@pytest.fixture
def group(committee, member, reader, staff):
    return services.group_create(
        committee=committee,
        data={"name": "第一学习组", "leader": member.person, "established_on": date(2026, 1, 10)},
        members=[reader.person],
        by=staff,
    )


@pytest.fixture
def study_session(committee, group, staff):
    return services.session_create(
        committee=committee,
        data={
            "layer": Layer.GROUP,
            "held_on": date(2026, 3, 5),
            "topic": "学习党的二十大精神",
            "group": group,
        },
        by=staff,
    )


@pytest.fixture
def campaign(committee, staff):
    return services.campaign_create(
        committee=committee,
        data={
            "name": "2026年委员读书活动",
            "year": 2026,
            "start_on": date(2026, 1, 1),
            "end_on": date(2026, 12, 31),
        },
        books=[("习近平谈治国理政", "", ""), ("人民政协重要文献选编", "", "")],
        by=staff,
    )


def log_for(campaign, person, started, hours="2", **extra):
    return services.reading_log_create(
        campaign=campaign,
        person=person,
        data={"book": campaign.books.first(), "started_on": started, "hours": Decimal(hours), **extra},
    )
