"""Reads of study that several pages share: the filtered lists and the reading participation report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from lvzhi.org.models import Committee, Person, TermMembership
from lvzhi.study.choices import AttendanceStatus
from lvzhi.study.models import ReadingLog, ReadingLogQuerySet, StudyGroupMember, StudySession


def with_attendance_counts(sessions: QuerySet[StudySession]) -> QuerySet[StudySession]:
    return sessions.annotate(
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
        excused=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
        absent=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
    )


@dataclass
class ParticipationRow:
    name: str
    members: int
    readers: int
    books: int
    hours: Decimal
    key: str = ""

    @property
    def rate(self) -> int:
        return round(100 * self.readers / self.members) if self.members else 0


@dataclass
class ReaderRow:
    person: Person
    books: int
    hours: Decimal


def participation(
    committee: Committee, logs: QuerySet[ReadingLog], on: date
) -> tuple[list[ParticipationRow], list[ParticipationRow], list[ReaderRow]]:
    """Per study group and per sector: how many members, how many of them logged reading, their books
    and hours; and each reader's books and hours. A constant number of queries at any size."""
    per_person: dict[int, tuple[int, Decimal]] = {
        row["person_id"]: (row["books"], row["hours"] or Decimal(0))
        for row in logs.order_by().values("person_id").annotate(books=Count("id"), hours=Sum("hours"))
    }

    def row(name: str, people: set[int], key: str) -> ParticipationRow:
        readers = [per_person[p] for p in people if p in per_person]
        return ParticipationRow(
            name=name,
            members=len(people),
            readers=len(readers),
            books=sum(b for b, _h in readers),
            hours=sum((h for _b, h in readers), Decimal(0)),
            key=key,
        )

    groups: dict[tuple[int, str], set[int]] = defaultdict(set)
    for group_id, name, person_id in StudyGroupMember.objects.filter(
        committee=committee, group__active=True
    ).values_list("group_id", "group__name", "person_id"):
        groups[(group_id, name)].add(person_id)
    sectors: dict[tuple[int, str], set[int]] = defaultdict(set)
    for sector_id, name, person_id in (
        TermMembership.objects.current(committee, on)
        .exclude(sector=None)
        .values_list("sector_id", "sector__name", "person_id")
    ):
        sectors[(sector_id, name)].add(person_id)
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(per_person))}
    readers = sorted(
        (ReaderRow(people[pid], books, hours) for pid, (books, hours) in per_person.items() if pid in people),
        key=lambda r: (-r.hours, -r.books, r.person.stroke_key),
    )
    return (
        [
            row(name, ids, f"group={gid}")
            for (gid, name), ids in sorted(groups.items(), key=lambda i: i[0][1])
        ],
        [row(name, ids, f"sector={sid}") for (sid, name), ids in sorted(sectors.items())],
        readers,
    )


def logs_for_params(
    logs: ReadingLogQuerySet, params: Any, committee: Committee, on: date
) -> ReadingLogQuerySet:
    """Narrow logs to a study group's or a sector's members (the participation report links here)."""
    group, sector = params.get("group", ""), params.get("sector", "")
    if group.isdigit():
        logs = logs.filter(
            person_id__in=StudyGroupMember.objects.filter(group_id=int(group)).values("person_id")
        )
    if sector.isdigit():
        logs = logs.filter(
            person_id__in=TermMembership.objects.current(committee, on)
            .filter(sector_id=int(sector))
            .values("person_id")
        )
    return logs
