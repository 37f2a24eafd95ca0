"""Importing and exporting the roster (委员名册) as .xlsx, .xls or .csv.

An import is all or nothing: every row is checked first, and with any error nothing is written and each
error is listed as ``第N行「列名」：原因``. Importing again updates the members it matches (by 身份证号,
else by 姓名 + 出生年月) instead of adding them; a masked cell (from an export) means "unchanged".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lvzhi.core import crypto, tabular
from lvzhi.core.audit import audit_log
from lvzhi.core.codes import (
    MOBILE_RE,
    Ethnicity,
    Gender,
    Political,
    parse_ethnicity,
    parse_gender,
    parse_political,
)
from lvzhi.core.idnumber import IdNumberError, id_number_birth, id_number_gender, normalize_id_number
from lvzhi.core.masking import is_masked, mask_id_number, mask_phone
from lvzhi.core.tabular import Cell, Row, TableError, read_declared, write_xlsx
from lvzhi.core.yearmonth import format_year_month, parse_year_month
from lvzhi.org import io
from lvzhi.org.choices import Position
from lvzhi.org.extensions import RowContext, person_change_problems, roster_fields
from lvzhi.org.models import (
    Committee,
    Person,
    Sector,
    SpecialCommittee,
    Term,
    TermMembership,
    TermMembershipQuerySet,
)

POSITION_NAMES = {
    **{str(p.label): p.value for p in Position},
    "常务委员": Position.STANDING,
    "政协委员": Position.MEMBER,
}


@dataclass
class ImportReport(tabular.ImportReport):
    """What a roster import did, or would do (dry run), or why it refused the file."""

    extra: dict[str, int] = field(default_factory=dict)

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "extra": self.extra}


@dataclass
class _Row:
    number: int
    person: Person | None
    person_values: dict[str, Any]  # fields to set; a masked mobile is left out
    id_number: str | None  # None: keep what is stored
    sector: str
    special_committee: str
    membership_values: dict[str, Any]
    extras: dict[str, str]


class _Lookup:
    """Names of sectors or special committees, by full and short name; unknown names to create."""

    def __init__(self, objects: list[Any], *, create_missing: bool, max_length: int) -> None:
        self.by_name: dict[str, Any] = {}
        self.max_length = max_length
        for obj in objects:
            self.by_name.setdefault(obj.name, obj)
            if obj.short_name:
                self.by_name.setdefault(obj.short_name, obj)
        self.create_missing = create_missing
        self.to_create: list[str] = []

    def check(self, name: str) -> bool:
        if name in self.by_name or name in self.to_create:
            return True
        if self.create_missing and len(name) <= self.max_length:
            self.to_create.append(name)
            return True
        return False

    def unknown(self, kind: str, name: str) -> str:
        if len(name) > self.max_length:
            return f"{kind}名称不能超过{self.max_length}个字"
        return f"系统中没有{kind}「{name}」（可在导入时选择自动创建）"


def _text(row: Row, header: str) -> str:
    cell = row.cells.get(header)
    return cell.text if cell is not None else ""


def _cell(row: Row, header: str) -> Cell | None:
    return row.cells.get(header)


@transaction.atomic
def roster_import(
    *,
    committee: Committee,
    data: bytes,
    filename: str,
    by: Any = None,
    dry_run: bool = False,
    create_missing: bool = False,
    on: date | None = None,
) -> ImportReport:
    """Check a roster file and, if every row is right and it is not a dry run, write it."""
    on = on or timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    term = Term.objects.in_force(committee, on)
    if term is None:
        report.errors.append("尚未设置当前届次，请先在「组织」中设置届次，再导入名册。")
        return report
    columns = io.roster_columns()
    try:
        table, warnings = read_declared(data, filename, columns)
    except TableError as exc:
        report.errors.extend(exc.messages)
        return report
    report.warnings.extend(warnings)
    report.rows = len(table.rows)

    sectors = _Lookup(
        list(Sector.objects.filter(committee=committee)),
        create_missing=create_missing,
        max_length=Sector.NAME_MAX_LENGTH,
    )
    committees = _Lookup(
        list(SpecialCommittee.objects.filter(committee=committee)),
        create_missing=create_missing,
        max_length=SpecialCommittee.NAME_MAX_LENGTH,
    )
    persons = list(Person.objects.filter(committee=committee))
    by_digest = {p.id_number_digest: p for p in persons if p.id_number_digest}
    by_name_birth: dict[tuple[str, date | None], list[Person]] = defaultdict(list)
    for p in persons:
        by_name_birth[(p.name, p.birth_month)].append(p)

    parsed: list[_Row] = []
    seen_ids: dict[str, int] = {}
    seen_name_birth: dict[tuple[str, date | None], int] = {}
    seen_person: dict[int, int] = {}
    for row in table.rows:
        item = _parse_row(row, report.errors, sectors, committees)
        if item is None:
            continue
        # Duplicates inside the file.
        if item.id_number:
            first = seen_ids.setdefault(item.id_number, row.number)
            if first != row.number:
                report.errors.append(f"第{row.number}行「{io.ID_NUMBER}」：与第{first}行的身份证号重复")
                continue
        key = (item.person_values["name"], item.person_values.get("birth_month"))
        if not item.id_number:
            first = seen_name_birth.setdefault(key, row.number)
            if first != row.number:
                report.errors.append(
                    f"第{row.number}行「{io.NAME}」：与第{first}行姓名、出生年月相同且无身份证号，无法区分，请填写身份证号"
                )
                continue
        # Match an existing person.
        person = by_digest.get(crypto.lookup_digest(item.id_number)) if item.id_number else None
        if person is None:
            candidates = [
                p
                for p in by_name_birth.get(key, [])
                if not (item.id_number and p.id_number_digest)  # both have IDs and they differ: not the same
            ]
            if len(candidates) > 1:
                report.errors.append(
                    f"第{row.number}行「{io.NAME}」：系统中有{len(candidates)}名同名且出生年月相同的人员，请填写身份证号以区分"
                )
                continue
            person = candidates[0] if candidates else None
        if person is None and item.id_number is None and _cell_masked(row, io.ID_NUMBER):
            report.errors.append(
                f"第{row.number}行「{io.ID_NUMBER}」：身份证号为脱敏值，但系统中没有与之对应的人员"
            )
            continue
        if person is not None:
            first = seen_person.setdefault(person.pk, row.number)
            if first != row.number:
                report.errors.append(f"第{row.number}行「{io.NAME}」：与第{first}行是同一人员")
                continue
        item.person = person
        parsed.append(item)

    for item in parsed:
        if item.person is not None:
            for field, reason in person_change_problems(item.person, item.person_values).items():
                report.errors.append(f"第{item.number}行「{io.PERSON_FIELD_HEADERS[field]}」：{reason}")

    # The columns of apps above org, on every row whose 政治面貌 is known, rows already in error included,
    # so that one pass over the file lists every wrong cell.
    accepted = {item.number for item in parsed}
    contexts = [RowContext(item.number, item.person, item.person_values["political"]) for item in parsed]
    cells = {item.number: item.extras for item in parsed}
    for row in table.rows:
        political = parse_political(_text(row, io.POLITICAL))
        if row.number not in accepted and political is not None:
            contexts.append(RowContext(row.number, None, political))
            cells[row.number] = {f.header: _text(row, f.header) for f in roster_fields()}
    extension_states = []
    special_committee_names = [*committees.by_name, *committees.to_create]
    for ext in roster_fields():
        state = ext.prepare(
            committee, create_missing=create_missing, special_committees=special_committee_names
        )
        extension_states.append((ext, state))
        if ext.header not in table.headers:
            continue
        for context in contexts:
            value = cells[context.number].get(ext.header, "")
            problem = ext.check(state, value, context) if value else None
            if problem:
                report.errors.append(f"第{context.number}行「{ext.header}」：{problem}")
    report.errors.sort(key=_row_number)
    report.created_names = {
        "界别": list(sectors.to_create),
        "专委会": list(committees.to_create),
        **{ext.header: ext.created(state) for ext, state in extension_states},
    }
    report.created_names = {k: v for k, v in report.created_names.items() if v}
    if report.errors:
        return report

    _apply(committee, term, parsed, sectors, committees, report, on=on, by=by)
    for ext, state in extension_states:
        if ext.header not in table.headers:
            continue
        assignments = {
            item.person.pk: item.extras[ext.header]
            for item in parsed
            if item.person is not None and item.extras.get(ext.header)
        }
        report.extra.update(ext.apply(state, assignments, on=on, by=by) if not dry_run else {})
    if dry_run:
        transaction.set_rollback(True)
        return report
    audit_log(
        "import",
        user=by,
        committee=committee,
        detail={
            "kind": "roster",
            "file": filename,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
        },
    )
    return report


def _row_number(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match.group(1)) if match else 0


def _cell_masked(row: Row, header: str) -> bool:
    return is_masked(_text(row, header))


def _parse_row(row: Row, errors: list[str], sectors: _Lookup, committees: _Lookup) -> _Row | None:
    """One row's cells, checked; every wrong cell adds an error and the row is dropped."""
    n = row.number
    before = len(errors)

    def error(header: str, reason: str) -> None:
        errors.append(f"第{n}行「{header}」：{reason}")

    name = _text(row, io.NAME)
    if not name:
        error(io.NAME, "不能为空")
    elif len(name) > 50:
        error(io.NAME, "不能超过50个字")

    gender_text = _text(row, io.GENDER)
    gender = parse_gender(gender_text) if gender_text else None
    if not gender_text:
        error(io.GENDER, "不能为空")
    elif gender is None:
        error(io.GENDER, f"无法识别「{gender_text}」，请填写男或女")

    ethnicity_text = _text(row, io.ETHNICITY)
    ethnicity = parse_ethnicity(ethnicity_text) if ethnicity_text else None
    if ethnicity_text and ethnicity is None:
        error(io.ETHNICITY, f"无法识别的民族「{ethnicity_text}」")

    birth: date | None = None
    birth_cell = _cell(row, io.BIRTH)
    if birth_cell is not None and birth_cell.kind != "empty":
        try:
            birth = parse_year_month(
                birth_cell.value if birth_cell.kind in ("date", "number") else birth_cell.text
            )
        except ValueError as exc:
            error(io.BIRTH, str(exc))

    political_text = _text(row, io.POLITICAL)
    political = parse_political(political_text) if political_text else None
    if not political_text:
        error(io.POLITICAL, "不能为空")
    elif political is None:
        error(io.POLITICAL, f"无法识别「{political_text}」，请填写如中共党员、民盟盟员、无党派人士、群众")

    sector = _text(row, io.SECTOR)
    if not sector:
        error(io.SECTOR, "不能为空")
    elif not sectors.check(sector):
        error(io.SECTOR, sectors.unknown("界别", sector))

    special_committee = _text(row, io.SPECIAL_COMMITTEE)
    if special_committee and not committees.check(special_committee):
        error(io.SPECIAL_COMMITTEE, committees.unknown("专委会", special_committee))

    position_text = _text(row, io.POSITION)
    position = POSITION_NAMES.get(position_text or "委员")
    if position is None:
        error(io.POSITION, f"无法识别「{position_text}」，请填写主席、副主席、秘书长、常委或委员")

    workplace = _text(row, io.WORKPLACE)
    if len(workplace) > 200:
        error(io.WORKPLACE, "不能超过200个字")

    mobile_text = _text(row, io.MOBILE)
    mobile_masked = is_masked(mobile_text)
    if mobile_text and not mobile_masked and not MOBILE_RE.match(mobile_text):
        error(io.MOBILE, f"「{mobile_text}」不是有效的11位手机号码")

    id_number: str | None = None
    id_cell = _cell(row, io.ID_NUMBER)
    id_text = id_cell.text if id_cell is not None else ""
    if id_cell is not None and id_cell.kind == "number":
        error(io.ID_NUMBER, "以数字格式存储，18位身份证号的末几位已经丢失；请把该列设为文本格式后重新填写")
    elif id_text and not is_masked(id_text):
        try:
            id_number = normalize_id_number(id_text)
        except IdNumberError as exc:
            error(io.ID_NUMBER, str(exc))
    if id_number:
        id_birth = id_number_birth(id_number).replace(day=1)
        if birth is None:
            birth = id_birth
        elif birth != id_birth:
            error(io.BIRTH, f"与身份证号中的出生年月（{format_year_month(id_birth)}）不一致")
        if gender is not None and gender != id_number_gender(id_number):
            error(io.GENDER, "与身份证号中的性别不一致")

    if len(errors) > before or gender is None or political is None:
        return None
    person_values: dict[str, Any] = {
        "name": name,
        "gender": Gender(gender),
        "ethnicity": Ethnicity(ethnicity) if ethnicity else "",
        "birth_month": birth,
        "political": Political(political),
    }
    if not mobile_masked:
        person_values["mobile"] = mobile_text
    return _Row(
        number=n,
        person=None,
        person_values=person_values,
        id_number=id_number,
        sector=sector,
        special_committee=special_committee,
        membership_values={"position": position, "workplace": workplace},
        extras={f.header: _text(row, f.header) for f in roster_fields()},
    )


def _apply(
    committee: Committee,
    term: Term,
    rows: list[_Row],
    sectors: _Lookup,
    committees: _Lookup,
    report: ImportReport,
    *,
    on: date,
    by: Any,
) -> None:
    """Write the checked rows with bulk operations (history kept), counting what changed."""
    for name in sectors.to_create:
        order = Sector.objects.filter(committee=committee).count() + 1
        sectors.by_name[name] = Sector.objects.create(committee=committee, name=name, order=order)
    for name in committees.to_create:
        order = SpecialCommittee.objects.filter(committee=committee).count() + 1
        committees.by_name[name] = SpecialCommittee.objects.create(
            committee=committee, name=name, order=order
        )

    new_people: list[Person] = []
    changed_people: list[Person] = []
    created_rows: set[int] = set()
    touched: set[int] = set()  # rows (by number) that change something
    person_fields = ["name", "gender", "ethnicity", "birth_month", "political", "mobile"]
    for item in rows:
        person = item.person
        if person is None:
            person = Person(committee=committee, **item.person_values)
            person.id_number = item.id_number or ""
            person.refresh_sort_keys()
            person.clean_fields(exclude=["committee", "stroke_key", "pinyin_key"])
            new_people.append(person)
            created_rows.add(item.number)
            item.person = person
            continue
        changed = False
        for f, v in item.person_values.items():
            if getattr(person, f) != v:
                setattr(person, f, v)
                changed = True
        if item.id_number and crypto.lookup_digest(item.id_number) != person.id_number_digest:
            person.id_number = item.id_number
            changed = True
        if changed:
            person.refresh_sort_keys()
            person.version += 1
            changed_people.append(person)
            touched.add(item.number)
    _write(
        Person,
        new_people,
        changed_people,
        [*person_fields, "id_number_encrypted", "id_number_digest", "stroke_key", "pinyin_key", "version"],
        by=by,
    )

    existing = {m.person_id: m for m in TermMembership.objects.filter(committee=committee, term=term)}
    new_memberships: list[TermMembership] = []
    changed_memberships: list[TermMembership] = []
    for item in rows:
        person = item.person
        assert person is not None
        assert person.pk is not None
        values = {
            "sector": sectors.by_name[item.sector],
            "special_committee": committees.by_name[item.special_committee]
            if item.special_committee
            else None,
            **item.membership_values,
        }
        membership = existing.get(person.pk)
        if membership is None:
            new_memberships.append(
                TermMembership(committee=committee, term=term, person=person, start=term.start, **values)
            )
            touched.add(item.number)
            continue
        changed = False
        for f, v in values.items():
            if getattr(membership, f) != v:
                setattr(membership, f, v)
                changed = True
        if changed:
            membership.version += 1
            changed_memberships.append(membership)
            touched.add(item.number)
    _write(
        TermMembership,
        new_memberships,
        changed_memberships,
        ["sector", "special_committee", "position", "workplace", "version"],
        by=by,
    )
    report.created = len(created_rows)
    report.updated = len(touched - created_rows)
    report.unchanged = len(rows) - report.created - report.updated


def _write(model: Any, new: list[Any], changed: list[Any], fields: list[str], *, by: Any) -> None:
    """Insert and update in batches, each row's history written with the importing user."""
    if new:
        bulk_create_with_history(new, model, batch_size=500, default_user=_user(by))
    if changed:
        bulk_update_with_history(changed, model, fields, batch_size=500, default_user=_user(by))


def _user(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def roster_rows(
    committee: Committee, *, on: date, full: bool, memberships: TermMembershipQuerySet | None = None
) -> list[list[Any]]:
    """Export rows 按姓氏笔画: the given memberships (a filtered list), else the term in force on a date.
    ID numbers and phones are masked unless ``full``."""
    if memberships is None:
        memberships = TermMembership.objects.current(committee, on)
    chosen = list(memberships.select_related("person", "sector", "special_committee").official_order())
    extras = [f.values(committee, [m.person_id for m in chosen], on) for f in roster_fields()]
    rows = []
    for m in chosen:
        p = m.person
        id_number = p.id_number
        rows.append(
            [
                p.name,
                p.get_gender_display(),
                p.get_ethnicity_display() if p.ethnicity else "",
                format_year_month(p.birth_month) if p.birth_month else "",
                p.get_political_display(),
                m.sector.name if m.sector else "",
                m.special_committee.name if m.special_committee else "",
                m.get_position_display(),
                m.workplace,
                p.mobile if full else mask_phone(p.mobile),
                id_number if full else mask_id_number(id_number),
                *(values.get(p.pk, "") for values in extras),
            ]
        )
    return rows


def roster_export(
    *,
    committee: Committee,
    by: Any,
    full: bool,
    on: date | None = None,
    memberships: TermMembershipQuerySet | None = None,
) -> bytes:
    """The roster as .xlsx; ``full`` shows ID numbers and phones unmasked. Every export is audited."""
    on = on or timezone.localdate()
    rows = roster_rows(committee, on=on, full=full, memberships=memberships)
    audit_log(
        "export", user=by, committee=committee, detail={"kind": "roster", "full": full, "rows": len(rows)}
    )
    return write_xlsx(io.roster_columns(), rows, sheet_title="委员名册")


def roster_template() -> bytes:
    example = [
        "张三", "男", "汉族", "1968-05", "中共党员", "经济界", "经济委员会", "委员",
        "某某公司董事长", "13800000000", "11010519491231002X",
        *("" for _ in roster_fields()),
    ]  # fmt: skip
    return write_xlsx(io.roster_columns(), [example], sheet_title="委员名册", notes=io.TEMPLATE_NOTES)
