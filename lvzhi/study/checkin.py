"""Study sessions take QR check-in on their day; checking in marks the person present (出席)."""

from __future__ import annotations

from typing import Any

from lvzhi.core.checkin import Checkable, day_window, register
from lvzhi.study.choices import AttendanceStatus
from lvzhi.study.services import attendance_set


def _attend(session: Any, person: Any, by: Any) -> None:
    attendance_set(session=session, marks={person.pk: (AttendanceStatus.PRESENT, "")}, by=by)


def _withdraw(session: Any, person: Any, by: Any) -> None:
    attendance_set(session=session, marks={person.pk: ("", "")}, by=by)


register(
    Checkable(
        kind="study-session",
        label="学习活动",
        model="study.studysession",
        window=lambda s: day_window(s.held_on),
        attend=_attend,
        withdraw=_withdraw,
        title=lambda s: s.topic,
        manage="study.record_attendance",
    )
)
