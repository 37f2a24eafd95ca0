from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core.roles import Role
from lvzhi.duty.services import scheme_version_create
from lvzhi.study import services as study
from lvzhi.study.choices import AttendanceStatus, Layer
from tests import factories

PRESENT, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def study_day(committee, on: date, marks: dict, topic: str = "学习党的二十大精神"):
    """A 常委会专题学 session on a day, with its attendance list: person id -> status."""
    session = study.session_create(
        committee=committee, data={"layer": Layer.STANDING, "held_on": on, "topic": topic}
    )
    study.attendance_set(
        session=session,
        marks={pid: (status, "出差" if status == EXCUSED else "") for pid, status in marks.items()},
    )
    return session


def item(code, kind, points, state="counted", cap=None, match=None, label=None):
    return {
        "code": code,
        "label": label or code,
        "kind": kind,
        "state": state,
        "points": points,
        "cap": cap,
        "match": match or {},
    }


@pytest.fixture
def two_versions(committee, staff):
    """Version A from 2024-01-01 and version B from 2025-07-01, both over study attendance."""
    a = scheme_version_create(
        committee=committee,
        name="甲办法",
        valid_from=date(2024, 1, 1),
        base_score=10,
        items=[
            item("study", "study.attended", 2, cap=100),
            item("absence", "study.absent", -3),
            item("excused", "study.absent", -1, state="excused"),
        ],
        bands=[{"min_score": 0, "grade": "甲"}],
        by=staff,
    )
    b = scheme_version_create(
        committee=committee,
        name="乙办法",
        valid_from=date(2025, 7, 1),
        base_score=20,
        items=[item("study", "study.attended", 5, cap=12), item("absence", "study.absent", -4)],
        bands=[{"min_score": 30, "grade": "优"}, {"min_score": 0, "grade": "合格"}],
        by=staff,
    )
    return a, b


@pytest.fixture
def colleague(committee):
    """Another 委员 with an account: they must never see the member's archive."""
    person = factories.make_member(committee, name="李同事").person
    return factories.user_with_role(committee, Role.MEMBER, person=person, username="colleague")


@pytest.fixture
def standing_member(committee):
    return factories.make_member(committee, name="赵常委", position="standing")


@pytest.fixture
def standing_user(committee, standing_member):
    return factories.user_with_role(
        committee, Role.MEMBER, person=standing_member.person, username="standing"
    )
