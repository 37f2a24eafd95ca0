"""Every attendance and every absence of an org-life meeting is a DutyRecord derived from the meeting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.party.choices import AttendanceStatus

ATTENDED = "orglife.attended"
ABSENT = "orglife.absent"


def _specs(meeting: Any, wanted: set[str], kind: str) -> Iterator[RecordSpec]:
    for a in meeting.attendances.all():
        if a.status not in wanted:
            continue
        if not meeting.counts:
            state = "pending"  # a late entry counts only after the secretary approves it
        elif a.status == AttendanceStatus.EXCUSED:
            state = "excused"
        else:
            state = "counted"
        yield RecordSpec(
            person_id=a.person_id,
            kind=kind,
            date=meeting.held_on,
            state=state,
            detail={
                "meeting": str(meeting.get_kind_display()),
                "branch": meeting.body_name,
                "reason": a.reason,
            },
        )


register_kind(
    DutyKind(
        ATTENDED, "参加组织生活", "party.meeting", lambda m: _specs(m, {AttendanceStatus.PRESENT}, ATTENDED)
    )
)
register_kind(
    DutyKind(
        ABSENT,
        "组织生活缺席",
        "party.meeting",
        lambda m: _specs(m, {AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT}, ABSENT),
    )
)
