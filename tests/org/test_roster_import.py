"""The roster import: every format, exact coverage and figures, all-or-nothing with row errors."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.core import figures
from lvzhi.core.figures import Period
from lvzhi.core.idnumber import synthetic_id_number
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Person, Sector, SpecialCommittee, TermMembership
from lvzhi.org.roster import roster_export, roster_import
from lvzhi.org.services import term_create
from lvzhi.party.choices import BranchKind
from lvzhi.party.coverage import coverage
from lvzhi.party.models import PartyBranch, PartyMembership
from tests.org import sheets

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def idn(birth: date, seq: int, male: bool = True) -> str:
    return synthetic_id_number(region="611002", birth=birth, sequence=seq * 2 + (1 if male else 0))


def roster_rows() -> list[list[str]]:
    """Five members: three CPC (one 预备), a 民盟 member and one 群众; two special committees."""
    return [
        ["张伟", "男", "汉族", "1968-05", "中共党员", "经济界", "经济委员会", "委员", "某公司董事长", "13812345678", idn(date(1968, 5, 3), 1), "经济委员会党支部"],
        ["李娜", "女", "回族", "1975年3月", "中共预备党员", "教育界", "科教卫体委员会", "常委", "某中学校长", "", idn(date(1975, 3, 9), 2, male=False), "科教卫体委员会党支部"],
        ["王芳", "女", "汉", "1980.07", "民盟", "民盟", "科教卫体委员会", "", "某大学教授", "", idn(date(1980, 7, 1), 3, male=False), ""],
        ["赵强", "男", "汉族", "1971-11", "群众", "经济界", "经济委员会", "委员", "某合作社理事长", "13900001111", "", ""],
        ["欧阳明", "男", "汉族", "1966-02", "中共", "经济界", "", "委员", "某局局长", "", idn(date(1966, 2, 14), 4), "经济委员会党支部"],
    ]  # fmt: skip


def prepare(committee):
    """Names the file refers to: the sectors are seeded; special committees and branches exist."""
    economy = SpecialCommittee.objects.create(committee=committee, name="经济委员会", order=1)
    science = SpecialCommittee.objects.create(committee=committee, name="科教卫体委员会", order=2)
    PartyBranch.objects.create(
        committee=committee, name="经济委员会党支部", kind=BranchKind.FUNCTIONAL, special_committee=economy
    )
    PartyBranch.objects.create(
        committee=committee,
        name="科教卫体委员会党支部",
        kind=BranchKind.FUNCTIONAL,
        special_committee=science,
    )


def snapshot(committee) -> tuple:
    """Everything an import may write, to prove a refused file wrote nothing."""
    return (
        sorted(
            Person.objects.filter(committee=committee).values_list(
                "name", "political", "mobile", "id_number_digest"
            )
        ),
        sorted(
            TermMembership.objects.filter(committee=committee).values_list(
                "person__name", "sector__name", "position"
            )
        ),
        sorted(
            PartyMembership.objects.filter(committee=committee).values_list(
                "person__name", "branch__name", "left_on"
            )
        ),
        Sector.objects.filter(committee=committee).count(),
        SpecialCommittee.objects.filter(committee=committee).count(),
        PartyBranch.objects.filter(committee=committee).count(),
    )


@pytest.mark.parametrize(
    ("filename", "build"),
    [
        ("roster.xlsx", lambda rows: sheets.xlsx(rows)),
        ("roster.xls", lambda rows: sheets.xls(rows)),
        ("roster.csv", lambda rows: sheets.csv_bytes(rows)),
        ("roster-bom.csv", lambda rows: sheets.csv_bytes(rows, encoding="utf-8-sig")),
        ("roster-gbk.csv", lambda rows: sheets.csv_bytes(rows, encoding="gb18030")),
    ],
)
def test_it_imports_a_roster_and_figures_follow_in_every_format(committee, filename, build):
    prepare(committee)
    report = roster_import(committee=committee, data=build(roster_rows()), filename=filename, on=TODAY)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)

    result = coverage(committee, TODAY)
    assert (result.members, result.cpc_members) == (5, 3)
    assert (result.party_org.covered, result.party_org.total) == (3, 3)
    # 欧阳明 has no special committee: the only member the party's work does not reach.
    assert (result.party_work.covered, result.party_work.total) == (4, 5)
    assert [(u.name, u.reason) for u in result.party_work.uncovered] == [("欧阳明", "未分配专委会")]

    values = figures.evaluate(committee, Period(date(2026, 1, 1), TODAY))
    assert values["members"].value == 5
    assert values["cpc_members"].value == 3
    assert values["cpc_members_in_branches"].value == 3
    assert values["party_branches"].value == 2
    assert values["sectors"].value == 3

    li = Person.objects.get(committee=committee, name="李娜")
    assert (li.gender, li.ethnicity, li.political, li.birth_month) == ("2", "03", "02", date(1975, 3, 1))
    assert li.id_number == idn(date(1975, 3, 9), 2, male=False)
    assert TermMembership.objects.get(person=li).position == "standing"


def test_it_updates_matching_members_instead_of_adding_them(committee):
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    rows = roster_rows()
    rows[0][8] = "某集团总经理"  # 张伟 matched by ID number
    rows[3][9] = "13900002222"  # 赵强 (no ID) matched by name and birth month
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert (report.created, report.updated, report.unchanged) == (0, 2, 3)
    assert Person.objects.filter(committee=committee).count() == 5
    assert TermMembership.objects.get(person__name="张伟").workplace == "某集团总经理"
    assert Person.objects.get(name="赵强").mobile == "13900002222"


def test_it_moves_a_member_between_branches_and_coverage_follows(committee):
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    rows = roster_rows()
    rows[0][11] = "科教卫体委员会党支部"
    roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    current = PartyMembership.objects.filter(person__name="张伟").current()
    assert [m.branch.name for m in current] == ["科教卫体委员会党支部"]
    assert PartyMembership.objects.filter(person__name="张伟", left_on=TODAY).count() == 1


def test_it_round_trips_export_then_import_without_changes(committee, staff):
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    before = snapshot(committee)
    history = Person.history.count()
    for full in (True, False):  # full IDs, and the masked export whose * cells mean "unchanged"
        exported = roster_export(committee=committee, by=staff, full=full, on=TODAY)
        report = roster_import(committee=committee, data=exported, filename="export.xlsx", on=TODAY)
        assert report.errors == []
        assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert snapshot(committee) == before
    assert Person.history.count() == history


def test_it_creates_missing_sectors_committees_and_branches_when_asked(committee):
    rows = [
        ["孙丽", "女", "汉族", "1970-01", "中共党员", "新兴领域界", "农业和农村委员会", "委员", "", "", "", "农业和农村委员会党支部"],
        ["周杰", "男", "汉族", "1972-02", "中共党员", "经济界", "", "委员", "", "", "", "临时党支部甲"],
    ]  # fmt: skip
    refused = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert "第2行「界别」：系统中没有界别「新兴领域界」（可在导入时选择自动创建）" in refused.errors
    assert any(e.startswith("第2行「专委会」") for e in refused.errors)
    assert any(e.startswith("第3行「党支部」") for e in refused.errors)

    report = roster_import(
        committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", create_missing=True, on=TODAY
    )
    assert report.errors == []
    assert report.created_names == {
        "界别": ["新兴领域界"],
        "专委会": ["农业和农村委员会"],
        "党支部": ["农业和农村委员会党支部", "临时党支部甲"],
    }
    branch = PartyBranch.objects.get(committee=committee, name="农业和农村委员会党支部")
    assert branch.kind == BranchKind.FUNCTIONAL
    assert branch.special_committee.name == "农业和农村委员会"
    assert PartyBranch.objects.get(committee=committee, name="临时党支部甲").kind == BranchKind.OFFICE
    assert coverage(committee, TODAY).party_org.covered == 2


def test_it_changes_nothing_on_a_dry_run(committee):
    prepare(committee)
    before = snapshot(committee)
    report = roster_import(
        committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", dry_run=True, on=TODAY
    )
    assert report.ok
    assert report.created == 5
    assert snapshot(committee) == before


BAD_CELLS = [
    # (row index, column index, value, expected error)
    (0, 0, "", "第2行「姓名」：不能为空"),
    (0, 4, "", "第2行「政治面貌」：不能为空"),
    (0, 4, "党外人士甲", "第2行「政治面貌」：无法识别「党外人士甲」"),
    (1, 1, "未知", "第3行「性别」：无法识别「未知」"),
    (1, 3, "1975年13月", "第3行「出生年月」："),
    (0, 10, "611002196805030010", "第2行「身份证号」：校验码错误"),
    (2, 10, "61100219800701", "第4行「身份证号」："),
    (3, 9, "1380013", "第5行「手机号码」："),
    (
        3,
        11,
        "经济委员会党支部",
        "第5行「党支部」：政治面貌为「群众」，只有中共党员（含预备党员）才能编入党支部",
    ),
    (2, 5, "不存在界", "第4行「界别」：系统中没有界别「不存在界」"),
    (0, 7, "组长", "第2行「政协职务」："),
    (0, 3, "1968-06", "第2行「出生年月」：与身份证号中的出生年月（1968-05）不一致"),
]


@pytest.mark.parametrize(("row", "column", "value", "expected"), BAD_CELLS)
def test_it_refuses_a_file_with_a_bad_cell_and_names_row_and_column(committee, row, column, value, expected):
    prepare(committee)
    before = snapshot(committee)
    rows = roster_rows()
    rows[row][column] = value
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert not report.ok
    assert any(e.startswith(expected) for e in report.errors), report.errors
    assert snapshot(committee) == before


def test_it_refuses_an_id_number_stored_as_a_number(committee):
    prepare(committee)
    rows = roster_rows()
    rows[0][10] = int(rows[0][10])  # typed into Excel as a number: the last digits are gone
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert report.errors == [
        "第2行「身份证号」：以数字格式存储，18位身份证号的末几位已经丢失；请把该列设为文本格式后重新填写"
    ]
    assert Person.objects.filter(committee=committee).count() == 0


def test_it_refuses_an_id_number_twice_in_the_file(committee):
    prepare(committee)
    rows = roster_rows()
    rows[2][10] = rows[0][10]
    rows[2][3], rows[2][1] = "1968-05", "男"
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert "第4行「身份证号」：与第2行的身份证号重复" in report.errors


def test_it_lists_every_missing_required_column(committee):
    headers = [h for h in sheets.HEADERS if h not in ("性别", "界别")]
    rows = [[c for h, c in zip(sheets.HEADERS, r, strict=True) if h in headers] for r in roster_rows()]
    report = roster_import(committee=committee, data=sheets.xlsx(rows, headers), filename="r.xlsx", on=TODAY)
    assert report.errors == ["第1行「性别」：缺少必填列", "第1行「界别」：缺少必填列"]


def test_it_counts_rows_as_excel_does_below_a_title_row(committee):
    prepare(committee)
    rows = roster_rows()
    rows[1][0] = ""
    report = roster_import(
        committee=committee, data=sheets.xlsx(rows, title="商州区政协委员名册"), filename="r.xlsx", on=TODAY
    )
    assert report.errors == ["第4行「姓名」：不能为空"]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x00\x01garbage" * 50, "roster.xlsx"),
        (b"", "roster.xlsx"),
        (b"PK\x03\x04not really a zip", "roster.xlsx"),
        (b"\xd0\xcf\x11\xe0broken ole", "roster.xls"),
        (b"hello", "roster.docx"),
    ],
)
def test_it_refuses_an_unreadable_file_with_a_message_not_a_traceback(committee, data, filename):
    report = roster_import(committee=committee, data=data, filename=filename, on=TODAY)
    assert not report.ok
    assert all("Traceback" not in e and e for e in report.errors)
    assert Person.objects.count() == 0


def test_it_treats_a_hostile_string_as_data(committee):
    prepare(committee)
    rows = roster_rows()
    rows[0][8] = "<script>alert(1)</script>"
    rows[1][8] = '=HYPERLINK("http://x")'
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert report.ok
    assert TermMembership.objects.get(person__name="张伟").workplace == "<script>alert(1)</script>"


def test_it_refuses_without_a_term(other_committee):
    from lvzhi.org.models import Term

    Term.objects.filter(committee=other_committee).delete()
    report = roster_import(
        committee=other_committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY
    )
    assert report.errors
    assert "届次" in report.errors[0]


def test_it_round_trips_a_member_who_is_also_in_a_temporary_branch(committee, staff):
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    temporary = PartyBranch.objects.create(
        committee=committee, name="调研组临时党支部", kind=BranchKind.TEMPORARY
    )
    PartyMembership.objects.create(
        committee=committee, branch=temporary, person=Person.objects.get(name="张伟")
    )
    before = snapshot(committee)
    exported = roster_export(committee=committee, by=staff, full=True, on=TODAY)
    report = roster_import(committee=committee, data=exported, filename="export.xlsx", on=TODAY)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert snapshot(committee) == before
    assert PartyMembership.objects.filter(branch=temporary).current().count() == 1

    rows = roster_rows()
    rows[0][11] = "调研组临时党支部"
    refused = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert refused.errors == [
        "第2行「党支部」：「调研组临时党支部」是临时党支部，此列填写党员所在的功能型或机关党支部"
    ]


def test_it_refuses_to_make_a_branch_member_non_cpc_until_they_leave_the_branch(committee):
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    before = snapshot(committee)
    rows = roster_rows()
    rows[0][4], rows[0][11] = "群众", ""
    refused = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert refused.errors == [
        "第2行「政治面貌」：该人员仍在「经济委员会党支部」，请先在党支部页面为其办理转出，再将政治面貌改为「群众」"
    ]
    assert snapshot(committee) == before
    assert Person.objects.get(name="张伟").political == "01"


def test_it_lists_the_branch_cell_of_a_row_already_in_error(committee):
    prepare(committee)
    rows = roster_rows()
    rows[3][0] = ""  # 赵强 loses his name ...
    rows[3][11] = "经济委员会党支部"  # ... and, a 群众, is put in a branch
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", on=TODAY)
    assert report.errors == [
        "第5行「姓名」：不能为空",
        "第5行「党支部」：政治面貌为「群众」，只有中共党员（含预备党员）才能编入党支部",
    ]


def test_it_refuses_names_too_long_to_create(committee):
    rows = roster_rows()
    rows[0][5] = "界" * 61
    rows[0][6] = "专" * 61
    rows[0][11] = "支" * 81
    report = roster_import(
        committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", create_missing=True, on=TODAY
    )
    assert "第2行「界别」：界别名称不能超过60个字" in report.errors
    assert "第2行「专委会」：专委会名称不能超过60个字" in report.errors
    assert "第2行「党支部」：党支部名称不能超过80个字" in report.errors
    assert not PartyBranch.objects.filter(committee=committee).exists()


def test_it_does_not_take_a_bare_party_branch_for_a_committee_without_short_name(committee):
    SpecialCommittee.objects.create(committee=committee, name="经济委员会", order=1)  # no short name
    rows = [
        ["孙丽", "女", "汉族", "1970-01", "中共党员", "经济界", "经济委员会", "委员", "", "", "", "党支部"]
    ]
    report = roster_import(
        committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", create_missing=True, on=TODAY
    )
    assert report.errors == []
    branch = PartyBranch.objects.get(committee=committee, name="党支部")
    assert (branch.kind, branch.special_committee) == (BranchKind.OFFICE, None)


def test_a_new_terms_roster_with_a_new_branch_leaves_the_old_terms_figures_as_they_were(committee):
    """A branch the import creates is established at the start of the imported term: the term before
    it counted the branches it had, and still does after the next term's roster comes in."""
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", on=TODAY)
    old_term = Period(date(2026, 1, 1), date(2026, 12, 31))
    before = figures.evaluate(committee, old_term, ["party_branches", "cpc_members_in_branches"])
    assert (before["party_branches"].value, before["cpc_members_in_branches"].value) == (2, 3)

    new_start = date(2027, 1, 10)
    term_create(committee=committee, number=16, start=new_start)
    rows = roster_rows()
    rows[0][6], rows[0][11] = "农业和农村委员会", "农业和农村委员会党支部"  # 张伟 moves to a new committee
    on = date(2027, 2, 3)
    report = roster_import(
        committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", create_missing=True, on=on
    )
    assert report.errors == []
    branch = PartyBranch.objects.get(committee=committee, name="农业和农村委员会党支部")
    assert (branch.kind, branch.established_on) == (BranchKind.FUNCTIONAL, new_start)

    after = figures.evaluate(committee, old_term, ["party_branches", "cpc_members_in_branches"])
    assert (after["party_branches"].value, after["cpc_members_in_branches"].value) == (2, 3)
    new_term = figures.evaluate(committee, Period(new_start, on), ["party_branches"])
    assert new_term["party_branches"].value == 3


def test_branch_assignments_in_bulk_keep_dates_history_and_audit(committee, staff):
    """A member never organized before has no join date; one moved has the old row closed on the import
    date and a new one opened; each change has its history row and audit event, by the importing user."""
    prepare(committee)
    roster_import(committee=committee, data=sheets.xlsx(roster_rows()), filename="r.xlsx", by=staff, on=TODAY)
    first = PartyMembership.objects.get(person__name="张伟")
    assert (first.joined_on, first.left_on) == (None, None)
    assert AuditEvent.objects.filter(action="party_member_assign", committee=committee).count() == 3

    rows = roster_rows()
    rows[0][11] = "科教卫体委员会党支部"
    later = date(2026, 12, 1)
    report = roster_import(committee=committee, data=sheets.xlsx(rows), filename="r.xlsx", by=staff, on=later)
    assert report.extra == {"党支部编入": 1}
    old, new = PartyMembership.objects.filter(person__name="张伟").order_by("pk")
    assert (old.branch.name, old.left_on) == ("经济委员会党支部", later)
    assert (new.branch.name, new.joined_on, new.left_on) == ("科教卫体委员会党支部", later, None)
    assert old.history.count() == 2
    assert old.history.first().history_user == staff
    assert new.history.get().history_user == staff
    left = AuditEvent.objects.get(action="party_member_leave", object_id=str(old.pk))
    assert (left.user, left.committee_id) == (staff, committee.pk)
    assert AuditEvent.objects.filter(action="party_member_assign", committee=committee).count() == 4
