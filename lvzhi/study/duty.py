"""Study's DutyRecords: attending or missing a study session, speaking at 委员讲堂, a training, a reading
log, sharing at a 读书分享会. Each is derived from its source row by the source's own service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


register_kind(
    DutyKind(
        ATTENDED,
        "参加理论学习",
        "study.studysession",
        lambda s: _attendance(s, {AttendanceStatus.PRESENT}, ATTENDED),
    )
)
register_kind(
    DutyKind(
        ABSENT,
        "理论学习缺席",
        "study.studysession",
        lambda s: _attendance(s, {AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT}, ABSENT),
    )
)
register_kind(DutyKind(LECTURE, "委员讲堂主讲", "study.studysession", _lecture))
register_kind(DutyKind(TRAINING, "参加培训", "study.training", _training))
register_kind(DutyKind(READING, "读书活动", "study.readinglog", _reading))
register_kind(DutyKind(SHARING, "读书分享", "study.sharingsession", _sharing))
