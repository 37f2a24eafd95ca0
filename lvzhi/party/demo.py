"""Demo branches: one functional branch per special committee holding all its CPC members (86 in all),
and the office's 机关党支部 for CPC staff."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from simple_history.utils import bulk_create_with_history

from lvzhi.core.codes import CPC_CODES
from lvzhi.core.demo import DemoContext
from lvzhi.org.choices import Position
from lvzhi.party.choices import AttendanceStatus, BranchKind, BranchRole, MeetingKind
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.party.services import (
    attendance_set,
    branch_create,
    contact_point_assign,
    contact_visit_record,
    leader_duty_add,
    meeting_record,
)

ORDER = 20


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    established = ctx.objects["term"].start
    memberships = ctx.objects["memberships"]
    branches = []
    rows: list[PartyMembership] = []
    for sc in ctx.objects["special_committees"]:
        cpc = [m for m in memberships if m.special_committee_id == sc.pk and m.person.political in CPC_CODES]
        # The secretary: a CPC member of the committee, senior ones first.
        cpc.sort(
            key=lambda m: (m.position == Position.MEMBER, m.person.political != "01", m.person.stroke_key)
        )
        secretary = cpc[0].person
        branch = branch_create(
            committee=committee,
            name=f"{sc.name}党支部",
            kind=BranchKind.FUNCTIONAL,
            special_committee=sc,
            secretary=secretary,
            established_on=established,
        )
        branches.append(branch)
        rows += [
            PartyMembership(
                committee=committee,
                branch=branch,
                person=m.person,
                role=BranchRole.SECRETARY if m.person == secretary else BranchRole.MEMBER,
            )
            for m in cpc
        ]
    staff_cpc = [p for p in ctx.objects["staff_people"] if p.political in CPC_CODES]
    office = branch_create(
        committee=committee,
        name="政协机关党支部",
        kind=BranchKind.OFFICE,
        secretary=staff_cpc[0],
        established_on=established,
    )
    rows += [
        PartyMembership(
            committee=committee,
            branch=office,
            person=p,
            role=BranchRole.SECRETARY if p == staff_cpc[0] else BranchRole.MEMBER,
        )
        for p in staff_cpc
    ]
    bulk_create_with_history(rows, PartyMembership)
    ctx.objects.update(branches=branches, office_branch=office)
    _seed_orglife(ctx, [*branches, office])


def demo_orglife_year(today: date) -> int:
    """The year whose calendar the demo fills from January: this year, or last year early in the year."""
    return today.year if today.month >= 4 else today.year - 1


def _seed_orglife(ctx: DemoContext, branches: list[PartyBranch]) -> None:
    """A year of branch life so far: monthly 支委会、党小组会、主题党日, quarterly 党员大会 and 党课, with
    gaps (the second branch missed its second-quarter 党员大会, the third three 支委会) and one 党课 entered
    three weeks late and awaiting its secretary's approval. Leaders join 主题党日 as ordinary members."""
    today = ctx.today
    first_year = demo_orglife_year(today)
    plan: list[tuple[str, date]] = []
    year, month = first_year, 1
    while date(year, month, 10) <= today:
        plan += [(MeetingKind.COMMITTEE, date(year, month, 5)), (MeetingKind.GROUP, date(year, month, 8))]
        plan.append((MeetingKind.THEME_DAY, date(year, month, 10)))
        if month % 3 == 2:
            plan += [
                (MeetingKind.GENERAL, date(year, month, 15)),
                (MeetingKind.LECTURE, date(year, month, 20)),
            ]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    chair_and_vices = [
        m.person
        for m in ctx.objects["memberships"]
        if m.position in (Position.CHAIR, Position.VICE_CHAIR) and m.person.political in CPC_CODES
    ]
    late_lecture = max(
        (on for kind, on in plan if kind == MeetingKind.LECTURE and on + timedelta(days=21) <= today),
        default=None,
    )
    for index, branch in enumerate(branches):
        members = list(
            PartyMembership.objects.filter(branch=branch).current().values_list("person_id", flat=True)
        )
        for kind, on in plan:
            if on > today:
                continue
            if index == 1 and kind == MeetingKind.GENERAL and on.year == first_year and 4 <= on.month <= 6:
                continue
            if (
                index == 2
                and kind == MeetingKind.COMMITTEE
                and on.year == first_year
                and on.month in (3, 6, 9)
            ):
                continue
            late = index == 0 and kind == MeetingKind.LECTURE and on == late_lecture
            entered = min(on + timedelta(days=21 if late else 1), today)
            meeting = meeting_record(
                branch=branch,
                kind=kind,
                held_on=on,
                topic=f"{on.month}月{MeetingKind(kind).label}",
                host=branch.secretary,
                today=entered,
            )
            marks: dict[int, tuple[str, str]] = {}
            for n, person_id in enumerate(members):
                if (n + on.month) % 9 == 0:
                    marks[person_id] = (AttendanceStatus.EXCUSED, "外出调研")
                else:
                    marks[person_id] = (AttendanceStatus.PRESENT, "")
            if kind == MeetingKind.THEME_DAY and chair_and_vices:
                guest = chair_and_vices[(index + on.month) % len(chair_and_vices)]
                marks.setdefault(guest.pk, (AttendanceStatus.PRESENT, ""))
            attendance_set(meeting=meeting, marks=marks)
    _seed_leaders(ctx, branches, chair_and_vices)


def _seed_leaders(ctx: DemoContext, branches: list[PartyBranch], leaders: list[Any]) -> None:
    """Each leader's 党支部工作联系点 with a few visits, and their 一岗双责 for the year."""
    committee, today = ctx.objects["committee"], ctx.today
    functional = [b for b in branches if b.kind == BranchKind.FUNCTIONAL]
    for n, leader in enumerate(leaders):
        point = contact_point_assign(
            leader=leader, branch=functional[n % len(functional)], since=ctx.objects["term"].start
        )
        for months_ago in (1, 4):
            on = today - timedelta(days=30 * months_ago)
            if on >= point.since:
                contact_visit_record(point=point, on=on, note="到联系党支部参加主题党日，听取工作情况汇报")
        for text in (
            "带头以普通党员身份参加所在党支部组织生活",
            f"指导{point.branch.name}落实“三会一课”制度",
        ):
            leader_duty_add(committee=committee, leader=leader, year=today.year, text=text)
