"""Past meeting records from Excel (a row per meeting, attendees as lists of names) and the calendar out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from lvzhi.core.codes import CPC_CODES
from lvzhi.core.tabular import (
    Column,
    ImportReport,
    Sheet,
    TableError,
    parse_day,
    read_declared,
    write_workbook,
    write_xlsx,
)
from lvzhi.org.models import Committee, Person
from lvzhi.party.choices import AttendanceStatus, BranchKind, MeetingKind
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.party.orglife import BranchCalendar
from lvzhi.party.services import attendance_set, meeting_record

BRANCH, KIND, HELD, TOPIC, HOST = "党支部", "类型", "召开日期", "主题", "主持人"
PRESENT, EXCUSED, ABSENT, MINUTES, ENTERED = "出席人员", "请假人员", "缺席人员", "会议记录", "记录日期"
COLUMNS = [
    Column(BRANCH, required=True, width=22),
    Column(
        KIND,
        required=True,
        width=14,
        help="支部党员大会、支部委员会、党小组会、党课、主题党日、组织生活会、民主评议党员、谈心谈话",
    ),
    Column(HELD, required=True, width=12),
    Column(TOPIC, required=True, width=30),
    Column(HOST, width=10),
    Column(PRESENT, width=40),
    Column(EXCUSED, width=30),
    Column(ABSENT, width=20),
    Column(MINUTES, width=40),
    Column(ENTERED, width=12),
]
NOTES = [
    "每行一次组织生活；带 * 的列必填。",
    "出席、请假、缺席人员写姓名，用顿号、逗号或分号分隔；请假原因写在姓名后的括号里，如：王芳（出差）。",
    "人员须是该党支部当时的党员；领导干部参加其他支部的组织生活（双重组织生活）时写在出席人员中。",
    "日期写作 2026-03-15 或 2026年3月15日。「记录日期」是当时形成会议记录的日期；不填则按导入当天计算，",
    "超过规定天数的记录为补录，需支部书记审批后才计入。",
    "文件中有任何错误时整个文件都不导入，并列出每处错误。",
]
KINDS = {str(label): value for value, label in MeetingKind.choices} | {
    "党员大会": MeetingKind.GENERAL,
    "支委会": MeetingKind.COMMITTEE,
    "民主评议": MeetingKind.APPRAISAL,
}
_SPLIT = re.compile(r"[、，,；;\s]+")
_NAME = re.compile(r"^(?P<name>[^（(]+)(?:[（(](?P<reason>[^）)]*)[）)])?$")
MAX_ROWS = 5000
GROUP_NAMES = ("政协党组", "党组")


@dataclass
class MeetingImportReport(ImportReport):
    late: list[str] = field(default_factory=list)  # rows that arrive as 补录, awaiting approval


EXAMPLE_DAY = date(2026, 3, 15)


def _names(text: str) -> list[tuple[str, str]]:
    result = []
    for part in _SPLIT.split(text.strip()):
        if not part:
            continue
        match = _NAME.match(part)
        if match is None:
            raise ValueError(f"无法识别「{part}」")
        result.append((match["name"].strip(), (match["reason"] or "").strip()))
    return result


class _People:
    """Names resolved against a branch's members on a date, then the committee's CPC persons."""

    def __init__(self, committee: Committee) -> None:
        self.cpc: dict[str, list[Person]] = {}
        for p in Person.objects.filter(committee=committee, political__in=CPC_CODES):
            self.cpc.setdefault(p.name, []).append(p)
        self.members: dict[int, list[tuple[int, date | None, date | None]]] = {}
        for branch_id, person_id, joined, left in PartyMembership.objects.filter(
            committee=committee
        ).values_list("branch_id", "person_id", "joined_on", "left_on"):
            self.members.setdefault(branch_id, []).append((person_id, joined, left))

    def find(self, branch: PartyBranch | None, on: date, name: str) -> Person:
        candidates = self.cpc.get(name, [])
        in_branch = {
            pid
            for pid, joined, left in self.members.get(branch.pk if branch is not None else -1, [])
            if (joined is None or joined <= on) and (left is None or left > on)
        }
        mine = [p for p in candidates if p.pk in in_branch]
        if len(mine) == 1:
            return mine[0]
        if len(mine) > 1 or len(candidates) > 1:
            raise ValueError(f"有{max(len(mine), len(candidates))}名党员名为「{name}」，无法确定是哪一位")
        if not candidates:
            raise ValueError(f"「{name}」不是本会的中共党员")
        return candidates[0]  # a CPC member of another branch: dual org life


@transaction.atomic
def meetings_import(
    *,
    committee: Committee,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    by: Any = None,
    today: date | None = None,
) -> MeetingImportReport:
    """Check every row; write every meeting only if none is wrong (and it is not a dry run)."""
    today = today or timezone.localdate()
    report = MeetingImportReport(dry_run=dry_run)
    try:
        table, warnings = read_declared(data, filename, COLUMNS)
    except TableError as exc:
        report.errors.extend(exc.messages)
        return report
    report.warnings.extend(warnings)
    report.rows = len(table.rows)
    if report.rows > MAX_ROWS:
        report.errors.append(f"一次最多导入{MAX_ROWS}行，请分批导入。")
        return report
    branches = {
        b.name: b for b in PartyBranch.objects.filter(committee=committee).exclude(kind=BranchKind.TEMPORARY)
    }
    people = _People(committee)
    ready: list[tuple[int, dict[str, Any], dict[int, tuple[str, str]]]] = []
    for row in table.rows:
        n, before = row.number, len(report.errors)

        def text(header: str, row: Any = row) -> str:
            cell = row.cells.get(header)
            return cell.text if cell is not None else ""

        def error(header: str, reason: str, n: int = n) -> None:
            report.errors.append(f"第{n}行「{header}」：{reason}")

        kind = KINDS.get(text(KIND))
        if kind is None:
            error(KIND, f"无法识别「{text(KIND)}」" if text(KIND) else "不能为空")
        branch = branches.get(text(BRANCH))
        group = kind == MeetingKind.LEADERSHIP_LIFE
        if group and text(BRANCH) not in ("", *GROUP_NAMES):
            error(BRANCH, "党组民主生活会不属于党支部，请填写「政协党组」或留空")
        elif not group and not text(BRANCH):
            error(BRANCH, "不能为空")
        elif not group and branch is None:
            error(BRANCH, f"系统中没有党支部「{text(BRANCH)}」")
        held: date | None = None
        entered = today
        for header in (HELD, ENTERED):
            cell = row.cells.get(header)
            if cell is None or cell.kind == "empty":
                if header == HELD:
                    error(HELD, "不能为空")
                continue
            try:
                value = parse_day(cell, EXAMPLE_DAY)
            except ValueError as exc:
                error(header, str(exc))
                continue
            if value > today:
                error(header, "不能晚于今天")
            elif header == HELD:
                held = value
            else:
                entered = value
        if held is not None and entered < held:
            error(ENTERED, "不能早于召开日期")
        topic = text(TOPIC)
        if not topic:
            error(TOPIC, "不能为空")
        elif len(topic) > 200:
            error(TOPIC, "不能超过200个字")
        marks: dict[int, tuple[str, str]] = {}
        host = None
        if (branch is not None or group) and held is not None:
            if text(HOST):
                try:
                    host = people.find(branch, held, text(HOST))
                except ValueError as exc:
                    error(HOST, str(exc))
            for header, status in (
                (PRESENT, AttendanceStatus.PRESENT),
                (EXCUSED, AttendanceStatus.EXCUSED),
                (ABSENT, AttendanceStatus.ABSENT),
            ):
                try:
                    names = _names(text(header))
                except ValueError as exc:
                    error(header, str(exc))
                    continue
                for name, reason in names:
                    try:
                        person = people.find(branch, held, name)
                    except ValueError as exc:
                        error(header, str(exc))
                        continue
                    if person.pk in marks:
                        error(header, f"「{name}」在本行出现了不止一次")
                    elif status == AttendanceStatus.EXCUSED and not reason:
                        error(header, f"「{name}」请假须写明原因，如：{name}（出差）")
                    else:
                        marks[person.pk] = (status, reason)
        if len(report.errors) == before and kind is not None and held is not None:
            values: dict[str, Any] = {
                "branch": branch,
                "kind": kind,
                "held_on": held,
                "topic": topic,
                "host": host,
                "minutes": text(MINUTES),
                "today": entered,
            }
            ready.append((n, values, marks))
    if report.errors:
        return report
    for n, values, marks in ready:
        meeting = meeting_record(by=by, **values)
        if marks:
            attendance_set(meeting=meeting, marks=marks, by=by)
        report.created += 1
        if meeting.is_late:
            report.late.append(
                f"第{n}行：{meeting.held_on:%Y-%m-%d}召开、{meeting.entered_on:%Y-%m-%d}记录，为补录，待支部书记审批"
            )
    if dry_run:
        transaction.set_rollback(True)
    return report


def template() -> bytes:
    return write_xlsx(COLUMNS, [], sheet_title="组织生活", notes=NOTES)


def calendar_workbook(calendars: list[BranchCalendar], year: int) -> bytes:
    """The compliance calendar as a sheet: a row per branch and rule, a column per period."""
    rows = []
    for calendar in calendars:
        for rule, cells in calendar.rows:
            rows.append(
                [
                    calendar.name,
                    str(rule.get_meeting_kind_display()),
                    f"{rule.get_period_display()}≥{rule.min_count}",
                ]
                + [f"{c.label} {c.status_label}{f'（{c.held}次）' if c.held else ''}" for c in cells]
            )
    width = max((len(r) for r in rows), default=3)
    columns = [Column("党支部", width=22), Column("会议类型", width=14), Column("规则", width=12)]
    columns += [Column(f"周期{i}", width=16) for i in range(1, width - 2)]
    return write_workbook([Sheet(f"{year}年组织生活日历", columns, rows)])
