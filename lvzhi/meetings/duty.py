"""Meetings' DutyRecords: attending a meeting of the committee, and missing one — excused when the
person's leave (请假) was approved, counted (an unexcused absence, what scoring penalizes) when not.

Codes and detail keys are relied on by the scoring rules: ``meetings.attended`` / ``meetings.absent``,
detail ``{"meeting_type": code, "title": str, "leave": bool}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.meetings.choices import AttendanceStatus, LeaveStatus, MeetingStatus

ATTENDED = "meetings.attended"
ABSENT = "meetings.absent"


def _records(meeting: Any, kind: str) -> Iterator[RecordSpec]:
    """Present → attended. Marked absent → absent (excused with approved leave). Not marked, with approved
    leave, once the meeting was held → absent, excused."""
    approved = set(meeting.leaves.filter(status=LeaveStatus.APPROVED).values_list("person_id", flat=True))
    held = meeting.status == MeetingStatus.HELD
    for person_id, attendance in meeting.invitees.values_list("person_id", "attendance"):
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


register_kind(DutyKind(ATTENDED, "出席政协会议", "meetings.meeting", lambda m: _records(m, ATTENDED)))
register_kind(DutyKind(ABSENT, "政协会议缺席", "meetings.meeting", lambda m: _records(m, ABSENT)))
