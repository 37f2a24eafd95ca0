"""The committee's meetings through to the member's score under the default scheme: an unexcused absence
from a 常委会议 is penalized; approved leave turns it into an excused absence and the penalty goes; an
appeal changes nothing until staff approve it; and a check-in at the meeting is the attendance."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lvzhi.core import checkin
from lvzhi.duty import services as duty
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.scoring import year_scores
from lvzhi.meetings import services
from lvzhi.meetings.choices import AttendanceStatus
from tests.meetings.conftest import at, make_meeting

pytestmark = pytest.mark.django_db


def score(committee, person, year):
    return year_scores(committee, year, [person.pk])[person.pk].score


@pytest.fixture
def held(committee, chair, standing_member, member, staff):
    """A 常委会议 held yesterday, the 常委 marked absent without leave."""
    meeting = make_meeting(committee, days=-1, by=staff)
    services.attendance_set(
        meeting=meeting, person=standing_member.person, status=AttendanceStatus.ABSENT, by=staff
    )
    services.meeting_mark_held(meeting=meeting, by=staff)
    return meeting


def test_approved_leave_turns_an_unexcused_absence_excused_and_changes_the_score(
    committee, held, standing_member, chair, staff
):
    person, year = standing_member.person, held.held_on.year
    record = DutyRecord.objects.get(person=person, kind="meetings.absent")
    assert record.state == "counted"
    penalized = score(committee, person, year)
    leave = services.leave_request(meeting=held, person=person, reason="出差（电话请假）", by=staff)
    assert score(committee, person, year) == penalized  # asked, not yet approved
    services.leave_approve(leave=leave, by=chair)
    record.refresh_from_db()
    assert record.state == "excused"
    assert score(committee, person, year) - penalized == 5  # 常委会议 unexcused: −5 in the default scheme


def test_an_appeal_changes_nothing_until_approved(committee, held, standing_member, staff):
    person, year = standing_member.person, held.held_on.year
    record = DutyRecord.objects.get(person=person, kind="meetings.absent")
    before = score(committee, person, year)
    appeal = duty.appeal_file(
        record=record, claim="present", reason="本人到会，签到表可查", by=standing_member
    )
    assert DutyRecord.objects.get(pk=record.pk).state == "counted"
    assert score(committee, person, year) == before
    duty.appeal_resolve(appeal=appeal, approve=True, note="经核签到表属实", by=staff)
    assert held.invitees.get(person=person).attendance == AttendanceStatus.PRESENT
    assert not DutyRecord.objects.filter(person=person, kind="meetings.absent").exists()
    assert DutyRecord.objects.filter(person=person, kind="meetings.attended").exists()
    assert score(committee, person, year) > before


def test_checking_in_marks_an_invitee_present_and_nobody_else(committee, standing_member, member_user, staff):
    meeting = make_meeting(committee, days=0, by=staff, starts_at=at(0, 0), ends_at=at(0, 23))
    kind = checkin.get("committee-meeting")
    token = checkin.token("committee-meeting", meeting.pk)
    checkin.check_in(checkable=kind, activity=meeting, given_token=token, by=standing_member)
    invitee = meeting.invitees.get(person=standing_member.person)
    assert (invitee.attendance, invitee.method) == (AttendanceStatus.PRESENT, "checkin")
    assert DutyRecord.objects.filter(person=standing_member.person, kind="meetings.attended").exists()
    with pytest.raises(ValidationError):  # a plain 委员 is not on a 常委会议's list
        checkin.check_in(checkable=kind, activity=meeting, given_token=token, by=member_user)
