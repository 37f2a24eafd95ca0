"""Service as sheets: the exports of the lists, and the all-or-nothing import of the office's donation
sheet (campaigns by name, donors as members by name or as free text)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.core.audit import audit_log
from lvzhi.core.tabular import Cell, Column, ImportReport, TableError, parse_day, read_declared, write_xlsx
from lvzhi.org.models import Committee, Person, TermMembership
from lvzhi.service.models import Donation, ServiceCampaign
from lvzhi.service.services import donation_create

MAX_ROWS = 5000
EXAMPLE_DAY = date(2022, 8, 20)
MAX_YUAN = Decimal("999999999999.99")

CAMPAIGN, DONATED, DONOR, MEMBER, MONEY, GOODS, GOODS_VALUE, RECEIPT, NOTE = (
    "服务行动", "捐赠日期", "捐赠人", "关联委员", "捐款（元）", "捐物内容", "物品折价（元）", "收据编号", "备注",
)  # fmt: skip
IMPORT_COLUMNS = [
    Column(CAMPAIGN, required=True, width=24),
    Column(DONATED, required=True, width=12),
    Column(DONOR, required=True, width=24, help="委员姓名，或单位、个人的名称"),
    Column(MEMBER, width=12),
    Column(MONEY, width=12),
    Column(GOODS, width=30),
    Column(GOODS_VALUE, width=14),
    Column(RECEIPT, text=True, width=16),
    Column(NOTE, width=30),
]
FIELD_HEADERS = {
    "campaign": CAMPAIGN,
    "donated_on": DONATED,
    "donor_name": DONOR,
    "donor_person": MEMBER,
    "money": MONEY,
    "goods": GOODS,
    "goods_value": GOODS_VALUE,
    "receipt_no": RECEIPT,
    "note": NOTE,
}
TEMPLATE_NOTES = [
    "每行一笔捐赠；带 * 的列必填。",
    "服务行动填写系统中已建立的服务行动名称（与名称完全一致），如「8·15疫情防控」。",
    "捐赠人填写委员姓名，或捐赠单位、个人的名称（如委员所在企业）。",
    "关联委员：单位捐赠且由委员牵头时填写该委员姓名；捐赠人本身是委员时可不填。",
    "捐款、物品折价以元为单位，可写 5000 或 5,000.00；捐物时须填写捐物内容和物品折价。",
    "收据编号不能重复；捐赠日期写作 2022-08-20 或 2022年8月20日。",
    "任何一行有错误时整个文件都不会导入。",
]
_NUMBER_NOISE = re.compile(r"[,，\s元¥￥]")


def template() -> bytes:
    return write_xlsx(IMPORT_COLUMNS, [], sheet_title="捐款捐物", notes=TEMPLATE_NOTES)


def parse_yuan(cell: Cell) -> Decimal:
    """An amount in yuan: a number cell, or text such as 5,000.00元; not negative, two decimals at most."""
    if cell.kind == "empty":
        return Decimal(0)
    try:
        value = (
            Decimal(str(cell.value)) if cell.kind == "number" else Decimal(_NUMBER_NOISE.sub("", cell.text))
        )
    except InvalidOperation:
        raise ValueError(f"无法识别的金额「{cell.text[:30]}」，请填写数字，如 5000 或 5,000.00") from None
    if not value.is_finite():
        raise ValueError(f"无法识别的金额「{cell.text[:30]}」，请填写数字，如 5000 或 5,000.00")
    if value < 0:
        raise ValueError("金额不能为负数")
    if value > MAX_YUAN:
        raise ValueError("金额过大")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("金额最多保留两位小数")
    return value.quantize(Decimal("0.01"))


class _ByName:
    """Rows of a committee found by their exact name; a name held by two rows is refused."""

    def __init__(self, rows: Iterable[Any], what: str) -> None:
        self.what = what
        self.found: dict[str, list[Any]] = {}
        for row in rows:
            self.found.setdefault(row.name, []).append(row)

    def hits(self, name: str) -> list[Any]:
        return self.found.get(name, [])

    def find(self, name: str) -> Any:
        hits = self.hits(name)
        if not hits:
            raise ValueError(f"系统中没有名为「{name}」的{self.what}")
        if len(hits) > 1:
            raise ValueError(f"系统中有{len(hits)}个名为「{name}」的{self.what}，无法确定是哪一个")
        return hits[0]


@transaction.atomic
def donations_import(
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
    members = TermMembership.objects.filter(committee=committee).values("person_id")
    people = _ByName(
        Person.objects.filter(committee=committee, pk__in=members).only("id", "name", "committee_id"), "委员"
    )
    campaigns = _ByName(ServiceCampaign.objects.filter(committee=committee), "服务行动")
    taken = set(
        Donation.objects.filter(committee=committee)
        .exclude(receipt_no="")
        .values_list("receipt_no", flat=True)
    )
    seen_receipts: dict[str, int] = {}
    prepared: list[tuple[int, ServiceCampaign, dict[str, Any]]] = []
    for row in table.rows:
        before = len(report.errors)

        def text(header: str, row: Any = row) -> str:
            cell = row.cells.get(header)
            return cell.text if cell is not None else ""

        def error(header: str, reason: str, n: int = row.number) -> None:
            report.errors.append(f"第{n}行「{header}」：{reason}")

        values: dict[str, Any] = {"donor_person": None, "donor_name": ""}
        campaign = None
        if not (name := text(CAMPAIGN)):
            error(CAMPAIGN, "不能为空")
        else:
            try:
                campaign = campaigns.find(name)
            except ValueError as exc:
                error(CAMPAIGN, str(exc))
        if not text(DONATED):
            error(DONATED, "不能为空")
        else:
            try:
                values["donated_on"] = parse_day(row.cells[DONATED], EXAMPLE_DAY)
            except ValueError as exc:
                error(DONATED, str(exc))
        donor, member = text(DONOR), text(MEMBER)
        if not donor:
            error(DONOR, "不能为空")
        elif len(donor) > 100:
            error(DONOR, "不能超过100个字")
        elif member:
            try:
                values["donor_person"] = people.find(member)
            except ValueError as exc:
                error(MEMBER, str(exc))
            else:
                values["donor_name"] = "" if donor == member else donor
        elif len(hits := people.hits(donor)) > 1:
            error(DONOR, f"系统中有{len(hits)}个名为「{donor}」的委员，无法确定是哪一个")
        elif hits:
            values["donor_person"] = hits[0]
        else:
            values["donor_name"] = donor
        for header, key in ((MONEY, "money"), (GOODS_VALUE, "goods_value")):
            try:
                values[key] = parse_yuan(row.cells.get(header) or Cell(None, "empty"))
            except ValueError as exc:
                error(header, str(exc))
        goods = text(GOODS)
        if len(goods) > 200:
            error(GOODS, "不能超过200个字")
        values["goods"] = goods
        if goods and values.get("goods_value") == 0:
            error(GOODS_VALUE, "捐物时请填写物品折价")
        if values.get("goods_value") and not goods:
            error(GOODS, "有物品折价时请填写捐物内容")
        if len(report.errors) == before and not (values["money"] or values["goods_value"]):
            error(MONEY, "捐款和物品折价不能都为空或零")
        receipt = text(RECEIPT)
        if len(receipt) > 40:
            error(RECEIPT, "不能超过40个字")
        elif receipt in seen_receipts:
            error(RECEIPT, f"与第{seen_receipts[receipt]}行的收据编号重复")
        elif receipt in taken:
            error(RECEIPT, f"收据编号「{receipt}」已登记过")
        if receipt:
            seen_receipts.setdefault(receipt, row.number)
        values["receipt_no"] = receipt
        note = text(NOTE)
        if len(note) > 300:
            error(NOTE, "不能超过300个字")
        values["note"] = note
        if len(report.errors) == before and campaign is not None:
            prepared.append((row.number, campaign, values))
    if report.errors:
        return report
    for number, campaign, values in prepared:
        try:
            donation_create(campaign=campaign, data=values, by=by)
        except ValidationError as exc:  # what the model checks beyond the sheet's own rules
            for field, messages in exc.message_dict.items():
                header = FIELD_HEADERS.get(field, DONOR)
                report.errors.extend(f"第{number}行「{header}」：{m.rstrip('。')}" for m in messages)
            continue
        report.created += 1
    if report.errors:
        report.created = 0
        transaction.set_rollback(True)
        return report
    if dry_run:
        transaction.set_rollback(True)
    else:
        audit_log(
            "import", user=by, committee=committee, detail={"kind": "donations", "rows": report.created}
        )
    return report


# Exports ----------------------------------------------------------------------------------------------


def _yuan(value: Decimal) -> float:
    return float(value)


def donations_workbook(donations: Iterable[Any]) -> bytes:
    columns = [
        *IMPORT_COLUMNS[:4],
        Column(MONEY, width=12),
        Column(GOODS, width=30),
        Column(GOODS_VALUE, width=14),
        Column("合计（元）", width=14),
        Column(RECEIPT, text=True, width=16),
        Column(NOTE, width=30),
    ]
    rows = (
        [
            d.campaign.name,
            d.donated_on,
            d.donor_name or (d.donor_person.name if d.donor_person_id else ""),
            d.donor_person.name if d.donor_person_id else "",
            _yuan(d.money),
            d.goods,
            _yuan(d.goods_value),
            _yuan(d.total),
            d.receipt_no,
            d.note,
        ]
        for d in donations
    )
    return write_xlsx(columns, rows, sheet_title="捐款捐物")


ACTIVITY_COLUMNS = [
    Column("日期", width=12),
    Column("活动名称", width=36),
    Column("界别", width=16),
    Column("活动类型", width=14),
    Column("地点", width=24),
    Column("参加委员人数", width=12),
    Column("惠及群众（人）", width=14),
    Column("活动内容", width=48),
]


def activities_workbook(activities: Iterable[Any]) -> bytes:
    rows = (
        [
            a.held_on,
            a.title,
            a.organizer,
            str(a.get_kind_display()),
            a.place,
            a.n_participants,
            a.beneficiaries,
            a.description,
        ]
        for a in activities
    )
    return write_xlsx(ACTIVITY_COLUMNS, rows, sheet_title="服务活动")


def deployments_workbook(deployments: Iterable[Any]) -> bytes:
    columns = [
        Column("服务行动", width=24),
        Column("机关干部", width=12),
        Column("下沉社区/小区", width=24),
        Column("开始日期", width=12),
        Column("结束日期", width=12),
        Column("任务", width=24),
        Column("备注", width=30),
    ]
    rows = (
        [d.campaign.name, d.person.name, d.place, d.start_on, d.end_on, d.role, d.note] for d in deployments
    )
    return write_xlsx(columns, rows, sheet_title="干部下沉")


def participants_workbook(rows: Iterable[tuple[str, int, int]]) -> bytes:
    columns = [Column("委员", width=12), Column("参加服务行动", width=14), Column("参加服务活动", width=14)]
    return write_xlsx(columns, (list(r) for r in rows), sheet_title="参与服务的委员")
