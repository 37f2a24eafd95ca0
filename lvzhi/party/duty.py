"""Every attendance and every absence of an org-life meeting is a DutyRecord derived from the meeting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

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


def _url(record: Any) -> str:
    return reverse("party:meeting", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _describe(record: Any) -> str:
    d = record.detail
    line = f"{d.get('branch', '')}{d.get('meeting', '')}"
    return f"{line}（{_('请假')}：{d['reason']}）" if d.get("reason") else line


def _correct(record: Any, appeal: Any, by: Any) -> None:
    """An approved appeal of an org-life attendance: the meeting's list is corrected through the party
    service ``attendance_set``, which re-syncs the meeting's records."""
    from lvzhi.party.models import Meeting
    from lvzhi.party.services import attendance_set

    status = {"present": AttendanceStatus.PRESENT, "excused": AttendanceStatus.EXCUSED}.get(appeal.claim)
    if status is None:
        raise ValidationError(_("此申诉事项不能自动更正，请到组织生活会议页面更正。"))
    meeting = Meeting.objects.get(committee_id=record.committee_id, pk=record.source_id)
    reason = appeal.reason if status == AttendanceStatus.EXCUSED else ""
    attendance_set(meeting=meeting, marks={record.person_id: (status, reason)}, by=by)


register_kind(
    DutyKind(
        ATTENDED,
        "参加组织生活",
        "party.meeting",
        lambda m: _specs(m, {AttendanceStatus.PRESENT}, ATTENDED),
        describe=_describe,
        url=_url,
        correct=_correct,
    )
)
register_kind(
    DutyKind(
        ABSENT,
        "组织生活缺席",
        "party.meeting",
        lambda m: _specs(m, {AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT}, ABSENT),
        describe=_describe,
        url=_url,
        correct=_correct,
    )
)
