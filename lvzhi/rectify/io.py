"""The ledger as sheets: the three lists (问题清单 / 责任清单 / 整改清单), the import of an existing Excel
ledger, and the ledger as a table in an official document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

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
from lvzhi.rectify.cadence import Monthly, Weekly
from lvzhi.rectify.choices import FIVE_FIELDS, OwnerKind, StepKind
from lvzhi.rectify.models import Campaign, LedgerItem
from lvzhi.rectify.services import ledger_item_arrive, ledger_item_register

MAX_ROWS = 5000
FIVE_COLUMNS = list(FIVE_FIELDS.items())
PEOPLE = ("lead_leader", "responsible", "acceptor")
OWNER_NAMES = {str(label): value for value, label in OwnerKind.choices}

CATEGORY, DESCRIPTION, SOURCE, OWNER = "问题类别", "问题描述", "问题来源", "问题归属"
IMPORT_COLUMNS = [
    Column(CATEGORY, required=True, width=16),
    Column(DESCRIPTION, required=True, width=40),
    Column(SOURCE, width=14),
    Column(OWNER, width=10, help="班子、个人或支部"),
    *(
        Column(label, text=True, width=24 if code in ("measures", "goal", "standard") else 12)
        for code, label in FIVE_COLUMNS
    ),
]
TEMPLATE_NOTES = [
    "每行一个问题；带 * 的列必填。问题类别须是所选专项行动的类别之一。",
    "责任领导、责任人、验收人填写本会人员的姓名；验收人不能是责任人本人。",
    "完成时限写作 2026-06-30 或 2026年6月30日。",
    "五定必填项齐全的问题导入为「已五定」，不齐全的导入为「已交办」并在导入结果中列出，待补全后再确定五定。",
]


def _status_text(item: LedgerItem, today: date) -> str:
    """The status with its deadline flag in words (逾期 / 临期), so the sheet never relies on colour."""
    text = str(item.get_status_display())
    if flag := item.deadline_label(today):
        text += f"（{flag}）"
    return text


def ledger_workbook(items: Any, today: date) -> bytes:
    items = list(
        items.select_related("campaign", "category", "lead_leader", "responsible", "acceptor").order_by(
            "campaign_id", "number"
        )
    )
    problems = Sheet(
        "问题清单",
        [
            Column("序号", width=6),
            Column("专项行动", width=18),
            Column(CATEGORY, width=16),
            Column(SOURCE, width=12),
            Column(DESCRIPTION, width=48),
            Column(OWNER, width=8),
            Column("登记日期", width=12),
            Column("状态", width=12),
        ],
        [
            [
                i.number,
                i.campaign.name,
                i.category.name,
                i.source,
                i.description,
                i.get_owner_kind_display(),
                i.registered_on,
                _status_text(i, today),
            ]
            for i in items
        ],
    )
    duties = Sheet(
        "责任清单",
        [
            Column("序号", width=6),
            Column(DESCRIPTION, width=40),
            Column("责任领导", width=10),
            Column("责任单位", width=16),
            Column("责任人", width=10),
            Column("完成时限", width=12),
            Column("验收人", width=10),
        ],
        [
            [
                i.number,
                i.description,
                _name(i.lead_leader),
                i.unit,
                _name(i.responsible),
                i.deadline or "",
                _name(i.acceptor),
            ]
            for i in items
        ],
    )
    fixes = Sheet(
        "整改清单",
        [
            Column("序号", width=6),
            Column(DESCRIPTION, width=36),
            Column("整改措施", width=36),
            Column("整改目标", width=24),
            Column("整改标准", width=24),
            Column("完成时限", width=12),
            Column("原完成时限", width=12),
            Column("状态", width=12),
            Column("销号日期", width=12),
        ],
        [
            [
                i.number,
                i.description,
                i.measures,
                i.goal,
                i.standard,
                i.deadline or "",
                i.original_deadline or "",
                _status_text(i, today),
                i.closed_on or "",
            ]
            for i in items
        ],
    )
    return write_workbook([problems, duties, fixes])


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ledger_docx(committee: Committee, items: Any, today: date) -> bytes:
    """The ledger as a table on landscape pages of a GB/T 9704 document."""
    from lvzhi.core.documents import DocTable, official_document

    rows = list(
        items.select_related("campaign", "category", "lead_leader", "responsible", "acceptor").order_by(
            "campaign_id", "number"
        )
    )
    counts: dict[str, int] = {}
    for i in rows:
        counts[str(i.get_status_display())] = counts.get(str(i.get_status_display()), 0) + 1
    overdue = sum(1 for i in rows if i.is_overdue(today))
    due_soon = sum(1 for i in rows if i.is_due_soon(today))
    summary = "；".join(f"{k}{v}个" for k, v in counts.items())
    table = DocTable(
        headers=[
            "序号",
            "问题类别",
            "问题描述",
            "责任领导",
            "责任人",
            "整改措施",
            "完成时限",
            "验收人",
            "状态",
        ],
        rows=[
            [
                str(i.number),
                i.category.name,
                i.description,
                _name(i.lead_leader),
                _name(i.responsible),
                i.measures,
                i.deadline.isoformat() if i.deadline else "",
                _name(i.acceptor),
                _status_text(i, today),
            ]
            for i in rows
        ],
        caption="问题整改台账",
        widths_cm=[1.2, 2.6, 6.0, 1.8, 1.8, 6.0, 2.4, 1.8, 2.0],
        landscape=True,
    )
    return official_document(
        title=f"{committee.name}整改台账",
        body=[
            f"截至{today.year}年{today.month}月{today.day}日，台账共有问题{len(rows)}个（{summary}），其中逾期未销号{overdue}个、临期{due_soon}个。",
            table,
        ],
        issuer=committee.name,
        date=today,
    )


FLAG_TEXT = {"overdue": "逾期", "due_soon": "临期", "": ""}


def weekly_workbook(report: Weekly) -> bytes:
    """周调度清单 as one sheet: every open item, overdue first, with its flag in words."""
    columns = [Column("序号", width=6), Column("专项行动", width=16), Column(CATEGORY, width=14),
               Column(DESCRIPTION, width=40), Column("责任领导", width=10), Column("责任人", width=10),
               Column("完成时限", width=12), Column("时限提醒", width=10), Column("状态", width=10),
               Column("最近进展", width=18), Column("本周有进展", width=10)]  # fmt: skip
    rows = [
        [r.item.number, r.item.campaign.name, r.item.category.name, r.item.description, _name(r.item.lead_leader),
         _name(r.item.responsible), r.item.deadline or "", FLAG_TEXT[r.state], r.item.get_status_display(),
         r.last_progress.strftime("%Y-%m-%d") if r.last_progress else "", "是" if r.moved_this_week else "否"]
        for r in report.rows
    ]  # fmt: skip
    title = f"周调度{report.start:%m%d}-{report.end:%m%d}"
    return write_workbook([Sheet(title, columns, rows)])


def monthly_docx(committee: Committee, report: Monthly) -> bytes:
    """月报告 to the 党组, as a GB/T 9704 document: the month in sentences, then the overdue items."""
    from lvzhi.core.documents import DocTable, official_document

    y, m = report.start.year, report.start.month
    body: list[Any] = [
        "一、总体情况",
        f"截至{report.on.year}年{report.on.month}月{report.on.day}日，整改台账累计登记问题{report.total_at_end}个，"
        f"已销号{report.total_at_end - report.open_at_end}个，销号率{report.closed_rate}；"
        f"本月新登记问题{report.registered}个，本月销号{report.closed}个，逾期未销号{report.overdue}个。",
        "月末各状态问题数：" + "，".join(f"{label}{n}个" for label, n in report.by_status) + "。",
        "二、分类推进情况",
        DocTable(
            headers=["专项行动", "问题类别", "累计", "本月登记", "本月销号", "逾期"],
            rows=[
                [
                    r["campaign__name"],
                    r["category__name"],
                    str(r["total"]),
                    str(r["registered"]),
                    str(r["closed"]),
                    str(r["overdue"]),
                ]
                for r in report.by_category
            ],
            widths_cm=[3.6, 4.4, 1.6, 1.8, 1.8, 1.6],
        ),
        "三、逾期问题",
    ]
    if report.overdue_items:
        body.append(
            DocTable(
                headers=["序号", "问题描述", "责任人", "完成时限", "状态"],
                rows=[
                    [
                        str(i.number),
                        i.description,
                        _name(i.responsible),
                        i.deadline.isoformat() if i.deadline else "",
                        str(i.get_status_display()),
                    ]
                    for i in report.overdue_items
                ],
                widths_cm=[1.2, 7.6, 2.0, 2.6, 1.8],
            )
        )
    else:
        body.append("本月末无逾期未销号问题。")
    body.append("四、延期与验收不通过")
    body.append(f"本月批准延期{len(report.extensions)}个，验收不通过退回整改{len(report.rejections)}个。")
    return official_document(
        title=f"{committee.name}{y}年{m}月整改工作月报告", body=body, issuer=committee.name, date=report.on
    )


def _name(person: Person | None) -> str:
    return person.name if person is not None else ""


def template() -> bytes:
    return write_xlsx(IMPORT_COLUMNS, [], sheet_title="整改台账", notes=TEMPLATE_NOTES)


@dataclass
class LedgerImportReport(ImportReport):
    fixed: int = 0
    incomplete: list[str] = field(default_factory=list)  # rows that arrive 已交办, with what they lack


EXAMPLE_DAY = date(2026, 6, 30)


class _People:
    def __init__(self, committee: Committee) -> None:
        self.by_name: dict[str, list[Person]] = {}
        for p in Person.objects.filter(committee=committee).only("id", "name"):
            self.by_name.setdefault(p.name, []).append(p)

    def find(self, name: str) -> Person:
        found = self.by_name.get(name, [])
        if not found:
            raise ValueError(f"系统中没有名为「{name}」的人员")
        if len(found) > 1:
            raise ValueError(f"系统中有{len(found)}名名为「{name}」的人员，无法确定是哪一位")
        return found[0]


@transaction.atomic
def ledger_import(
    *, campaign: Campaign, data: bytes, filename: str, dry_run: bool = False, by: Any = None
) -> LedgerImportReport:
    """Check every row; write them all only if none is wrong (and it is not a dry run)."""
    report = LedgerImportReport(dry_run=dry_run)
    extra = [Column(label, width=16) for label in campaign.extra_fields]
    columns = [*IMPORT_COLUMNS, *extra]
    try:
        table, warnings = read_declared(data, filename, columns)
    except TableError as exc:
        report.errors.extend(exc.messages)
        return report
    report.warnings.extend(warnings)
    report.rows = len(table.rows)
    if len(table.rows) > MAX_ROWS:
        report.errors.append(f"一次最多导入{MAX_ROWS}行，请分批导入。")
        return report
    categories = {c.name: c for c in campaign.categories.all()}
    people = _People(campaign.committee)
    prepared: list[tuple[int, dict[str, Any]]] = []
    for row in table.rows:
        n = row.number
        before = len(report.errors)

        def text(header: str, row: Any = row) -> str:
            cell = row.cells.get(header)
            return cell.text if cell is not None else ""

        def error(header: str, reason: str, n: int = n) -> None:
            report.errors.append(f"第{n}行「{header}」：{reason}")

        values: dict[str, Any] = {"extras": {}}
        category = text(CATEGORY)
        if not category:
            error(CATEGORY, "不能为空")
        elif category not in categories:
            error(CATEGORY, f"「{category}」不是本专项行动的问题类别（{'、'.join(categories)}）")
        else:
            values["category"] = categories[category]
        description = text(DESCRIPTION)
        if not description:
            error(DESCRIPTION, "不能为空")
        values["description"] = description
        values["source"] = text(SOURCE)[:100]
        owner = text(OWNER)
        if owner and owner not in OWNER_NAMES:
            error(OWNER, f"无法识别「{owner}」，请填写班子、个人或支部")
        values["owner_kind"] = OWNER_NAMES.get(owner, OwnerKind.TEAM)
        for code, label in FIVE_COLUMNS:
            value = text(label)
            if not value:
                continue
            if code in PEOPLE:
                try:
                    values[code] = people.find(value)
                except ValueError as exc:
                    error(label, str(exc))
            elif code == "deadline":
                try:
                    values[code] = parse_day(row.cells[label], EXAMPLE_DAY)
                except ValueError as exc:
                    error(label, str(exc))
            elif code == "unit" and len(value) > 100:
                error(label, "不能超过100个字")
            else:
                values[code] = value
        if values.get("acceptor") is not None and values.get("acceptor") == values.get("responsible"):
            error("验收人", "验收人不能是责任人本人")
        for column in extra:
            values["extras"][column.header] = text(column.header)
        if len(report.errors) == before:
            prepared.append((n, values))
    if report.errors:
        return report
    for n, values in prepared:
        item = ledger_item_register(campaign=campaign, data=values, by=by, kind=StepKind.IMPORT)
        ledger_item_arrive(item=item, by=by)
        report.created += 1
        missing = item.missing_fields()
        if missing:
            report.incomplete.append(
                f"第{n}行（第{item.number}号）：缺少{'、'.join(missing)}，已导入为「已交办」"
            )
        else:
            report.fixed += 1
    if dry_run:
        transaction.set_rollback(True)
    return report
