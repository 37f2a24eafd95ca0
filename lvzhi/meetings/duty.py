"""Meetings' DutyRecords: attending a meeting of the committee, and missing one — excused when the
person's leave (请假) was approved, counted (an unexcused absence, what scoring penalizes) when not.

Codes and detail keys are relied on by the scoring rules: ``meetings.attended`` / ``meetings.absent``,
detail ``{"meeting_type": code, "title": str, "leave": bool}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.meetings.choices import AttendanceStatus, LeaveStatus, MeetingStatus

ATTENDED = "meetings.attended"
ABSENT = "meetings.absent"


def _records(meeting: Any, kind: str, persons: frozenset[int] | None = None) -> Iterator[RecordSpec]:
    """Present → attended. Marked absent → absent (excused with approved leave). Not marked, with approved
    leave, once the meeting was held → absent, excused. ``persons``: only theirs (a per-person sync)."""
    leaves = meeting.leaves.filter(status=LeaveStatus.APPROVED)
    invitees = meeting.invitees.all()
    if persons is not None:
        leaves, invitees = leaves.filter(person_id__in=persons), invitees.filter(person_id__in=persons)
    approved = set(leaves.values_list("person_id", flat=True))
    held = meeting.status == MeetingStatus.HELD
    for person_id, attendance in invitees.values_list("person_id", "attendance"):
        leave = person_id in approved
        if attendance == AttendanceStatus.PRESENT:
            found = ATTENDED
        elif attendance == AttendanceStatus.ABSENT or (leave and held):
            found = ABSENT
        else:
            continue
        if found != kind:
            continue
        yield RecordSpec(
            person_id=person_id,
            kind=kind,
            date=meeting.held_on,
            state="excused" if kind == ABSENT and leave else "counted",
            detail={"meeting_type": meeting.type, "title": meeting.title, "leave": leave},
        )


def _describe(record: Any) -> str:
    d = record.detail
    return (
        f"{d.get('title', '')}（{_('已请假') if d.get('leave') else _('未请假')}）"
        if record.kind == ABSENT
        else d.get("title", "")
    )


def _url(record: Any) -> str:
    return reverse("meetings:detail", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _correct(record: Any, appeal: Any, by: Any) -> None:
    """An approved appeal corrects the meeting itself: 本人实际出席 marks the person present, 本人已请假
    files and approves the leave (the absence becomes excused), 记录有误 takes the mark off."""
    from lvzhi.meetings.models import LeaveRequest, Meeting
    from lvzhi.meetings.services import attendance_set, leave_approve, leave_request

    meeting = Meeting.objects.get(committee_id=record.committee_id, pk=record.source_id)
    person = meeting.invitees.get(person_id=record.person_id).person
    if appeal.claim == "present":
        attendance_set(
            meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=by, reason=appeal.reason
        )
    elif appeal.claim == "not_mine":
        attendance_set(meeting=meeting, person=person, status="", by=by, reason=appeal.reason)
    elif appeal.claim == "excused":
        leave = LeaveRequest.objects.filter(meeting=meeting, person=person).first()
        if leave is None or leave.status == LeaveStatus.REJECTED:
            leave = leave_request(
                meeting=meeting, person=person, reason=appeal.reason or str(_("申诉更正")), by=by
            )
        if leave.status == LeaveStatus.PENDING:
            leave_approve(leave=leave, by=by, note=str(_("申诉更正")))
    else:
        raise ValidationError(_("此申诉事项不能自动更正，请到会议页面更正出席情况。"))


def _attended(meeting: Any) -> Iterator[RecordSpec]:
    return _records(meeting, ATTENDED)


def _absent(meeting: Any) -> Iterator[RecordSpec]:
    return _records(meeting, ABSENT)


def _for(kind: str) -> Any:
    return lambda meeting, persons: _records(meeting, kind, persons)


for code, label, derive in ((ATTENDED, "出席政协会议", _attended), (ABSENT, "政协会议缺席", _absent)):
    register_kind(
        DutyKind(
            code,
            label,
            "meetings.meeting",
            derive,
            describe=_describe,
            url=_url,
            correct=_correct,
            derive_for=_for(code),
        )
    )
