"""Consultations and suggestions as sheets: the exports of the lists, and the all-or-nothing import of
an office's suggestion sheet (proposers by name within the committee, units by name)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count

from lvzhi.consult.choices import StepKind, SuggestionCategory
from lvzhi.consult.models import Consultation
from lvzhi.consult.services import suggestion_create
from lvzhi.core.audit import audit_log
from lvzhi.core.tabular import Column, ImportReport, TableError, parse_day, read_declared, write_xlsx
from lvzhi.org.models import Committee, Person, Unit

MAX_ROWS = 5000
EXAMPLE_DAY = date(2026, 6, 30)
SPLIT = re.compile(r"[、，,；;\s]+")
CATEGORY_NAMES = {str(label): value for value, label in SuggestionCategory.choices}

TITLE, TEXT, PROPOSERS, CATEGORY, CONSULTATION, SUBMITTED, UNITS = (
    "标题", "内容", "提出人", "类别", "协商活动", "报送日期", "交办单位",
)  # fmt: skip
IMPORT_COLUMNS = [
    Column(TITLE, required=True, width=36),
    Column(TEXT, width=48),
    Column(PROPOSERS, width=18, help="多人用顿号分隔"),
    Column(CATEGORY, width=10),
    Column(CONSULTATION, width=30),
    Column(SUBMITTED, required=True, width=12),
    Column(UNITS, width=30),
]
TEMPLATE_NOTES = [
    "每行一条意见建议；带 * 的列必填。",
    "提出人填写本会人员的姓名，多人用顿号「、」分隔；同名的人员无法区分时请在系统中逐条录入。",
    "类别填写：" + "、".join(CATEGORY_NAMES) + "；不填为「其他」。",
    "协商活动填写系统中已登记的协商议题（与议题完全一致）；界别活动等非协商活动提出的可不填。",
    "交办单位填写系统中承办单位的名称，多个用顿号分隔。",
    "报送日期写作 2026-06-30 或 2026年6月30日。导入后状态为「已报送」。",
]


def template() -> bytes:
    return write_xlsx(IMPORT_COLUMNS, [], sheet_title="意见建议", notes=TEMPLATE_NOTES)


def _names(objs: Any) -> str:
    return "、".join(o.name for o in objs)


def suggestions_workbook(qs: Any) -> bytes:
    rows = (
        qs.select_related("consultation__form")
        .prefetch_related("proposers", "units")
        .order_by("-submitted_on", "-id")
    )
    columns = [
        *IMPORT_COLUMNS[:3], Column(CATEGORY, width=10), Column("协商形式", width=16), Column(CONSULTATION, width=30),
        Column(SUBMITTED, width=12), Column(UNITS, width=30), Column("状态", width=10), Column("答复内容", width=40),
        Column("答复日期", width=12),
    ]  # fmt: skip
    data = [
        [
            s.title, s.text, _names(s.proposers.all()), s.get_category_display(),
            s.consultation.form.name if s.consultation else "", s.consultation.topic if s.consultation else "",
            s.submitted_on, _names(s.units.all()), s.get_status_display(), s.reply, s.replied_on or "",
        ]
        for s in rows
    ]  # fmt: skip
    return write_xlsx(columns, data, sheet_title="意见建议")


def consultations_workbook(qs: Any) -> bytes:
    rows = (
        qs.select_related("form", "special_committee", "sector", "studio", "plan_item__plan")
        .prefetch_related("participants")
        .annotate(n_suggestions=Count("suggestions"))
        .order_by("-start_on", "-id")
    )
    columns = [
        Column("协商形式", width=16), Column("协商议题", width=36), Column("开始日期", width=12),
        Column("结束日期", width=12), Column("承办方", width=24), Column("参加委员", width=40),
        Column("部门负责人", width=10), Column("群众代表", width=10), Column("专家", width=8),
        Column("年度协商计划", width=14), Column("意见建议", width=10),
    ]  # fmt: skip
    data = [
        [
            c.form.name, c.topic, c.start_on, c.end_on or "", c.organizer_label, _names(c.participants.all()),
            c.officials_count, c.public_count, c.experts_count,
            f"{c.plan_item.plan.year}年计划" if c.plan_item else "计划外", c.n_suggestions,
        ]
        for c in rows
    ]  # fmt: skip
    return write_xlsx(columns, data, sheet_title="协商活动")


class _ByName:
    """Rows of a committee found by their exact name; a name held by two rows is refused."""

    def __init__(self, rows: Any, what: str, attr: str = "name") -> None:
        self.what = what
        self.found: dict[str, list[Any]] = {}
        for row in rows:
            self.found.setdefault(getattr(row, attr), []).append(row)

    def find(self, name: str) -> Any:
        hits = self.found.get(name, [])
        if not hits:
            raise ValueError(f"系统中没有名为「{name}」的{self.what}")
        if len(hits) > 1:
            raise ValueError(f"系统中有{len(hits)}个名为「{name}」的{self.what}，无法确定是哪一个")
        return hits[0]


@transaction.atomic
def suggestions_import(
    *, committee: Committee, data: bytes, filename: str, dry_run: bool = False, by: Any = None
) -> ImportReport:
    """Check every row; write them all only if none is wrong (and it is not a dry run)."""
    report = ImportReport(dry_run=dry_run)
    try:
        table, warnings = read_declared(data, filename, IMPORT_COLUMNS)
    except TableError as exc:
        report.errors.extend(exc.messages)
        return report
    report.warnings.extend(warnings)
    report.rows = len(table.rows)
    if len(table.rows) > MAX_ROWS:
        report.errors.append(f"一次最多导入{MAX_ROWS}行，请分批导入。")
        return report
    people = _ByName(Person.objects.filter(committee=committee).only("id", "name", "committee_id"), "人员")
    units = _ByName(Unit.objects.filter(committee=committee), "承办单位")
    consultations = _ByName(Consultation.objects.filter(committee=committee), "协商活动", attr="topic")
    prepared: list[dict[str, Any]] = []
    for row in table.rows:
        before = len(report.errors)

        def text(header: str, row: Any = row) -> str:
            cell = row.cells.get(header)
            return cell.text if cell is not None else ""

        def error(header: str, reason: str, n: int = row.number) -> None:
            report.errors.append(f"第{n}行「{header}」：{reason}")

        values: dict[str, Any] = {"proposers": [], "units": []}
        title = text(TITLE)
        if not title:
            error(TITLE, "不能为空")
        elif len(title) > 200:
            error(TITLE, "不能超过200个字")
        values["title"] = title
        values["text"] = text(TEXT)
        category = text(CATEGORY)
        if category and category not in CATEGORY_NAMES:
            error(CATEGORY, f"无法识别「{category}」，请填写{'、'.join(CATEGORY_NAMES)}之一")
        values["category"] = CATEGORY_NAMES.get(category, SuggestionCategory.OTHER)
        if not text(SUBMITTED):
            error(SUBMITTED, "不能为空")
        else:
            try:
                values["submitted_on"] = parse_day(row.cells[SUBMITTED], EXAMPLE_DAY)
            except ValueError as exc:
                error(SUBMITTED, str(exc))
        for header, lookup, key in ((PROPOSERS, people, "proposers"), (UNITS, units, "units")):
            for name in filter(None, SPLIT.split(text(header))):
                try:
                    values[key].append(lookup.find(name))
                except ValueError as exc:
                    error(header, str(exc))
        if topic := text(CONSULTATION):
            try:
                values["consultation"] = consultations.find(topic)
            except ValueError as exc:
                error(CONSULTATION, str(exc))
        if len(report.errors) == before:
            prepared.append(values)
    if report.errors:
        return report
    for values in prepared:
        suggestion_create(committee=committee, by=by, step_kind=StepKind.IMPORT, **values)
        report.created += 1
    if dry_run:
        transaction.set_rollback(True)
    else:
        audit_log(
            "import", user=by, committee=committee, detail={"kind": "suggestions", "rows": report.created}
        )
    return report
