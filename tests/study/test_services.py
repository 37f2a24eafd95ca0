"""The services of study: what they accept, what they refuse, and that nothing is half-written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lvzhi.study import services
from lvzhi.study.choices import AttendanceStatus, Layer
from lvzhi.study.models import SessionAttendance, StudyGroupMember
from tests import factories
from tests.study.conftest import log_for

pytestmark = pytest.mark.django_db


def test_a_group_always_counts_its_leader_among_its_members(group, member, reader):
    assert set(StudyGroupMember.objects.filter(group=group).values_list("person_id", flat=True)) == {
        member.person_id,
        reader.person_id,
    }


def test_a_dissolved_group_gets_its_date_and_no_longer_exists_after_it(group, staff):
    services.group_update(group=group, data={"active": False}, expected_version=group.version, by=staff)
    group.refresh_from_db()
    assert group.dissolved_on is not None
    assert not type(group).objects.filter(pk=group.pk).existing_on(group.dissolved_on).exists()


def test_it_refuses_a_person_of_another_committee(committee, other_committee, group, staff):
    stranger = factories.make_member(other_committee).person
    with pytest.raises(ValidationError):
        services.group_update(group=group, data={}, members=[stranger], by=staff)


def test_a_group_session_needs_its_group_and_a_branch_session_its_branch(committee, staff):
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            committee=committee, data={"layer": Layer.GROUP, "held_on": date(2026, 3, 1), "topic": "x"}
        )
    assert "group" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            committee=committee, data={"layer": Layer.BRANCH, "held_on": date(2026, 3, 1), "topic": "x"}
        )
    assert "branch" in exc.value.message_dict


def test_a_speaker_and_an_expert_are_one_or_the_other(committee, member):
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            committee=committee,
            data={
                "layer": Layer.STANDING,
                "held_on": date(2026, 3, 1),
                "topic": "x",
                "speaker": member.person,
                "expert_name": "张教授",
            },
        )
    assert "expert_name" in exc.value.message_dict


def test_leave_needs_its_reason_and_a_refused_list_writes_nothing(study_session, member, reader):
    with pytest.raises(ValidationError, match="请假须写明原因"):
        services.attendance_set(
            session=study_session,
            marks={
                member.person_id: (AttendanceStatus.PRESENT, ""),
                reader.person_id: (AttendanceStatus.EXCUSED, ""),
            },
        )
    assert not SessionAttendance.objects.filter(session=study_session).exists()


def test_an_empty_status_takes_a_person_off_the_list(study_session, member):
    services.attendance_set(session=study_session, marks={member.person_id: (AttendanceStatus.PRESENT, "")})
    services.attendance_set(session=study_session, marks={member.person_id: ("", "")})
    assert not study_session.attendances.exists()


def test_a_stale_edit_is_refused(study_session, staff):
    seen = study_session.version
    services.session_update(session=study_session, data={"topic": "新主题"}, expected_version=seen, by=staff)
    with pytest.raises(ValidationError) as exc:
        services.session_update(
            session=study_session, data={"topic": "旧页面"}, expected_version=seen, by=staff
        )
    assert exc.value.code == "stale"
    study_session.refresh_from_db()
    assert study_session.topic == "新主题"


def test_a_log_of_a_listed_book_takes_its_title_and_a_free_title_needs_one(campaign, member):
    log = log_for(campaign, member.person, date(2026, 2, 1))
    assert log.title == "习近平谈治国理政"
    with pytest.raises(ValidationError) as exc:
        services.reading_log_create(
            campaign=campaign,
            person=member.person,
            data={"started_on": date(2026, 2, 1), "hours": Decimal(1)},
        )
    assert "title" in exc.value.message_dict


def test_a_book_of_another_campaign_is_refused(committee, campaign, member):
    other = services.campaign_create(
        committee=committee,
        data={"name": "其他活动", "year": 2025, "start_on": date(2025, 1, 1), "end_on": date(2025, 12, 31)},
        books=[("红岩", "罗广斌", "")],
    )
    with pytest.raises(ValidationError) as exc:
        services.reading_log_create(
            campaign=campaign,
            person=member.person,
            data={"book": other.books.get(), "started_on": date(2026, 2, 1), "hours": Decimal(1)},
        )
    assert "book" in exc.value.message_dict


def test_a_training_refuses_an_end_before_its_start(committee, member):
    with pytest.raises(ValidationError) as exc:
        services.training_create(
            committee=committee,
            data={
                "title": "委员履职培训",
                "organizer": "市委党校",
                "start_on": date(2026, 5, 2),
                "end_on": date(2026, 5, 1),
                "hours": Decimal("8"),
            },
            participants=[member.person],
        )
    assert "end_on" in exc.value.message_dict


def test_a_duplicate_book_on_the_list_is_refused(campaign):
    with pytest.raises(ValidationError, match="书目中已有"):
        services.book_add(campaign=campaign, title="《习近平谈治国理政》")
