"""Every write of study is one service: it validates, saves, syncs the DutyRecords the row implies in the
same transaction, and leaves an audit entry. Views, the demo and tests all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.org.models import Committee, Person
from lvzhi.study.choices import AttendanceStatus, SharingRole
from lvzhi.study.models import (
    Book,
    ReadingCampaign,
    ReadingLog,
    SessionAttendance,
    SharingParticipant,
    SharingSession,
    StudyGroup,
    StudyGroupMember,
    StudySession,
    Training,
    TrainingParticipant,
)

GROUP_FIELDS = ("name", "leader", "special_committee", "established_on", "active", "note")
SESSION_FIELDS = (
    "layer",
    "held_on",
    "topic",
    "group",
    "special_committee",
    "branch",
    "speaker",
    "expert_name",
    "expert_title",
    "mode",
    "venue",
    "summary",
)
TRAINING_FIELDS = ("title", "organizer", "start_on", "end_on", "hours", "note")
LOG_FIELDS = ("book", "title", "started_on", "finished_on", "hours", "notes")
SHARING_FIELDS = ("held_on", "topic", "venue")


def _assign(obj: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _own_people(committee_id: int, people: Iterable[Person], label: str) -> list[Person]:
    """The persons, each once, refused if any belongs to another committee."""
    chosen = list({p.pk: p for p in people}.values())
    if any(p.committee_id != committee_id for p in chosen):
        raise ValidationError({label: _("不属于本政协。")})
    return chosen


def _set_links(
    model: type[models.Model], owner_field: str, owner: Any, people: list[Person], **extra: Any
) -> None:
    """Make the link rows of ``owner`` exactly ``people`` (kept rows stay, others go, new ones come)."""
    existing = set(
        model._default_manager.filter(**{owner_field: owner, **extra}).values_list("person_id", flat=True)
    )
    wanted = {p.pk for p in people}
    model._default_manager.filter(**{owner_field: owner, **extra}, person_id__in=existing - wanted).delete()
    model._default_manager.bulk_create(
        model(committee_id=owner.committee_id, **{owner_field: owner}, person=p, **extra)
        for p in people
        if p.pk not in existing
    )


# 学习组 -------------------------------------------------------------------------------------------------


def _group_save(group: StudyGroup, data: dict[str, Any], members: list[Person] | None) -> StudyGroup:
    _assign(group, data, GROUP_FIELDS)
    if not group.active and group.dissolved_on is None:
        group.dissolved_on = timezone.localdate()
    elif group.active:
        group.dissolved_on = None
    group.full_clean()
    group.save()
    if members is not None:
        people = _own_people(group.committee_id, [group.leader, *members], "members")
        _set_links(StudyGroupMember, "group", group, people)
    return group


@transaction.atomic
def group_create(
    *, committee: Committee, data: dict[str, Any], members: list[Person], by: Any = None
) -> StudyGroup:
    """A study group; its leader is always one of its members."""
    group = StudyGroup(committee=committee, established_on=data.get("established_on") or timezone.localdate())
    _group_save(group, data, members)
    audit_log("study_group_create", user=by, obj=group)
    return group


@transaction.atomic
def group_update(
    *,
    group: StudyGroup,
    data: dict[str, Any],
    members: list[Person] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> StudyGroup:
    group.claim_version(expected_version)
    _group_save(group, data, members)
    audit_log("study_group_update", user=by, obj=group)
    return group


# 学习活动 -------------------------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, committee: Committee, data: dict[str, Any], by: Any = None) -> StudySession:
    session = StudySession(committee=committee)
    _assign(session, data, SESSION_FIELDS)
    session.full_clean()
    session.save()
    audit_log("study_session_create", user=by, obj=session)
    duty_record_sync(session)
    return session


@transaction.atomic
def session_update(
    *, session: StudySession, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> StudySession:
    """Correct a session; a stale edit is refused. Its duty records follow (a new date, a new speaker)."""
    session.claim_version(expected_version)
    _assign(session, data, SESSION_FIELDS)
    session.full_clean()
    session.save()
    audit_log("study_session_update", user=by, obj=session)
    duty_record_sync(session)
    return session


@transaction.atomic
def session_delete(*, session: StudySession, by: Any = None) -> None:
    audit_log("study_session_delete", user=by, obj=session)
    duty_records_clear(session)
    session.delete()


@transaction.atomic
def attendance_set(*, session: StudySession, marks: dict[int, tuple[str, str]], by: Any = None) -> int:
    """Person id → (status, reason); an empty status takes the person off the list. Anyone of the
    committee may be marked (the group's members are offered first). 请假 needs its reason."""
    persons = {p.pk: p for p in Person.objects.filter(committee_id=session.committee_id, pk__in=list(marks))}
    existing = {a.person_id: a for a in session.attendances.all()}
    to_create: list[SessionAttendance] = []
    to_update: list[SessionAttendance] = []
    to_delete: list[int] = []
    for person_id, (status, reason) in marks.items():
        person = persons.get(person_id)
        if person is None:
            raise ValidationError(_("只能登记本政协的人员。"))
        reason = reason.strip()[:200]
        current = existing.get(person_id)
        if not status:
            if current is not None:
                to_delete.append(current.pk)
            continue
        if status not in AttendanceStatus.values:
            raise ValidationError(_("无法识别的出席情况：%s。") % person.name)
        if status == AttendanceStatus.EXCUSED and not reason:
            raise ValidationError(_("请假须写明原因：%s。") % person.name)
        if status != AttendanceStatus.EXCUSED:
            reason = ""
        if current is None:
            to_create.append(
                SessionAttendance(
                    committee_id=session.committee_id,
                    session=session,
                    person=person,
                    status=status,
                    reason=reason,
                )
            )
        elif (current.status, current.reason) != (status, reason):
            current.status, current.reason = status, reason
            to_update.append(current)
    SessionAttendance.objects.filter(pk__in=to_delete).delete()
    SessionAttendance.objects.bulk_create(to_create)
    SessionAttendance.objects.bulk_update(to_update, ["status", "reason"])
    changed = len(to_create) + len(to_update) + len(to_delete)
    if changed:
        audit_log("study_attendance", user=by, obj=session, detail={"changed": changed})
        duty_record_sync(session)
    return changed


# 培训 ----------------------------------------------------------------------------------------------------


def _training_save(training: Training, data: dict[str, Any], participants: list[Person] | None) -> Training:
    _assign(training, data, TRAINING_FIELDS)
    training.full_clean()
    training.save()
    if participants is not None:
        _set_links(
            TrainingParticipant,
            "training",
            training,
            _own_people(training.committee_id, participants, "participants"),
        )
    duty_record_sync(training)
    return training


@transaction.atomic
def training_create(
    *, committee: Committee, data: dict[str, Any], participants: list[Person], by: Any = None
) -> Training:
    training = _training_save(Training(committee=committee), data, participants)
    audit_log("training_create", user=by, obj=training)
    return training


@transaction.atomic
def training_update(
    *,
    training: Training,
    data: dict[str, Any],
    participants: list[Person] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> Training:
    training.claim_version(expected_version)
    _training_save(training, data, participants)
    audit_log("training_update", user=by, obj=training)
    return training


# 书香政协 -------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    committee: Committee,
    data: dict[str, Any],
    books: Iterable[tuple[str, str, str]] = (),
    by: Any = None,
) -> ReadingCampaign:
    """A reading campaign with its book list: (title, author, note) each."""
    campaign = ReadingCampaign(committee=committee)
    _assign(campaign, data, ("name", "year", "start_on", "end_on", "note"))
    campaign.full_clean()
    campaign.save()
    for title, author, note in books:
        book_add(campaign=campaign, title=title, author=author, note=note)
    audit_log("reading_campaign_create", user=by, obj=campaign)
    return campaign


@transaction.atomic
def book_add(
    *, campaign: ReadingCampaign, title: str, author: str = "", note: str = "", by: Any = None
) -> Book:
    title = title.strip().strip("《》")
    if Book.objects.filter(campaign=campaign, title=title).exists():
        raise ValidationError({"title": _("书目中已有《%s》。") % title})
    last = campaign.books.aggregate(n=models.Max("order"))["n"] or 0
    book = Book(
        committee_id=campaign.committee_id,
        campaign=campaign,
        title=title,
        author=author.strip(),
        note=note.strip(),
        order=last + 1,
    )
    book.full_clean()
    book.save()
    return book


def _log_save(log: ReadingLog, data: dict[str, Any]) -> ReadingLog:
    _assign(log, data, LOG_FIELDS)
    if log.book_id and not data.get("title"):
        log.title = log.book.title  # type: ignore[union-attr]
    log.title = (log.title or "").strip().strip("《》")
    log.full_clean()
    log.save()
    duty_record_sync(log)
    return log


@transaction.atomic
def reading_log_create(
    *, campaign: ReadingCampaign, person: Person, data: dict[str, Any], by: Any = None
) -> ReadingLog:
    """A member's reading of a book (they log their own; staff may log for them)."""
    log = _log_save(ReadingLog(committee_id=campaign.committee_id, campaign=campaign, person=person), data)
    audit_log("reading_log_create", user=by, obj=log)
    return log


@transaction.atomic
def reading_log_update(
    *, log: ReadingLog, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> ReadingLog:
    log.claim_version(expected_version)
    _log_save(log, data)
    audit_log("reading_log_update", user=by, obj=log)
    return log


@transaction.atomic
def reading_log_delete(*, log: ReadingLog, by: Any = None) -> None:
    audit_log("reading_log_delete", user=by, obj=log)
    duty_records_clear(log)
    log.delete()


def _sharing_save(
    sharing: SharingSession,
    data: dict[str, Any],
    sharers: list[Person] | None,
    attendees: list[Person] | None,
) -> SharingSession:
    _assign(sharing, data, SHARING_FIELDS)
    sharing.full_clean()
    sharing.save()
    if sharers is not None:
        chosen = _own_people(sharing.committee_id, sharers, "sharers")
        others = _own_people(sharing.committee_id, attendees or [], "attendees")
        sharer_ids = {p.pk for p in chosen}
        SharingParticipant.objects.filter(sharing=sharing).delete()
        SharingParticipant.objects.bulk_create(
            [
                SharingParticipant(
                    committee_id=sharing.committee_id, sharing=sharing, person=p, role=SharingRole.SHARER
                )
                for p in chosen
            ]
            + [
                SharingParticipant(
                    committee_id=sharing.committee_id, sharing=sharing, person=p, role=SharingRole.ATTENDEE
                )
                for p in others
                if p.pk not in sharer_ids
            ]
        )
    duty_record_sync(sharing)
    return sharing


@transaction.atomic
def sharing_create(
    *,
    campaign: ReadingCampaign,
    data: dict[str, Any],
    sharers: list[Person],
    attendees: list[Person] | None = None,
    by: Any = None,
) -> SharingSession:
    if not sharers:
        raise ValidationError({"sharers": _("请至少选择一名分享人。")})
    sharing = SharingSession(committee_id=campaign.committee_id, campaign=campaign)
    _sharing_save(sharing, data, sharers, attendees)
    audit_log("sharing_create", user=by, obj=sharing)
    return sharing


@transaction.atomic
def sharing_update(
    *,
    sharing: SharingSession,
    data: dict[str, Any],
    sharers: list[Person] | None = None,
    attendees: list[Person] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> SharingSession:
    if sharers is not None and not sharers:
        raise ValidationError({"sharers": _("请至少选择一名分享人。")})
    sharing.claim_version(expected_version)
    _sharing_save(sharing, data, sharers, attendees)
    audit_log("sharing_update", user=by, obj=sharing)
    return sharing
