from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from lvzhi.accounts.models import RoleAssignment
from lvzhi.core.roles import Role
from lvzhi.meetings import services
from lvzhi.meetings.choices import MeetingType
from tests import factories


def at(days: int, hour: int = 9) -> datetime:
    """A moment ``days`` from today (negative: in the past)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def make_meeting(committee, kind=MeetingType.STANDING, *, days=7, by=None, **data):
    values = {
        "type": kind,
        "title": "政协测试区第十五届委员会第十八次常委会议",
        "starts_at": at(days),
        "ends_at": at(days, 12),
        "place": "区政协三楼会议室",
        "notice": "经研究，定于近期召开会议。",
        **data,
    }
    return services.meeting_create(
        committee=committee, data=values, agenda=["传达学习文件", "协商有关事项"], by=by
    )


@pytest.fixture
def chair(committee):
    """The 主席 (a 主席会议成员) with a leader's account."""
    person = factories.make_member(committee, name="赵主席", position="chair", political="01").person
    user = factories.user_with_role(committee, Role.LEADER, person=person, username="chairlead")
    RoleAssignment.objects.create(user=user, committee=committee, role=Role.MEMBER)
    return user


@pytest.fixture
def standing_member(committee, economy):
    """A 常委 in the 经济委员会, with a member's account."""
    person = factories.make_member(
        committee, name="钱常委", position="standing", sc=economy, mobile="13912345678"
    ).person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="standing")


@pytest.fixture
def director(committee, economy):
    """The 经济委员会's 主任: a 常委 in it holding the director role."""
    person = factories.make_member(committee, name="孙主任", position="standing", sc=economy).person
    return factories.user_with_role(committee, Role.COMMITTEE_DIRECTOR, person=person, username="director")


@pytest.fixture
def standing_meeting(committee, chair, standing_member, member, staff):
    return make_meeting(committee, by=staff)
