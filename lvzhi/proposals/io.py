"""Proposals as sheets: the export of a list, and the import of the years an office kept in Excel
(all-or-nothing, `第N行「列」：原因`). Each imported row arrives in the state its columns describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch

from lvzhi.core.tabular import Column, ImportReport, TableError, parse_day, read_declared, write_xlsx
from lvzhi.duty.services import duty_record_sync
from lvzhi.org.models import Committee, Person, Unit
from lvzhi.proposals.choices import (
    Category,
    CosignStatus,
    HandlingRole,
    ProposerKind,
    ReplyClass,
    Satisfaction,
    Status,
    StepKind,
)
from lvzhi.proposals.models import (
    Assignment,
    Cosigner,
    Feedback,
    HandlingRule,
    Proposal,
    ProposalSession,
    Reply,
    Step,
)
from lvzhi.proposals.similar import index_proposal

MAX_ROWS = 5000
MAX_NUMBER = 99999  # no session numbers more; a larger cell is a typing error (and overflows the column)
EXAMPLE_DAY = date(2026, 3, 1)

NUMBER, TITLE, LEAD, COSIGNERS, KIND, CATEGORY = "提案号", "案由", "第一提案人", "附议人", "提案形式", "类别"
REASONS, MEASURES, SUBMITTED, REVIEW, REGISTERED = "理由", "建议", "提交日期", "审查结果", "立案日期"
LEAD_UNIT, ASSIST_UNITS, SEPARATE_UNITS = "主办单位", "会办单位", "分办单位"
RESULT, REPLIED, SATISFACTION, CLOSED = "答复类别", "答复日期", "满意度", "办结日期"

COLUMNS = [
    Column(NUMBER, width=8),
    Column(TITLE, required=True, width=40),
    Column(LEAD, required=True, width=10, help="本会人员姓名；单位提案填联系人"),
    Column(COSIGNERS, width=16, help="姓名，用“、”分隔"),
    Column(KIND, width=12),
    Column(CATEGORY, required=True, width=10),
    Column(REASONS, text=True, width=40),
    Column(MEASURES, text=True, width=40),
    Column(SUBMITTED, required=True, width=12),
    Column(REVIEW, width=10, help="立案、不予立案或转意见建议；空白为待审查"),
    Column(REGISTERED, width=12),
    Column(LEAD_UNIT, width=18),
    Column(ASSIST_UNITS, width=18),
    Column(SEPARATE_UNITS, width=18),
    Column(RESULT, width=8, help="A、B、C或D"),
    Column(REPLIED, width=12),
    Column(SATISFACTION, width=10),
    Column(CLOSED, width=12),
]
NOTES = [
    "每行一件提案；带 * 的列必填。导入到页面上所选的会议，提案号在该会议内不能重复。",
    "第一提案人、附议人填写本会人员姓名（附议人用“、”分隔）；承办单位须是“承办单位”名单中的单位名称。",
    "日期写作 2026-03-01 或 2026年3月1日。审查结果为“立案”时须填写立案日期；有承办单位即视为已交办。",
    "答复类别、答复日期填写主办（或各分办）单位的答复；满意度为“满意”或“基本满意”且有办结日期的导入为办结。",
    "文件中任何一行有错，整个文件都不会导入；请按错误提示修改后重新导入。",
]
KIND_NAMES = {str(label): value for value, label in ProposerKind.choices} | {
    "个人": "member",
    "联名": "joint",
}
CATEGORY_NAMES = {str(label): value for value, label in Category.choices}
SATISFACTION_NAMES = {str(label): value for value, label in Satisfaction.choices}
REVIEW_NAMES = {"立案": Status.REGISTERED, "不予立案": Status.NOT_REGISTERED, "转意见建议": Status.CONVERTED}


def _split(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", " ", "/"):
        text = text.replace(sep, "、")
    return [t for t in (s.strip() for s in text.split("、")) if t]


def proposals_workbook(qs: Any, today: date) -> bytes:
    rows = (
        qs.select_related("session__term", "lead", "special_committee", "sector")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "reply")),
            Prefetch("cosigners", queryset=Cosigner.objects.select_related("person")),
            "feedback",
        )
        .order_by("-session__opened_on", "number", "id")
    )
    out = []
    for p in rows:
        current = [a for a in p.assignments.all() if a.round == p.handling_round]
        units = {
            role: "、".join(a.unit.name for a in current if a.role == role) for role in HandlingRole.values
        }
        answers = [a for a in current if a.answers and hasattr(a, "reply")]
        late = p.status in (Status.ASSIGNED, Status.REDO) and any(a.is_late(today) for a in current)
        lead_feedback = [
            f for f in p.feedback.all() if f.person_id == p.lead_id and f.round == p.handling_round
        ]
        out.append(
            [
                p.number,
                p.title,
                p.lead.name,
                "、".join(c.person.name for c in p.cosigners.all() if c.status == CosignStatus.SIGNED),
                p.get_kind_display(),
                p.get_category_display(),
                p.reasons,
                p.measures,
                p.submitted_on,
                {v: k for k, v in REVIEW_NAMES.items()}.get(p.status, "")
                if p.registered_on is None
                else "立案",
                p.registered_on,
                units["lead"],
                units["assist"],
                units["separate"],
                "、".join(a.reply.result for a in answers),
                max((a.reply.replied_on for a in answers), default=None),
                lead_feedback[0].get_satisfaction_display() if lead_feedback else "",
                p.closed_on,
                str(p.get_status_display()) + ("（逾期答复）" if late else ""),
                "是" if p.is_key else "",
            ]
        )
    columns = [*COLUMNS, Column("状态", width=14), Column("重点提案", width=8)]
    return write_xlsx(columns, out, sheet_title="提案", notes=[])


def template_workbook() -> bytes:
    return write_xlsx(COLUMNS, [], sheet_title="提案", notes=NOTES)


@dataclass
class ProposalImportReport(ImportReport):
    pass


class _Names:
    """People and units by name within the committee; a name shared by two is an error, not a guess."""

    def __init__(self, committee: Committee) -> None:
        self.people: dict[str, list[Person]] = {}
        for p in Person.objects.filter(committee=committee):
            self.people.setdefault(p.name, []).append(p)
        self.units = {u.name: u for u in Unit.objects.filter(committee=committee)}

    def person(self, name: str) -> Person:
        found = self.people.get(name, [])
        if not found:
            raise ValueError(f"本会没有名为「{name}」的人员")
        if len(found) > 1:
            raise ValueError(f"本会有{len(found)}位「{name}」，请在系统中录入此件")
        return found[0]

    def unit(self, name: str) -> Unit:
        if name not in self.units:
            raise ValueError(f"「{name}」不在承办单位名单中")
        return self.units[name]


def import_into_current_session(
    *, committee: Committee, data: bytes, filename: str, dry_run: bool = False, by: Any = None, **_: Any
) -> ImportReport:
    """`lvzhi import proposals FILE`: into the session current today (the page lets one choose)."""
    from django.utils import timezone

    session = ProposalSession.current(committee, timezone.localdate())
    if session is None:
        report = ProposalImportReport(dry_run=dry_run)
        report.errors.append("尚未设置届次会议，请先在“提案设置”中添加。")
        return report
    return proposals_import(session=session, data=data, filename=filename, dry_run=dry_run, by=by)


def proposals_import(
    *, session: ProposalSession, data: bytes, filename: str, dry_run: bool = False, by: Any = None
) -> ProposalImportReport:
    """Check every row; write them all only if none is wrong (and it is not a dry run)."""
    report = ProposalImportReport(dry_run=dry_run)
    try:
        table, warnings = read_declared(data, filename, COLUMNS)
    except TableError as exc:
        report.errors.extend(exc.messages)
        return report
    report.warnings.extend(warnings)
    report.rows = len(table.rows)
    if len(table.rows) > MAX_ROWS:
        report.errors.append(f"一次最多导入{MAX_ROWS}行，请分批导入。")
        return report
    names = _Names(session.committee)
    taken = set(
        Proposal.objects.filter(session=session, number__isnull=False).values_list("number", flat=True)
    )
    prepared: list[dict[str, Any]] = []
    for row in table.rows:
        n = row.number
        before = len(report.errors)

        def text(header: str, row: Any = row) -> str:
            cell = row.cells.get(header)
            return cell.text if cell is not None else ""

        def day(header: str, row: Any = row, n: int = n) -> date | None:
            cell = row.cells.get(header)
            if cell is None or not cell.text:
                return None
            try:
                return parse_day(cell, EXAMPLE_DAY)
            except ValueError as exc:
                report.errors.append(f"第{n}行「{header}」：{exc}")
                return None

        def error(header: str, reason: str, n: int = n) -> None:
            report.errors.append(f"第{n}行「{header}」：{reason}")

        v: dict[str, Any] = {"row": n}
        number = text(NUMBER)
        if number:
            if not number.isdigit() or not 0 < int(number) <= MAX_NUMBER:
                error(NUMBER, f"「{number}」不是有效的提案号（1至{MAX_NUMBER}）")
            elif int(number) in taken:
                error(NUMBER, f"第{number}号在本次会议中已存在")
            else:
                v["number"] = int(number)
                taken.add(int(number))
        v["title"] = text(TITLE)
        if not v["title"]:
            error(TITLE, "不能为空")
        elif len(v["title"]) > Proposal.TITLE_MAX_LENGTH:
            error(TITLE, f"不能超过{Proposal.TITLE_MAX_LENGTH}个字")
        try:
            v["lead"] = names.person(text(LEAD)) if text(LEAD) else None
            if v["lead"] is None:
                error(LEAD, "不能为空")
        except ValueError as exc:
            error(LEAD, str(exc))
        v["cosigners"] = []
        for name in _split(text(COSIGNERS)):
            try:
                v["cosigners"].append(names.person(name))
            except ValueError as exc:
                error(COSIGNERS, str(exc))
        kind = text(KIND) or ("委员联名提案" if v["cosigners"] else "委员个人提案")
        if kind not in KIND_NAMES:
            error(
                KIND, f"无法识别「{kind}」，请填写{'、'.join(str(lbl) for _v, lbl in ProposerKind.choices)}"
            )
        v["kind"] = KIND_NAMES.get(kind, ProposerKind.MEMBER)
        if v["kind"] in (ProposerKind.SPECIAL_COMMITTEE, ProposerKind.SECTOR, ProposerKind.PARTY):
            v["kind"] = ProposerKind.PARTY  # the body is named in 第一提案人's organization below
            v["organization"] = kind
        category = text(CATEGORY)
        if category not in CATEGORY_NAMES:
            error(CATEGORY, f"无法识别「{category}」，请填写{'、'.join(CATEGORY_NAMES)}")
        v["category"] = CATEGORY_NAMES.get(category, Category.OTHER)
        v["reasons"], v["measures"] = text(REASONS), text(MEASURES)
        v["submitted_on"] = day(SUBMITTED)
        if v["submitted_on"] is None and not text(SUBMITTED):
            error(SUBMITTED, "不能为空")
        review = text(REVIEW)
        if review and review not in REVIEW_NAMES:
            error(REVIEW, f"无法识别「{review}」，请填写立案、不予立案或转意见建议")
        v["review"] = REVIEW_NAMES.get(review)
        v["registered_on"] = day(REGISTERED)
        if v["review"] == Status.REGISTERED and v["registered_on"] is None and not text(REGISTERED):
            error(REGISTERED, "立案的提案须填写立案日期")
        units: list[tuple[Unit, str]] = []
        for header, role in ((LEAD_UNIT, "lead"), (ASSIST_UNITS, "assist"), (SEPARATE_UNITS, "separate")):
            for name in _split(text(header)):
                try:
                    units.append((names.unit(name), role))
                except ValueError as exc:
                    error(header, str(exc))
        roles = [r for _u, r in units]
        if units and v["review"] != Status.REGISTERED:
            error(LEAD_UNIT, "只有立案的提案才能交办")
        if units and "separate" not in roles and roles.count("lead") != 1:
            error(LEAD_UNIT, "须有一个主办单位（或全部为分办单位）")
        if "separate" in roles and ("lead" in roles or "assist" in roles):
            error(SEPARATE_UNITS, "分办时不能同时有主办或会办单位")
        v["units"] = units
        result = text(RESULT).upper()
        classes = _split(result) if result else []
        if any(c not in ReplyClass.values for c in classes):
            error(RESULT, f"无法识别「{result}」，请填写A、B、C或D")
        answering = [u for u, r in units if r != "assist"]
        if classes and len(classes) not in (1, len(answering)):
            error(RESULT, f"有{len(answering)}个答复单位，请填写一个或{len(answering)}个答复类别")
        v["classes"] = classes
        v["replied_on"] = day(REPLIED)
        if classes and not units:
            error(RESULT, "未交办的提案不能有答复")
        if classes and v["replied_on"] is None and not text(REPLIED):
            error(REPLIED, "有答复类别时须填写答复日期")
        satisfaction = text(SATISFACTION)
        if satisfaction and satisfaction not in SATISFACTION_NAMES:
            error(SATISFACTION, f"无法识别「{satisfaction}」，请填写满意、基本满意或不满意")
        if satisfaction and not classes:
            error(SATISFACTION, "未答复的提案不能有满意度")
        v["satisfaction"] = SATISFACTION_NAMES.get(satisfaction)
        v["closed_on"] = day(CLOSED)
        if v["closed_on"] and v["satisfaction"] not in (Satisfaction.SATISFIED, Satisfaction.BASIC):
            error(CLOSED, "只有满意或基本满意的提案才能办结")
        if len(report.errors) == before:
            prepared.append(v)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        report.created = _write(session, prepared, by)
    return report


def _write(session: ProposalSession, rows: list[dict[str, Any]], by: Any) -> int:
    committee = session.committee
    rule = HandlingRule.in_force_on(committee, session.opened_on)
    next_number = (Proposal.objects.filter(session=session).aggregate(n=Max("number"))["n"] or 0) + 1
    for v in rows:
        p = Proposal(
            committee=committee,
            session=session,
            kind=v["kind"],
            lead=v["lead"],
            organization=v.get("organization", ""),
            title=v["title"],
            reasons=v["reasons"],
            measures=v["measures"],
            category=v["category"],
            submitted_on=v["submitted_on"],
            status=v["review"] or Status.SUBMITTED,
            created_by=by if getattr(by, "pk", None) else None,
        )
        if v["review"] == Status.REGISTERED:
            p.registered_on = v["registered_on"]
            p.number = v.get("number")
            if p.number is None:
                while Proposal.objects.filter(session=session, number=next_number).exists():
                    next_number += 1
                p.number = next_number
                next_number += 1
        p.full_clean()
        p.save()
        Cosigner.objects.bulk_create(
            Cosigner(committee=committee, proposal=p, person=c, status=CosignStatus.SIGNED)
            for c in v["cosigners"]
            if c.pk != p.lead_id
        )
        if v["units"]:
            _handling(p, v, rule)
        Step.objects.create(
            committee=committee, proposal=p, kind=StepKind.IMPORT, to_status=p.status, on=p.submitted_on,
            by=by if getattr(by, "pk", None) else None, note="Excel导入",
        )  # fmt: skip
        duty_record_sync(p)
        index_proposal(p)
    return len(rows)


def _handling(p: Proposal, v: dict[str, Any], rule: HandlingRule) -> None:
    on = p.registered_on or p.submitted_on
    assert on is not None
    p.handling_round = 1
    p.status = Status.ASSIGNED
    due = rule.reply_deadline(on)
    assignments = [
        Assignment.objects.create(
            committee=p.committee, proposal=p, unit=u, role=r, round=1, assigned_on=on, deadline=due
        )
        for u, r in v["units"]
    ]
    answering = [a for a in assignments if a.answers]
    if v["classes"]:
        classes = v["classes"] * len(answering) if len(v["classes"]) == 1 else v["classes"]
        for a, cls in zip(answering, classes, strict=True):
            Reply.objects.create(
                committee=p.committee, assignment=a, result=cls, text="（导入）", replied_on=v["replied_on"]
            )
            a.replied_on = v["replied_on"]
            a.save(update_fields=["replied_on"])
        p.status = Status.REPLIED
    if v["satisfaction"]:
        Feedback.objects.create(
            committee=p.committee, proposal=p, person=p.lead, round=1, satisfaction=v["satisfaction"],
            given_on=v["closed_on"] or v["replied_on"],
        )  # fmt: skip
        if v["closed_on"]:
            p.status = Status.CLOSED
            p.closed_on = v["closed_on"]
    p.save()
