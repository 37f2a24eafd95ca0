"""Writes of the party app: branches, who is organized in them, and their organizational life."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.org.models import Committee, Person, SpecialCommittee
from lvzhi.party.choices import AttendanceStatus, BranchKind, BranchRole, CheckinMethod
from lvzhi.party.models import (
    Attendance,
    ContactPoint,
    ContactVisit,
    LeaderDuty,
    Meeting,
    PartyBranch,
    PartyMembership,
)


@transaction.atomic
def branch_create(
    *,
    committee: Committee,
    name: str,
    kind: str = BranchKind.FUNCTIONAL,
    special_committee: SpecialCommittee | None = None,
    secretary: Person | None = None,
    established_on: date | None = None,
    by: Any = None,
) -> PartyBranch:
    order = PartyBranch.objects.filter(committee=committee).count() + 1
    branch = PartyBranch(
        committee=committee,
        name=name,
        kind=kind,
        special_committee=special_committee,
        secretary=secretary,
        established_on=established_on,
        order=order,
    )
    branch.full_clean()
    branch.save()
    audit_log("branch_create", user=by, obj=branch)
    return branch


@transaction.atomic
def branch_update(
    *, branch: PartyBranch, data: dict[str, Any], expected_version: int | None, by: Any = None
) -> PartyBranch:
    branch.claim_version(expected_version)
    for field, value in data.items():
        setattr(branch, field, value)
    branch.full_clean()
    branch.save()
    return branch


@transaction.atomic
def party_member_assign(
    *,
    branch: PartyBranch,
    person: Person,
    role: str = BranchRole.MEMBER,
    on: date | None = None,
    by: Any = None,
) -> PartyMembership:
    """Organize a CPC member in a branch. A person is in one regular (functional or office) branch at a
    time: joining one moves them out of the other, dated, so past figures stay as they were. A person
    never organized before gets no join date (they were in it before records began)."""
    on = on or timezone.localdate()
    current = PartyMembership.objects.filter(committee=branch.committee, person=person).current()
    same = current.filter(branch=branch).first()
    if same is not None:
        if same.role != role:
            same.role = role
            same.full_clean()
            same.save()
        return same
    if branch.kind != BranchKind.TEMPORARY:
        for old in current.exclude(branch__kind=BranchKind.TEMPORARY).select_related("branch"):
            party_member_leave(membership=old, on=on, by=by)
    first_ever = not PartyMembership.objects.filter(committee=branch.committee, person=person).exists()
    membership = PartyMembership(
        committee=branch.committee,
        branch=branch,
        person=person,
        role=role,
        joined_on=None if first_ever else on,
    )
    membership.full_clean()
    membership.save()
    audit_log("party_member_assign", user=by, obj=membership)
    return membership


@transaction.atomic
def party_member_leave(
    *, membership: PartyMembership, on: date | None = None, by: Any = None
) -> PartyMembership:
    on = on or timezone.localdate()
    if membership.left_on is not None:
        raise ValidationError(_("该党员已转出此党支部。"))
    membership.left_on = max(on, membership.joined_on) if membership.joined_on else on
    membership.full_clean()
    membership.save()
    audit_log("party_member_leave", user=by, obj=membership)
    return membership


def _sync(meeting: Meeting) -> None:
    from lvzhi.duty.services import duty_record_sync

    duty_record_sync(meeting)


@transaction.atomic
def meeting_record(
    *,
    branch: PartyBranch,
    kind: str,
    held_on: date,
    topic: str,
    host: Person | None = None,
    minutes: str = "",
    today: date | None = None,
    by: Any = None,
) -> Meeting:
    """Record a meeting. Entered more than the policy's days after it was held, it is 补录 and counts only
    once the branch secretary (or staff) approves it."""
    from lvzhi.party.orglife import policy_on

    today = today or timezone.localdate()
    policy = policy_on(branch.committee, held_on)
    meeting = Meeting(
        committee=branch.committee,
        branch=branch,
        kind=kind,
        held_on=held_on,
        topic=topic,
        host=host,
        minutes=minutes,
        entered_on=today,
        is_late=(today - held_on).days > policy.late_entry_days,
        checkin_token=secrets.token_urlsafe(16),
    )
    meeting.full_clean()
    meeting.save()
    audit_log("meeting_record", user=by, obj=meeting, detail={"late": meeting.is_late})
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Meeting:
    """Correct the topic, host or minutes; a stale edit is refused. The date and branch stay (they decide
    whether it was entered late)."""
    meeting.claim_version(expected_version)
    for field in ("topic", "host", "minutes"):
        if field in data:
            setattr(meeting, field, data[field])
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def attendance_set(*, meeting: Meeting, marks: dict[int, tuple[str, str]], by: Any = None) -> int:
    """Tick the list: person id → (status, reason). Only CPC persons of the committee; a leader from
    another branch may attend as an ordinary member (双重组织生活). Returns how many changed."""
    persons = {p.pk: p for p in Person.objects.filter(committee=meeting.committee, pk__in=list(marks))}
    existing = {a.person_id: a for a in meeting.attendances.all()}
    changed = 0
    for person_id, (status, reason) in marks.items():
        person = persons.get(person_id)
        if person is None or not person.is_cpc:
            raise ValidationError(_("只有本会的中共党员可以登记为组织生活的参加人员。"))
        if status not in AttendanceStatus.values:
            raise ValidationError(_("无法识别的出席情况。"))
        if status == AttendanceStatus.EXCUSED and not reason.strip():
            raise ValidationError(_("请假须写明原因：%s。") % person.name)
        current = existing.get(person_id)
        if current is not None and (current.status, current.reason) == (status, reason):
            continue
        if current is None:
            current = Attendance(committee=meeting.committee, meeting=meeting, person=person)
        current.status, current.reason, current.method = status, reason[:200], CheckinMethod.LIST
        current.save()
        changed += 1
    if changed:
        audit_log("meeting_attendance", user=by, obj=meeting, detail={"changed": changed})
        _sync(meeting)
    return changed


@transaction.atomic
def meeting_checkin(*, meeting: Meeting, token: str, by: Any) -> Attendance:
    """A member checks in on a phone with the meeting's QR code."""
    if not secrets.compare_digest(token, meeting.checkin_token):
        raise PermissionDenied
    person = getattr(by, "person", None)
    if person is None or person.committee_id != meeting.committee_id or not person.is_cpc:
        raise ValidationError(_("只有本会的中共党员可以签到。"))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "committee": meeting.committee,
            "status": AttendanceStatus.PRESENT,
            "reason": "",
            "method": CheckinMethod.CHECKIN,
        },
    )
    _sync(meeting)
    return attendance


@transaction.atomic
def meeting_approve(*, meeting: Meeting, by: Any) -> Meeting:
    """The branch secretary's approval of a late entry: from now on it counts."""
    if not meeting.is_late:
        raise ValidationError(_("该记录按时录入，无需审批。"))
    if meeting.approved_at is not None:
        raise ValidationError(_("该补录已审批。"))
    meeting.approved_by = by if getattr(by, "pk", None) else None
    meeting.approved_at = timezone.now()
    meeting.save(update_fields=["approved_by", "approved_at"])
    audit_log("meeting_approve", user=by, obj=meeting)
    _sync(meeting)
    return meeting


@transaction.atomic
def contact_point_assign(*, leader: Person, branch: PartyBranch, since: date, by: Any = None) -> ContactPoint:
    if not leader.is_cpc:
        raise ValidationError({"leader": _("联系领导须是中共党员。")})
    if ContactPoint.objects.filter(leader=leader, branch=branch, until__isnull=True).exists():
        raise ValidationError({"branch": _("该领导已联系这个党支部。")})
    point = ContactPoint(committee=branch.committee, leader=leader, branch=branch, since=since)
    point.full_clean()
    point.save()
    audit_log("contact_point_assign", user=by, obj=point)
    return point


@transaction.atomic
def contact_visit_record(*, point: ContactPoint, on: date, note: str, by: Any = None) -> ContactVisit:
    if on < point.since or (point.until and on > point.until):
        raise ValidationError({"on": _("日期不在联系期间内。")})
    visit = ContactVisit(committee_id=point.committee_id, point=point, on=on, note=note.strip())
    visit.full_clean()
    visit.save()
    audit_log("contact_visit_record", user=by, obj=point, detail={"on": on.isoformat()})
    return visit


@transaction.atomic
def leader_duty_add(
    *, committee: Committee, leader: Person, year: int, text: str, by: Any = None
) -> LeaderDuty:
    duty = LeaderDuty(committee=committee, leader=leader, year=year, text=text.strip())
    duty.full_clean()
    if duty.leader.committee_id != committee.pk:
        raise ValidationError({"leader": _("不属于本政协。")})
    duty.save()
    audit_log("leader_duty_add", user=by, obj=duty)
    return duty
