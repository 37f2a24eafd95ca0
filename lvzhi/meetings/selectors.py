"""Reads of meetings that several places share: who must attend by default, the directory rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from lvzhi.core.models import NoticeDelivery
from lvzhi.core.notifications import CHANNEL_LABELS
from lvzhi.meetings.choices import AttendanceStatus, LeaveStatus, MeetingType
from lvzhi.meetings.models import Meeting
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, Person, TermMembership

CHAIRS_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)


def default_invitees(
    committee: Committee, meeting_type: str, on: date, special_committee: Any = None
) -> list[Person]:
    """Who must attend by the meeting's type, from the term in force on its date, 按姓氏笔画:
    全体会议 every 委员; 常委会议 and 专题议政性常委会议 the 常委 (主席、副主席、秘书长 and 常委); 主席会议 its
    members; 专委会会议 the special committee's members."""
    current = TermMembership.objects.current(committee, on)
    if meeting_type in (MeetingType.STANDING, MeetingType.TOPICAL):
        current = current.exclude(position=Position.MEMBER)
    elif meeting_type == MeetingType.CHAIRS:
        current = current.filter(position__in=CHAIRS_POSITIONS)
    elif meeting_type == MeetingType.SPECIAL:
        if special_committee is None:
            return []
        current = current.filter(special_committee=special_committee)
    return list(Person.objects.filter(pk__in=current.values("person_id")).official_order())


def with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        n_invitees=Count("invitees", distinct=True),
        n_present=Count("invitees", filter=Q(invitees__attendance=AttendanceStatus.PRESENT), distinct=True),
        n_absent=Count("invitees", filter=Q(invitees__attendance=AttendanceStatus.ABSENT), distinct=True),
        n_leaves=Count("leaves", filter=Q(leaves__status=LeaveStatus.APPROVED), distinct=True),
    )


@dataclass
class DirectoryRow:
    person: Person
    sector: str
    position: str
    workplace: str
    phone: str
    role: str = ""


def directory_rows(
    committee: Committee, people: list[Person], on: date, *, full: bool, roles: dict[int, str] | None = None
) -> list[DirectoryRow]:
    """通讯录 rows, 按姓氏笔画: name, sector, position, work unit, phone (masked unless ``full``).
    Sector, position and work unit come from the membership in the term in force on ``on``."""
    memberships = {
        m.person_id: m
        for m in TermMembership.objects.of_term_in_force(committee, on)
        .filter(person__in=people)
        .select_related("sector")
    }
    rows = []
    for p in sorted(people, key=lambda p: (p.stroke_key, p.pk)):
        m = memberships.get(p.pk)
        rows.append(
            DirectoryRow(
                person=p,
                sector=m.sector.name if m and m.sector else "",
                position=str(m.get_position_display()) if m else "",
                workplace=m.workplace if m else "",
                phone=p.mobile if full else p.mobile_masked,
                role=(roles or {}).get(p.pk, ""),
            )
        )
    return rows


def delivery_summary(meeting: Meeting) -> dict[str, Any]:
    """For the office: how the notice's copies outside the app went (sent / failed per channel), and each
    failure with its reason, so a failed SMS can be followed up by phone."""
    rows = NoticeDelivery.objects.filter(notification__key=f"meetings.notice.{meeting.pk}").select_related(
        "notification__user__person"
    )
    counts: dict[str, dict[str, int]] = {}
    failed = []
    for d in rows.order_by("channel", "notification__user__username"):
        label = str(CHANNEL_LABELS.get(d.channel, d.channel))
        counts.setdefault(label, {"sent": 0, "failed": 0, "pending": 0})[d.status] += 1
        if d.status == NoticeDelivery.Status.FAILED:
            failed.append((d.notification.user, label, d.reason))
    return {"counts": counts, "failed": failed}
