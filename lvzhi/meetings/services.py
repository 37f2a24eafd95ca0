"""Every write of meetings is one service: it validates, saves, syncs the DutyRecords in the same
transaction and leaves an audit entry. Views, the demo, tests and a check-in all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.notifications import notify
from lvzhi.core.permissions import can
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.meetings.choices import (
    AttendanceMethod,
    AttendanceStatus,
    InviteeRole,
    LeaveStatus,
    MeetingStatus,
    ReplyChoice,
)
from lvzhi.meetings.models import AgendaItem, Invitee, LeaveRequest, Meeting
from lvzhi.meetings.reply_links import reply_link
from lvzhi.meetings.selectors import default_invitees
from lvzhi.org.models import Committee, Person

MEETING_FIELDS = ("type", "title", "special_committee", "starts_at", "ends_at", "place", "notice")


def _user(by: Any) -> Any:
    return by if getattr(by, "pk", None) and hasattr(by, "scope") else None


def _assign(meeting: Meeting, data: dict[str, Any]) -> None:
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])


def _agenda_set(meeting: Meeting, items: Iterable[str]) -> None:
    texts = [t.strip()[:300] for t in items if t and t.strip()]
    AgendaItem.objects.filter(meeting=meeting).delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(committee_id=meeting.committee_id, meeting=meeting, order=n, text=t)
        for n, t in enumerate(texts, 1)
    )


def _own_person(meeting: Meeting, person: Person) -> None:
    if person.committee_id != meeting.committee_id:
        raise ValidationError({"person": _("不属于本政协。")})


# 会议 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    data: dict[str, Any],
    agenda: Iterable[str] = (),
    invitees: Iterable[Person] | None = None,
    by: Any = None,
) -> Meeting:
    """A meeting (草稿) with its agenda; who must attend is filled from its type unless given."""
    meeting = Meeting(committee=committee)
    _assign(meeting, data)
    meeting.full_clean()
    meeting.save()
    _agenda_set(meeting, agenda)
    people = (
        list(invitees)
        if invitees is not None
        else default_invitees(committee, meeting.type, meeting.held_on, meeting.special_committee)
    )
    for person in people:
        _own_person(meeting, person)
    Invitee.objects.bulk_create(
        Invitee(committee=committee, meeting=meeting, person=p) for p in {p.pk: p for p in people}.values()
    )
    audit_log("committee_meeting_create", user=by, obj=meeting, detail={"invitees": len(people)})
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    data: dict[str, Any],
    agenda: Iterable[str] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> Meeting:
    """Correct a meeting; a stale edit is refused. Its duty records follow (a new date, a new title)."""
    meeting.claim_version(expected_version)
    _assign(meeting, data)
    meeting.full_clean()
    meeting.save()
    if agenda is not None:
        _agenda_set(meeting, agenda)
    audit_log("committee_meeting_update", user=by, obj=meeting)
    duty_record_sync(meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: Any = None) -> None:
    """Only a draft (no notice sent) may be deleted."""
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("已发出通知的会议不能删除。"))
    audit_log("committee_meeting_delete", user=by, obj=meeting)
    duty_records_clear(meeting)
    meeting.delete()


@transaction.atomic
def invitee_add(
    *, meeting: Meeting, person: Person, role: str = InviteeRole.MEMBER, by: Any = None
) -> Invitee:
    """Invite a person (应出席) or let them attend without a vote (列席); idempotent (the role is updated)."""
    _own_person(meeting, person)
    if role not in InviteeRole.values:
        raise ValidationError({"role": _("无法识别的参会身份。")})
    invitee, _created = Invitee.objects.update_or_create(
        committee_id=meeting.committee_id, meeting=meeting, person=person, defaults={"role": role}
    )
    audit_log("committee_meeting_invite", user=by, obj=meeting, detail={"person": person.pk, "role": role})
    return invitee


@transaction.atomic
def invitee_remove(*, meeting: Meeting, person: Person, by: Any = None) -> None:
    """Take a person off the list; their attendance and leave go with them."""
    Invitee.objects.filter(meeting=meeting, person=person).delete()
    LeaveRequest.objects.filter(meeting=meeting, person=person).delete()
    audit_log("committee_meeting_uninvite", user=by, obj=meeting, detail={"person": person.pk})
    duty_record_sync(meeting, persons=[person.pk])


def _invitee_users(meeting: Meeting, person_ids: Iterable[int] | None = None) -> list[Any]:
    from lvzhi.accounts.models import User

    ids = (
        list(person_ids)
        if person_ids is not None
        else list(meeting.invitees.values_list("person_id", flat=True))
    )
    return list(User.objects.filter(person_id__in=ids, is_active=True))


@transaction.atomic
def meeting_notify(*, meeting: Meeting, by: Any = None) -> int:
    """会议通知: every invitee with an account is notified in the app (once each); the meeting is 已通知.
    Returns how many were notified this time (sending again reaches only those added since)."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("会议已召开，不能再发通知。"))
    if not meeting.invitees.exists():
        raise ValidationError(_("尚无参会人员，请先添加。"))
    start = timezone.localtime(meeting.starts_at)
    text = _("会议通知：%(title)s，%(when)s在%(place)s召开。") % {
        "title": meeting.title,
        "when": f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}",
        "place": meeting.place,
    }
    users = _invitee_users(meeting)
    sent = notify(
        users=users,
        committee=meeting.committee,
        key=f"meetings.notice.{meeting.pk}",
        kind="meeting",
        text=text,
        url=meeting.get_absolute_url(),
        links={u.pk: _("回执（参加/请假）：%s") % reply_link(meeting, u.person_id) for u in users},
    )
    if meeting.status == MeetingStatus.DRAFT:
        meeting.status = MeetingStatus.NOTIFIED
        meeting.notified_at = timezone.now()
        meeting.save(update_fields=["status", "notified_at"])
    audit_log("committee_meeting_notify", user=by, obj=meeting, detail={"sent": sent})
    return sent


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: Any = None) -> Meeting:
    """已召开: from now on an invitee with approved leave who was not marked counts as excused."""
    if meeting.status == MeetingStatus.HELD:
        return meeting
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    audit_log("committee_meeting_held", user=by, obj=meeting)
    duty_record_sync(meeting)
    return meeting


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, minutes: str, expected_version: int | None = None, by: Any = None
) -> Meeting:
    """The minutes (会议纪要) as text; the signed original is attached as a file (core.attachments)."""
    meeting.claim_version(expected_version)
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes", "version"])
    audit_log("committee_meeting_minutes", user=by, obj=meeting)
    return meeting


# 出席 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(
    *,
    meeting: Meeting,
    person: Person,
    status: str,
    by: Any,
    method: str = AttendanceMethod.LIST,
    reason: str = "",
) -> Invitee:
    """Mark one invitee present (出席) or absent (缺席), or ``""`` to clear; idempotent. ``method`` says how
    (名单登记 by the office, 扫码签到 by a check-in); ``reason`` is kept as the note (e.g. why a check-in was
    corrected). An absence is excused (已请假) exactly when the person's leave was approved. Writes the
    DutyRecords in the same transaction."""
    if status and status not in AttendanceStatus.values:
        raise ValidationError({"status": _("无法识别的出席情况。")})
    if method not in AttendanceMethod.values:
        raise ValidationError({"method": _("无法识别的登记方式。")})
    invitee = Invitee.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if invitee is None:
        raise ValidationError({"person": _("%s 不在本次会议的参会人员名单中。") % person.name})
    reason = reason.strip()[:200]
    new = (status, method if status else "", reason)
    if (invitee.attendance, invitee.method, invitee.note) == new:
        return invitee
    invitee.attendance, invitee.method, invitee.note = new
    invitee.marked_at = timezone.now() if status else None
    invitee.marked_by = _user(by)
    invitee.save()
    audit_log(
        "committee_meeting_attendance",
        user=by,
        obj=meeting,
        detail={"person": person.pk, "status": status, "method": method, "reason": reason},
    )
    duty_record_sync(meeting, persons=[person.pk])  # only this invitee's records can have changed
    return invitee


@transaction.atomic
def attendance_set_many(
    *, meeting: Meeting, marks: dict[int, str], by: Any, method: str = AttendanceMethod.LIST
) -> int:
    """The office's whole list at once: person id → ``present`` / ``absent`` / ``""``; one audit entry and
    one DutyRecord sync. Only invitees may be marked. Returns how many changed."""
    invitees = {i.person_id: i for i in meeting.invitees.select_for_update()}
    now, changed = timezone.now(), []
    for person_id, status in marks.items():
        invitee = invitees.get(person_id)
        if invitee is None:
            raise ValidationError({"person": _("只能登记本次会议的参会人员。")})
        if status and status not in AttendanceStatus.values:
            raise ValidationError({"status": _("无法识别的出席情况。")})
        if invitee.attendance == status:
            continue
        invitee.attendance, invitee.method = status, method if status else ""
        invitee.marked_at, invitee.marked_by = (now if status else None), _user(by)
        changed.append(invitee)
    if changed:
        Invitee.objects.bulk_update(changed, ["attendance", "method", "marked_at", "marked_by"])
        audit_log("committee_meeting_attendance", user=by, obj=meeting, detail={"changed": len(changed)})
        duty_record_sync(meeting)
    return len(changed)


# 请假 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def leave_request(*, meeting: Meeting, person: Person, reason: str, by: Any) -> LeaveRequest:
    """An invitee asks for leave with a reason, before the meeting starts. A member asks only for
    themselves; the office may file one for an invitee (电话/书面请假), also afterwards. Asking again after a
    rejection reopens the request."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写请假事由。")})
    if not meeting.invitees.filter(person=person).exists():
        raise ValidationError({"person": _("%s 不在本次会议的参会人员名单中。") % person.name})
    office = can(by, "meetings.manage", meeting)
    if not office and getattr(by, "person_id", None) != person.pk:
        raise PermissionDenied(_("只能为本人请假。"))
    if not office and meeting.has_started():
        raise ValidationError(_("会议已开始，不能再请假；请联系会务工作人员。"))
    leave = LeaveRequest.objects.filter(meeting=meeting, person=person).first()
    if leave is not None and leave.status != LeaveStatus.REJECTED:
        raise ValidationError(_("已提交过请假申请。"))
    leave = leave or LeaveRequest(committee_id=meeting.committee_id, meeting=meeting, person=person)
    leave.reason = reason[:300]
    leave.status = LeaveStatus.PENDING
    leave.requested_at = timezone.now()
    leave.requested_by = _user(by)
    leave.decided_at, leave.decided_by, leave.decision_note = None, None, ""
    leave.full_clean()
    leave.save()
    Invitee.objects.filter(meeting=meeting, person=person).update(
        reply=ReplyChoice.LEAVE, replied_at=timezone.now()
    )
    audit_log("committee_meeting_leave_request", user=by, obj=meeting, detail={"person": person.pk})
    return leave


@transaction.atomic
def invitee_reply(*, meeting: Meeting, person: Person, answer: str, by: Any, reason: str = "") -> Invitee:
    """回执 to the notice, by the invitee themselves before the meeting starts: 参加 (a pending leave
    request is withdrawn), or 请假 with a reason, which files a leave request awaiting approval."""
    if answer not in ReplyChoice.values:
        raise ValidationError({"answer": _("请选择参加或请假。")})
    if getattr(by, "person_id", None) != person.pk:
        raise PermissionDenied(_("只能回复本人的会议通知。"))
    invitee = Invitee.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if invitee is None:
        raise ValidationError(_("您不在本次会议的参会人员名单中。"))
    if meeting.has_started() or meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("会议已开始，不能再回复；请联系会务工作人员。"))
    if answer == ReplyChoice.LEAVE:
        leave_request(meeting=meeting, person=person, reason=reason, by=by)
        invitee.refresh_from_db()
        return invitee
    leave = LeaveRequest.objects.filter(meeting=meeting, person=person).first()
    if leave is not None and leave.status == LeaveStatus.APPROVED:
        raise ValidationError(_("您的请假已批准；如需参加，请联系会务工作人员。"))
    withdrawn = leave is not None and leave.status == LeaveStatus.PENDING
    if withdrawn:
        leave.delete()  # type: ignore[union-attr]  # withdrawn; a rejected request stays on record
    invitee.reply, invitee.replied_at = ReplyChoice.ATTEND, timezone.now()
    invitee.save(update_fields=["reply", "replied_at"])
    audit_log(
        "committee_meeting_reply",
        user=by,
        obj=meeting,
        detail={"person": person.pk, "answer": answer, "leave_withdrawn": withdrawn},
    )
    return invitee


def _decide(leave: LeaveRequest, status: str, note: str, by: Any) -> LeaveRequest:
    if not can(by, "meetings.decide_leave", leave):
        raise PermissionDenied(_("无权审批该请假申请。"))
    if leave.status != LeaveStatus.PENDING:
        raise ValidationError(_("该请假申请已审批。"))
    leave.status = status
    leave.decision_note = note.strip()[:300]
    leave.decided_at = timezone.now()
    leave.decided_by = _user(by)
    leave.save()
    meeting = leave.meeting
    audit_log(
        "committee_meeting_leave_decide",
        user=by,
        obj=meeting,
        detail={"person": leave.person_id, "status": status},
    )
    duty_record_sync(meeting, persons=[leave.person_id])  # an approved leave: an absence becomes excused
    verdict = _("已批准") if status == LeaveStatus.APPROVED else _("未批准")
    notify(
        users=_invitee_users(meeting, [leave.person_id]),
        committee=meeting.committee,
        key=f"meetings.leave.{leave.pk}.{leave.decided_at:%Y%m%d%H%M%S%f}",
        text=_("您的请假申请（%(title)s）%(verdict)s。%(note)s")
        % {"title": meeting.title, "verdict": verdict, "note": leave.decision_note},
        url=reverse("meetings:mine", kwargs={"committee": meeting.committee.code}),
    )
    return leave


@transaction.atomic
def leave_approve(*, leave: LeaveRequest, by: Any, note: str = "") -> LeaveRequest:
    """批准请假; the approver is decided by ``meetings.decide_leave`` (see meetings/permissions.py)."""
    return _decide(leave, LeaveStatus.APPROVED, note, by)


@transaction.atomic
def leave_reject(*, leave: LeaveRequest, by: Any, note: str) -> LeaveRequest:
    """不批准请假, with a note saying why."""
    if not note.strip():
        raise ValidationError({"note": _("不批准时请填写审批意见。")})
    return _decide(leave, LeaveStatus.REJECTED, note, by)
