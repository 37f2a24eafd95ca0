"""Organizational life checked against its rules: default rhythm, quorum, and the compliance calendar."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from lvzhi.core.effective import in_force
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, TermMembership
from lvzhi.party.choices import AttendanceStatus, BranchKind, MeetingKind, Period
from lvzhi.party.models import Meeting, OrgLifePolicy, PartyBranch, PartyMembership, RhythmRule

# The defaults of reference/domain.md §9 (《中国共产党支部工作条例（试行）》, 2018-10-28), installed as each
# committee's first rule rows; a committee edits or supersedes them with rows of a later effective date.
RULES_SINCE = date(2018, 10, 28)
DEFAULT_RULES = [
    (MeetingKind.GENERAL, Period.QUARTER, 1),
    (MeetingKind.COMMITTEE, Period.MONTH, 1),
    (MeetingKind.GROUP, Period.MONTH, 1),
    (MeetingKind.LECTURE, Period.QUARTER, 1),
    (MeetingKind.THEME_DAY, Period.MONTH, 1),
    (MeetingKind.LIFE, Period.YEAR, 1),
    (MeetingKind.APPRAISAL, Period.YEAR, 1),
]
LEADER_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)
DUE_SOON_DAYS = 7


def install_defaults(committee: Committee) -> None:
    if RhythmRule.objects.filter(committee=committee).exists():
        return
    RhythmRule.objects.bulk_create(
        RhythmRule(committee=committee, meeting_kind=k, period=p, min_count=n, effective_from=RULES_SINCE)
        for k, p, n in DEFAULT_RULES
    )
    OrgLifePolicy.objects.create(committee=committee, effective_from=RULES_SINCE)


def policy_on(committee: Committee, on: date) -> OrgLifePolicy:
    found = in_force(OrgLifePolicy.objects.filter(committee=committee), on, key=lambda p: 0).get(0)
    return found or OrgLifePolicy(committee=committee, effective_from=RULES_SINCE)


def rules_for(rules: list[RhythmRule], branch_kind: str, on: date) -> list[RhythmRule]:
    """The rules a branch of a kind follows on a date: its kind's own rule for a meeting kind, else the
    general one."""
    chosen = in_force(rules, on, key=lambda r: (r.meeting_kind, r.branch_kind))
    result = []
    for kind in MeetingKind.values:
        rule = chosen.get((kind, branch_kind)) or chosen.get((kind, ""))
        if rule is not None and rule.min_count > 0:
            result.append(rule)
    return result


@dataclass
class Quorum:
    present: int
    voting: int
    ratio: Decimal

    @property
    def ok(self) -> bool:
        return self.voting > 0 and Decimal(self.present) > self.ratio * self.voting


def quorum(meeting: Meeting) -> Quorum | None:
    """A 党员大会 needs more than half (the policy's ratio) of the branch's voting members present;
    预备党员 have no vote."""
    if meeting.kind != MeetingKind.GENERAL:
        return None
    voting_ids = set(
        PartyMembership.objects.filter(branch=meeting.branch)
        .active_on(meeting.held_on)
        .filter(person__political="01")
        .values_list("person_id", flat=True)
    )
    present = meeting.attendances.filter(status=AttendanceStatus.PRESENT, person_id__in=voting_ids).count()
    return Quorum(present, len(voting_ids), policy_on(meeting.committee, meeting.held_on).quorum_ratio)


def leader_ids(committee: Committee, on: date) -> set[int]:
    """主席、副主席、秘书长 serving on a date: the leaders whose dual org life is counted."""
    return set(
        TermMembership.objects.current(committee, on)
        .filter(position__in=LEADER_POSITIONS)
        .values_list("person_id", flat=True)
    )


def _periods(period: str, year: int) -> list[tuple[str, date, date]]:
    if period == Period.YEAR:
        return [(f"{year}年", date(year, 1, 1), date(year, 12, 31))]
    if period == Period.QUARTER:
        return [(f"第{q}季度", date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)]
    return [(f"{m}月", date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


@dataclass
class CalendarCell:
    label: str
    start: date
    end: date
    held: int
    required: int
    status: str  # held / missing / due_soon / open / upcoming

    STATUS_LABELS = {
        "held": "已召开",
        "missing": "未召开",
        "due_soon": "即将到期",
        "open": "进行中",
        "upcoming": "未开始",
    }

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS[self.status]


@dataclass
class BranchCalendar:
    branch: PartyBranch
    rows: list[tuple[RhythmRule, list[CalendarCell]]] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(1 for _rule, cells in self.rows for c in cells if c.status == "missing")


def compliance(committee: Committee, year: int, today: date) -> list[BranchCalendar]:
    """For every regular branch, every rule and every period of the year: held, missing, due soon, open
    or upcoming. Only counted meetings count (a late entry after its approval)."""
    rules = list(RhythmRule.objects.filter(committee=committee))
    start, end = date(year, 1, 1), date(year, 12, 31)
    branches = list(
        PartyBranch.objects.filter(committee=committee)
        .exclude(kind=BranchKind.TEMPORARY)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=end))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start))
    )
    held: dict[tuple[int, str], list[date]] = defaultdict(list)
    for branch_id, kind, on in (
        Meeting.objects.filter(committee=committee, held_on__gte=start, held_on__lte=end)
        .counted()
        .values_list("branch_id", "kind", "held_on")
    ):
        held[(branch_id, kind)].append(on)
    result = []
    for branch in branches:
        calendar = BranchCalendar(branch)
        for rule in rules_for(rules, branch.kind, min(today, end) if today.year >= year else start):
            cells = []
            for label, p_start, p_end in _periods(rule.period, year):
                if branch.established_on and p_end < branch.established_on:
                    continue
                count = sum(1 for d in held[(branch.pk, rule.meeting_kind)] if p_start <= d <= p_end)
                if count >= rule.min_count:
                    status = "held"
                elif p_end < today:
                    status = "missing"
                elif p_start > today:
                    status = "upcoming"
                elif (p_end - today).days <= DUE_SOON_DAYS:
                    status = "due_soon"
                else:
                    status = "open"
                cells.append(CalendarCell(label, p_start, p_end, count, rule.min_count, status))
            calendar.rows.append((rule, cells))
        result.append(calendar)
    return result


def compliance_json(calendars: list[BranchCalendar]) -> list[dict[str, Any]]:
    return [
        {
            "branch": c.branch.name,
            "missing": c.missing,
            "rules": [
                {
                    "meeting": str(rule.get_meeting_kind_display()),
                    "period": str(rule.get_period_display()),
                    "min_count": rule.min_count,
                    "periods": [
                        {"label": cell.label, "held": cell.held, "status": cell.status} for cell in cells
                    ],
                }
                for rule, cells in c.rows
            ],
        }
        for c in calendars
    ]


def remind(committee: Committee, today: date) -> int:
    """Before a period closes without its meeting (due soon), tell the branch's secretary and the
    committee's staff, once per branch, rule and period. Returns how many notifications were new."""
    from django.urls import reverse

    from lvzhi.accounts.models import User
    from lvzhi.core.notifications import notify
    from lvzhi.core.roles import Role

    staff = list(
        User.objects.filter(
            role_assignments__committee=committee, role_assignments__role=Role.STAFF, is_active=True
        )
    )
    url = reverse("party:compliance", kwargs={"committee": committee.code}) + f"?year={today.year}"
    sent = 0
    for calendar in compliance(committee, today.year, today):
        secretaries = (
            list(User.objects.filter(person_id=calendar.branch.secretary_id, is_active=True))
            if calendar.branch.secretary_id
            else []
        )
        for rule, cells in calendar.rows:
            for cell in cells:
                if cell.status != "due_soon":
                    continue
                text = (
                    f"{calendar.branch.name}{cell.label}的{rule.get_meeting_kind_display()}尚未召开"
                    f"（{cell.end:%m月%d日}截止，应至少{rule.min_count}次）"
                )
                key = f"orglife:{calendar.branch.pk}:{rule.meeting_kind}:{cell.start.isoformat()}"
                sent += notify(users=[*secretaries, *staff], committee=committee, key=key, text=text, url=url)
    return sent
