"""The committee's meetings take QR check-in from an hour before they start until they end, from those
on the meeting's list; checking in marks the invitee present (扫码签到)."""

from __future__ import annotations

from typing import Any

from lvzhi.core.checkin import Checkable, around, register
from lvzhi.meetings.choices import AttendanceMethod, AttendanceStatus
from lvzhi.meetings.services import attendance_set


def _attend(meeting: Any, person: Any, by: Any) -> None:
    attendance_set(
        meeting=meeting,
        person=person,
        status=AttendanceStatus.PRESENT,
        by=by,
        method=AttendanceMethod.CHECKIN,
    )


def _withdraw(meeting: Any, person: Any, by: Any) -> None:
    attendance_set(meeting=meeting, person=person, status="", by=by)


register(
    Checkable(
        kind="committee-meeting",
        label="政协会议",
        model="meetings.meeting",
        window=lambda m: around(m.starts_at, m.ends_at),
        attend=_attend,
        withdraw=_withdraw,
        title=lambda m: m.title,
        manage="meetings.mark_attendance",
        expected=lambda m, person: m.invitees.filter(person=person).exists(),
    )
)
