"""Meeting services: who must attend by type, leave asked and answered, attendance as DutyRecords."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.core.models import Notification
from lvzhi.core.roles import Role
from lvzhi.duty.models import DutyRecord
from lvzhi.duty.services import duty_record_sync
from lvzhi.meetings import duty, services
from lvzhi.meetings.choices import AttendanceMethod, InviteeRole, LeaveStatus, MeetingStatus, MeetingType
from tests import factories
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def invited(meeting):
    return set(meeting.invitees.values_list("person__name", flat=True))


def records(meeting):
    return sorted(
        DutyRecord.objects.filter(source_id=meeting.pk, kind__startswith="meetings.").values_list(
            "person__name", "kind", "state"
        )
    )


def test_who_must_attend_follows_the_type(
    committee, chair, standing_member, director, member, economy, staff
):
    other_sc = factories.special_committee(committee, "提案委员会")
    factories.make_member(committee, name="李委员", sc=other_sc)
    everyone = {"赵主席", "钱常委", "孙主任", "王建国", "李委员"}
    assert invited(make_meeting(committee, MeetingType.PLENARY, title="全体会议")) == everyone
    assert invited(make_meeting(committee, MeetingType.STANDING)) == {"赵主席", "钱常委", "孙主任"}
    assert invited(make_meeting(committee, MeetingType.TOPICAL)) == {"赵主席", "钱常委", "孙主任"}
    assert invited(make_meeting(committee, MeetingType.CHAIRS)) == {"赵主席"}
    special = make_meeting(committee, MeetingType.SPECIAL, special_committee=economy)
    assert invited(special) == {"钱常委", "孙主任", "王建国"}
    with pytest.raises(ValidationError) as exc:
        make_meeting(committee, MeetingType.SPECIAL)
    assert "special_committee" in exc.value.error_dict


def test_the_list_is_editable_with_observers(standing_meeting, member, staff):
    services.invitee_add(meeting=standing_meeting, person=member.person, role=InviteeRole.OBSERVER, by=staff)
    assert standing_meeting.invitees.get(person=member.person).role == InviteeRole.OBSERVER
    services.invitee_remove(meeting=standing_meeting, person=member.person, by=staff)
    assert "王建国" not in invited(standing_meeting)
    with pytest.raises(ValidationError):
        services.invitee_add(
            meeting=standing_meeting,
            person=factories.make_member(factories.make_committee()).person,
            by=staff,
        )


def test_the_notice_reaches_every_invitee_with_an_account_once(
    standing_meeting, chair, standing_member, staff
):
    assert services.meeting_notify(meeting=standing_meeting, by=staff) == 2
    assert standing_meeting.status == MeetingStatus.NOTIFIED
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"chairlead", "standing"}
    assert services.meeting_notify(meeting=standing_meeting, by=staff) == 0


def test_leave_is_asked_by_oneself_before_the_start_and_answered(
    committee, standing_meeting, standing_member, chair, member_user, staff
):
    me = standing_member.person
    with pytest.raises(PermissionDenied):  # not for someone else
        services.leave_request(
            meeting=standing_meeting, person=chair.person, reason="代请", by=standing_member
        )
    with pytest.raises(ValidationError):  # not invited to a 常委会议
        services.leave_request(
            meeting=standing_meeting, person=member_user.person, reason="出差", by=member_user
        )
    leave = services.leave_request(meeting=standing_meeting, person=me, reason="因公出差", by=standing_member)
    assert leave.status == LeaveStatus.PENDING
    with pytest.raises(ValidationError):  # once
        services.leave_request(meeting=standing_meeting, person=me, reason="再请", by=standing_member)
    with pytest.raises(PermissionDenied):  # nobody decides their own
        services.leave_approve(leave=leave, by=standing_member)
    services.leave_reject(leave=leave, note="会议重要，请准时参加", by=chair)
    leave.refresh_from_db()
    assert (leave.status, leave.decision_note, leave.decided_by) == (
        LeaveStatus.REJECTED,
        "会议重要，请准时参加",
        chair,
    )
    assert Notification.objects.filter(user=standing_member, text__contains="未批准").exists()
    leave = services.leave_request(meeting=standing_meeting, person=me, reason="住院治疗", by=standing_member)
    services.leave_approve(leave=leave, by=staff, note="同意")
    assert leave.status == LeaveStatus.APPROVED
    with pytest.raises(ValidationError):
        services.leave_reject(leave=leave, note="改主意", by=staff)


def test_leave_cannot_be_asked_once_the_meeting_started_but_the_office_may_file_it(
    committee, chair, standing_member, staff
):
    meeting = make_meeting(committee, days=-1, by=staff)
    with pytest.raises(ValidationError):
        services.leave_request(
            meeting=meeting, person=standing_member.person, reason="忘了", by=standing_member
        )
    leave = services.leave_request(
        meeting=meeting, person=standing_member.person, reason="电话请假", by=staff
    )
    assert leave.requested_by == staff


def test_who_approves_leave(committee, economy, chair, director, standing_member, member, member_user, staff):
    standing = make_meeting(committee, MeetingType.STANDING)
    special = make_meeting(committee, MeetingType.SPECIAL, special_committee=economy)
    other = make_meeting(
        committee, MeetingType.SPECIAL, special_committee=factories.special_committee(committee, "提案委员会")
    )
    services.invitee_add(meeting=other, person=standing_member.person)
    a = services.leave_request(
        meeting=standing, person=standing_member.person, reason="出差", by=standing_member
    )
    b = services.leave_request(
        meeting=special, person=standing_member.person, reason="出差", by=standing_member
    )
    c = services.leave_request(
        meeting=other, person=standing_member.person, reason="出差", by=standing_member
    )
    from lvzhi.core.permissions import can

    decide = "meetings.decide_leave"
    assert [can(chair, decide, x) for x in (a, b, c)] == [True, False, False]
    assert [can(director, decide, x) for x in (a, b, c)] == [False, True, False]  # only their committee's
    assert [can(staff, decide, x) for x in (a, b, c)] == [True, True, True]
    assert [can(member_user, decide, x) for x in (a, b, c)] == [False, False, False]
    leader_without_post = factories.user_with_role(committee, Role.LEADER, username="plainleader")
    assert not can(leader_without_post, decide, a)


def test_attendance_becomes_duty_records_and_approved_leave_excuses_an_absence(
    committee, standing_meeting, chair, standing_member, staff
):
    me, chair_person = standing_member.person, chair.person
    services.attendance_set(meeting=standing_meeting, person=chair_person, status="present", by=staff)
    services.attendance_set(meeting=standing_meeting, person=me, status="absent", by=staff)
    assert records(standing_meeting) == [
        ("赵主席", duty.ATTENDED, "counted"),
        ("钱常委", duty.ABSENT, "counted"),  # unexcused
    ]
    record = DutyRecord.objects.get(person=me, kind=duty.ABSENT)
    assert record.detail == {"meeting_type": "standing", "title": standing_meeting.title, "leave": False}
    assert record.date == standing_meeting.held_on
    leave = services.leave_request(meeting=standing_meeting, person=me, reason="电话请假", by=staff)
    services.leave_approve(leave=leave, by=chair)
    record.refresh_from_db()
    assert (record.state, record.detail["leave"]) == ("excused", True)
    # Idempotent: the same mark changes nothing, the sync finds nothing to do.
    before = DutyRecord.objects.get(person=chair_person).pk
    services.attendance_set(meeting=standing_meeting, person=chair_person, status="present", by=staff)
    assert DutyRecord.objects.get(person=chair_person).pk == before
    assert duty_record_sync(standing_meeting) == duty_record_sync(standing_meeting)
    assert duty_record_sync(standing_meeting).updated == 0
    # Clearing a mark removes the record.
    services.attendance_set(meeting=standing_meeting, person=chair_person, status="", by=staff)
    assert records(standing_meeting) == [("钱常委", duty.ABSENT, "excused")]


def test_an_approved_leave_without_a_mark_counts_as_excused_once_held(
    committee, standing_meeting, standing_member, chair, staff
):
    leave = services.leave_request(
        meeting=standing_meeting, person=standing_member.person, reason="出差", by=standing_member
    )
    services.leave_approve(leave=leave, by=chair)
    assert records(standing_meeting) == []
    services.meeting_mark_held(meeting=standing_meeting, by=staff)
    assert records(standing_meeting) == [("钱常委", duty.ABSENT, "excused")]


def test_a_check_in_is_recorded_with_its_method_and_only_for_invitees(
    committee, standing_meeting, standing_member, member, staff
):
    invitee = services.attendance_set(
        meeting=standing_meeting,
        person=standing_member.person,
        status="present",
        by=standing_member,
        method=AttendanceMethod.CHECKIN,
    )
    assert (invitee.attendance, invitee.method, invitee.marked_by) == ("present", "checkin", standing_member)
    corrected = services.attendance_set(
        meeting=standing_meeting,
        person=standing_member.person,
        status="absent",
        by=staff,
        reason="签到后离会",
    )
    assert (corrected.method, corrected.note) == ("list", "签到后离会")
    with pytest.raises(ValidationError):
        services.attendance_set(meeting=standing_meeting, person=member.person, status="present", by=staff)
    with pytest.raises(ValidationError):
        services.attendance_set(
            meeting=standing_meeting, person=standing_member.person, status="late", by=staff
        )


def test_a_stale_edit_is_refused_and_a_new_date_moves_the_records(committee, standing_meeting, chair, staff):
    services.attendance_set(meeting=standing_meeting, person=chair.person, status="present", by=staff)
    version = standing_meeting.version
    new_start = standing_meeting.starts_at.replace(day=1)
    services.meeting_update(
        meeting=standing_meeting,
        data={"starts_at": new_start, "ends_at": new_start.replace(hour=12)},
        expected_version=version,
        by=staff,
    )
    assert DutyRecord.objects.get(person=chair.person).date == new_start.date()
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.meeting_update(
            meeting=standing_meeting, data={"title": "旧副本"}, expected_version=version, by=staff
        )


def test_only_a_draft_may_be_deleted(committee, standing_meeting, staff):
    services.meeting_notify(meeting=standing_meeting, by=staff)
    with pytest.raises(ValidationError):
        services.meeting_delete(meeting=standing_meeting, by=staff)
    draft = make_meeting(committee)
    services.meeting_delete(meeting=draft, by=staff)
