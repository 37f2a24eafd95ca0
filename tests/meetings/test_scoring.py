"""The committee's meetings through to the member's score under the default scheme: an unexcused absence
from a 常委会议 is penalized; approved leave turns it into an excused absence and the penalty goes; an
appeal changes nothing until staff approve it; and a check-in at the meeting is the attendance."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lvzhi.core import checkin
from lvzhi.duty import services as duty
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.scoring import year_scores
from lvzhi.meetings import services
from lvzhi.meetings.choices import AttendanceStatus
from tests.meetings.conftest import make_meeting

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
    now = timezone.now()  # the window around now, whatever the hour the suite runs at
    meeting = make_meeting(
        committee, by=staff, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    kind = checkin.get("committee-meeting")
    token = checkin.token("committee-meeting", meeting.pk)
    checkin.check_in(checkable=kind, activity=meeting, given_token=token, by=standing_member)
    invitee = meeting.invitees.get(person=standing_member.person)
    assert (invitee.attendance, invitee.method) == (AttendanceStatus.PRESENT, "checkin")
    assert DutyRecord.objects.filter(person=standing_member.person, kind="meetings.attended").exists()
    with pytest.raises(ValidationError):  # a plain 委员 is not on a 常委会议's list
        checkin.check_in(checkable=kind, activity=meeting, given_token=token, by=member_user)


def test_an_approved_appeal_that_leave_was_given_files_and_approves_it_and_the_penalty_goes(
    committee, held, standing_member, staff
):
    person, year = standing_member.person, held.held_on.year
    record = DutyRecord.objects.get(person=person, kind="meetings.absent")
    before = score(committee, person, year)
    appeal = duty.appeal_file(
        record=record, claim="excused", reason="会前已电话向秘书长请假", by=standing_member
    )
    assert not held.leaves.exists()  # nothing until approved
    duty.appeal_resolve(appeal=appeal, approve=True, note="经核实属实", by=staff)
    leave = held.leaves.get(person=person)
    assert (leave.status, leave.reason) == ("approved", "会前已电话向秘书长请假")
    assert DutyRecord.objects.get(person=person, kind="meetings.absent").state == "excused"
    assert score(committee, person, year) - before == 5


def _plenary(committee, staff, month, absent):
    meeting = make_meeting(
        committee,
        "plenary",
        by=staff,
        title=f"政协测试区第十五届委员会第{month}次全体会议",
        starts_at=timezone.make_aware(datetime(2025, month, 10, 9)),
        ends_at=timezone.make_aware(datetime(2025, month, 10, 17)),
    )
    services.attendance_set(meeting=meeting, person=absent, status=AttendanceStatus.ABSENT, by=staff)
    services.meeting_mark_held(meeting=meeting, by=staff)
    return meeting


def test_staff_see_a_member_near_the_plenary_removal_threshold_on_the_ranking_and_in_its_sheet(
    client, committee, member, chair, staff
):
    """The default scheme's 劝辞 rule (山东): 3 unexcused plenary absences in the term. Two → 接近."""
    _plenary(committee, staff, 1, member.person)
    _plenary(committee, staff, 3, member.person)
    url = reverse("duty:scores", args=[committee.code])
    client.force_login(staff)
    page = client.get(url, {"year": 2025})
    assert [(m.person_id, w.count, w.reached) for m, w in page.context["warnings"]] == [
        (member.person_id, 2, False)
    ]
    html = page.content.decode()
    assert "届内累计无故缺席全体会议" in html
    assert "接近" in html
    # the ranking: 赵主席 50 (no record), 王建国 50 − 2 × 10 = 30, last, 不称职
    assert [(m.person_id, s.score, s.grade) for m, s in page.context["rows"]][-1] == (
        member.person_id,
        Decimal("30"),
        "不称职",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url, {"year": 2025, "export": "xlsx"}).content))
    ranking, warnings = workbook.worksheets
    rows = [[c.value for c in r] for r in ranking.iter_rows(min_row=2)]
    assert rows[-1][1:] == [member.person.name, "经济界", 30, "不称职"]
    assert [[c.value for c in r] for r in warnings.iter_rows(min_row=2)] == [
        [member.person.name, "届内累计无故缺席全体会议", 2, 3, "接近"]
    ]
    _plenary(committee, staff, 6, member.person)
    (_m, warning), *_rest = client.get(url, {"year": 2025}).context["warnings"]
    assert (warning.count, warning.reached) == (3, True)
    client.force_login(chair)  # a leader reads the ranking too
    assert client.get(url, {"year": 2025}).status_code == 200


def test_a_meetings_check_in_opens_an_hour_before_closes_at_the_end_and_is_taken_once(
    committee, standing_member, staff
):

    from lvzhi.core.models import AuditEvent, CheckIn

    meeting = make_meeting(committee, days=3, by=staff)
    kind = checkin.get("committee-meeting")
    token = checkin.token("committee-meeting", meeting.pk)

    def attempt(now):
        return checkin.check_in(
            checkable=kind, activity=meeting, given_token=token, by=standing_member, now=now
        )

    with pytest.raises(ValidationError, match="签到尚未开始"):
        attempt(meeting.starts_at - timedelta(minutes=61))
    with pytest.raises(ValidationError, match="签到已结束"):
        attempt(meeting.ends_at + timedelta(minutes=1))
    assert not CheckIn.objects.exists()
    attempt(meeting.starts_at - timedelta(minutes=59))
    with pytest.raises(ValidationError, match="无需重复签到"):
        attempt(meeting.starts_at + timedelta(minutes=5))
    assert CheckIn.objects.count() == 1
    assert DutyRecord.objects.filter(person=standing_member.person, kind="meetings.attended").count() == 1
    # staff strike a wrong check-in with a reason that is logged; the attendance and the record go
    checkin.checkin_correct(
        checkable=kind,
        activity=meeting,
        person=standing_member.person,
        present=False,
        reason="代签",
        by=staff,
    )
    assert meeting.invitees.get(person=standing_member.person).attendance == ""
    assert not DutyRecord.objects.filter(person=standing_member.person, kind="meetings.attended").exists()
    assert AuditEvent.objects.filter(action="checkin_correct", detail__reason="代签").exists()
