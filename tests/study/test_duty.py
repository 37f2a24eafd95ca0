"""Every act of study is a DutyRecord that appears, changes and disappears with its source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.duty.models import DutyRecord
from lvzhi.duty.services import duty_record_sync
from lvzhi.study import duty, services
from lvzhi.study.choices import AttendanceStatus, Layer
from tests.study.conftest import log_for

pytestmark = pytest.mark.django_db


def records(person, *kinds):
    return list(DutyRecord.objects.filter(person=person, kind__in=kinds).values_list("kind", "state", "date"))


def test_attendance_becomes_a_record_that_follows_the_list(study_session, member, reader):
    services.attendance_set(
        session=study_session,
        marks={
            member.person_id: (AttendanceStatus.PRESENT, ""),
            reader.person_id: (AttendanceStatus.EXCUSED, "出差"),
        },
    )
    assert records(member.person, duty.ATTENDED, duty.ABSENT) == [
        (duty.ATTENDED, "counted", date(2026, 3, 5))
    ]
    assert records(reader.person, duty.ATTENDED, duty.ABSENT) == [(duty.ABSENT, "excused", date(2026, 3, 5))]
    services.attendance_set(session=study_session, marks={reader.person_id: (AttendanceStatus.ABSENT, "")})
    assert records(reader.person, duty.ATTENDED, duty.ABSENT) == [(duty.ABSENT, "counted", date(2026, 3, 5))]
    services.attendance_set(session=study_session, marks={member.person_id: ("", "")})
    assert records(member.person, duty.ATTENDED, duty.ABSENT) == []
    assert duty_record_sync(study_session).created == 0  # idempotent
    assert duty_record_sync(study_session).updated == 0


def test_a_new_date_moves_the_records_and_deleting_the_session_removes_them(study_session, member, staff):
    services.attendance_set(session=study_session, marks={member.person_id: (AttendanceStatus.PRESENT, "")})
    services.session_update(session=study_session, data={"held_on": date(2026, 3, 9)}, by=staff)
    assert records(member.person, duty.ATTENDED) == [(duty.ATTENDED, "counted", date(2026, 3, 9))]
    services.session_delete(session=study_session, by=staff)
    assert records(member.person, duty.ATTENDED) == []


def test_the_speaker_of_a_members_lecture_gets_a_record_until_replaced(committee, member, reader, staff):
    session = services.session_create(
        committee=committee,
        data={
            "layer": Layer.STANDING,
            "held_on": date(2026, 4, 1),
            "topic": "委员讲堂",
            "speaker": member.person,
        },
    )
    assert records(member.person, duty.LECTURE) == [(duty.LECTURE, "counted", date(2026, 4, 1))]
    services.session_update(session=session, data={"speaker": reader.person}, by=staff)
    assert records(member.person, duty.LECTURE) == []
    assert records(reader.person, duty.LECTURE) == [(duty.LECTURE, "counted", date(2026, 4, 1))]


def test_training_participants_have_records(committee, member, reader, staff):
    training = services.training_create(
        committee=committee,
        data={
            "title": "政治理论培训",
            "organizer": "市委党校",
            "start_on": date(2026, 6, 1),
            "end_on": date(2026, 6, 2),
            "hours": Decimal("12"),
        },
        participants=[member.person, reader.person],
    )
    assert records(member.person, duty.TRAINING) == [(duty.TRAINING, "counted", date(2026, 6, 1))]
    services.training_update(training=training, data={}, participants=[reader.person], by=staff)
    assert records(member.person, duty.TRAINING) == []
    assert len(records(reader.person, duty.TRAINING)) == 1


def test_a_reading_log_is_a_record_dated_when_finished(campaign, member):
    log = log_for(campaign, member.person, date(2026, 2, 1))
    assert records(member.person, duty.READING) == [(duty.READING, "counted", date(2026, 2, 1))]
    services.reading_log_update(log=log, data={"finished_on": date(2026, 3, 1)})
    assert records(member.person, duty.READING) == [(duty.READING, "counted", date(2026, 3, 1))]
    services.reading_log_delete(log=log)
    assert records(member.person, duty.READING) == []


def test_sharers_of_a_sharing_session_have_records(campaign, member, reader, staff):
    sharing = services.sharing_create(
        campaign=campaign,
        data={"held_on": date(2026, 4, 23), "topic": "世界读书日分享会"},
        sharers=[member.person],
        attendees=[reader.person],
    )
    assert records(member.person, duty.SHARING) == [(duty.SHARING, "counted", date(2026, 4, 23))]
    assert records(reader.person, duty.SHARING) == []
    services.sharing_update(
        sharing=sharing, data={}, sharers=[reader.person], attendees=[member.person], by=staff
    )
    assert records(member.person, duty.SHARING) == []
    assert records(reader.person, duty.SHARING) == [(duty.SHARING, "counted", date(2026, 4, 23))]
