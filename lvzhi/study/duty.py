"""Study's DutyRecords: attending or missing a study session, speaking at 委员讲堂, a training, a reading
log, sharing at a 读书分享会. Each is derived from its source row by the source's own service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.study.choices import AttendanceStatus, SharingRole

ATTENDED = "study.attended"
ABSENT = "study.absent"
LECTURE = "study.lecture"
TRAINING = "study.training"
READING = "study.reading"
SHARING = "study.sharing"


def _attendance(session: Any, wanted: set[str], kind: str) -> Iterator[RecordSpec]:
    for a in session.attendances.all():
        if a.status not in wanted:
            continue
        yield RecordSpec(
            person_id=a.person_id,
            kind=kind,
            date=session.held_on,
            state="excused" if a.status == AttendanceStatus.EXCUSED else "counted",
            detail={"layer": str(session.get_layer_display()), "topic": session.topic, "reason": a.reason},
        )


def _lecture(session: Any) -> Iterator[RecordSpec]:
    if session.speaker_id:
        yield RecordSpec(
            person_id=session.speaker_id,
            kind=LECTURE,
            date=session.held_on,
            detail={"layer": str(session.get_layer_display()), "topic": session.topic},
        )


def _training(training: Any) -> Iterator[RecordSpec]:
    for person_id in training.participations.values_list("person_id", flat=True):
        yield RecordSpec(
            person_id=person_id,
            kind=TRAINING,
            date=training.start_on,
            detail={"title": training.title, "hours": str(training.hours)},
        )


def _reading(log: Any) -> Iterator[RecordSpec]:
    yield RecordSpec(
        person_id=log.person_id,
        kind=READING,
        date=log.logged_on,
        detail={"title": log.title, "hours": str(log.hours), "finished": log.finished_on is not None},
    )


def _sharing(sharing: Any) -> Iterator[RecordSpec]:
    for person_id in sharing.participants.filter(role=SharingRole.SHARER).values_list("person_id", flat=True):
        yield RecordSpec(
            person_id=person_id, kind=SHARING, date=sharing.held_on, detail={"topic": sharing.topic}
        )


# The archive's hooks: a line, the source page, and the correction an approved appeal makes.


def _session_url(record: Any) -> str:
    return reverse("study:session", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _log_url(record: Any) -> str:
    return reverse("study:log_edit", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _describe_session(record: Any) -> str:
    d = record.detail
    line = f"{d.get('layer', '')}：{d.get('topic', '')}"
    return f"{line}（{_('请假')}：{d['reason']}）" if d.get("reason") else line


def _describe_training(record: Any) -> str:
    return _("%(title)s（%(hours)s学时）") % {
        "title": record.detail.get("title", ""),
        "hours": record.detail.get("hours", ""),
    }


def _describe_reading(record: Any) -> str:
    return _("《%(title)s》，%(hours)s小时") % {
        "title": record.detail.get("title", ""),
        "hours": record.detail.get("hours", ""),
    }


CORRECTED_STATUS = {
    "present": AttendanceStatus.PRESENT,
    "excused": AttendanceStatus.EXCUSED,
    "not_mine": "",  # off the attendance list
}


def _correct_attendance(record: Any, appeal: Any, by: Any) -> None:
    """An approved appeal of a study attendance: the session's attendance list is corrected through
    ``attendance_set``, which re-syncs the session's records."""
    from lvzhi.study.models import StudySession
    from lvzhi.study.services import attendance_set

    status = CORRECTED_STATUS.get(appeal.claim)
    if status is None:
        raise ValidationError(_("此申诉事项不能自动更正，请到学习活动页面更正出席情况。"))
    session = StudySession.objects.get(committee_id=record.committee_id, pk=record.source_id)
    reason = appeal.reason if status == AttendanceStatus.EXCUSED else ""
    attendance_set(session=session, marks={record.person_id: (status, reason)}, by=by)


register_kind(
    DutyKind(
        ATTENDED,
        "参加理论学习",
        "study.studysession",
        lambda s: _attendance(s, {AttendanceStatus.PRESENT}, ATTENDED),
        describe=_describe_session,
        url=_session_url,
        correct=_correct_attendance,
    )
)
register_kind(
    DutyKind(
        ABSENT,
        "理论学习缺席",
        "study.studysession",
        lambda s: _attendance(s, {AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT}, ABSENT),
        describe=_describe_session,
        url=_session_url,
        correct=_correct_attendance,
    )
)
register_kind(
    DutyKind(
        LECTURE, "委员讲堂主讲", "study.studysession", _lecture, describe=_describe_session, url=_session_url
    )
)
register_kind(DutyKind(TRAINING, "参加培训", "study.training", _training, describe=_describe_training))
register_kind(
    DutyKind(READING, "读书活动", "study.readinglog", _reading, describe=_describe_reading, url=_log_url)
)
register_kind(DutyKind(SHARING, "读书分享", "study.sharingsession", _sharing))
