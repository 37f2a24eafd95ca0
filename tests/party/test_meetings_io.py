"""Past meeting records from Excel: all-or-nothing with row and column named; the calendar exported."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from lvzhi.party.choices import MeetingKind
from lvzhi.party.meetings_io import COLUMNS, meetings_import
from lvzhi.party.models import Attendance, Meeting
from lvzhi.party.orglife import compliance
from tests import factories
from tests.org import sheets

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in COLUMNS]
TODAY = date(2026, 11, 25)


@pytest.fixture
def branch_people(committee, economy, economy_branch):
    names = ["王建国", "李文华", "张伟"]
    people = [
        factories.make_member(committee, name=n, political="01", sc=economy, branch=economy_branch).person
        for n in names
    ]
    factories.make_member(committee, name="赵主席", political="01")  # a CPC leader of no branch here
    return people


def rows(*rows):
    return sheets.xlsx([list(r) for r in rows], headers=HEADERS)


def test_it_imports_past_meetings_with_attendance(committee, economy_branch, branch_people):
    data = rows(
        [
            economy_branch.name,
            "支部党员大会",
            "2026-04-15",
            "学习全会精神",
            "王建国",
            "王建国、李文华，赵主席",
            "张伟（出差）",
            "",
            "",
            "2026-04-16",
        ],
        [economy_branch.name, "党课", "2026年5月20日", "专题党课", "", "王建国", "", "李文华", "", ""],
    )
    report = meetings_import(committee=committee, data=data, filename="m.xlsx", today=TODAY)
    assert report.errors == []
    assert report.created == 2
    assert report.late == ["第3行：2026-05-20召开、2026-11-25记录，为补录，待支部书记审批"]
    general = Meeting.objects.get(kind=MeetingKind.GENERAL)
    assert not general.is_late
    marks = dict(Attendance.objects.filter(meeting=general).values_list("person__name", "status"))
    assert marks == {"王建国": "present", "李文华": "present", "赵主席": "present", "张伟": "excused"}
    cells = next(
        c
        for rule, c in compliance(committee, 2026, TODAY)[0].rows
        if rule.meeting_kind == MeetingKind.GENERAL
    )
    assert cells[1].status == "held"


def test_it_refuses_a_bad_file_whole_naming_row_and_column(committee, economy_branch, branch_people):
    data = rows(
        [economy_branch.name, "支部党员大会", "2026-04-15", "学习", "", "王建国", "", "", "", ""],
        ["不存在的支部", "座谈会", "2026-02-30", "", "", "", "", "", "", ""],
        [
            economy_branch.name,
            "党课",
            "2027-01-01",
            "党课",
            "查无此人",
            "王建国、王建国",
            "李文华",
            "",
            "",
            "",
        ],
    )
    report = meetings_import(committee=committee, data=data, filename="m.xlsx", today=TODAY)
    assert report.errors == [
        "第3行「类型」：无法识别「座谈会」",
        "第3行「党支部」：系统中没有党支部「不存在的支部」",
        "第3行「召开日期」：无法识别的日期「2026-02-30」，请写作如 2026-03-15 或 2026年3月15日",
        "第3行「主题」：不能为空",
        "第4行「召开日期」：不能晚于今天",
    ]
    assert not Meeting.objects.exists()
    names = rows(
        [
            economy_branch.name,
            "党课",
            "2026-03-01",
            "党课",
            "查无此人",
            "王建国、王建国",
            "李文华",
            "",
            "",
            "",
        ]
    )
    report = meetings_import(committee=committee, data=names, filename="m.xlsx", today=TODAY)
    assert report.errors == [
        "第2行「主持人」：「查无此人」不是本会的中共党员",
        "第2行「出席人员」：「王建国」在本行出现了不止一次",
        "第2行「请假人员」：「李文华」请假须写明原因，如：李文华（出差）",
    ]
    assert not Meeting.objects.exists()


def test_the_import_page_and_the_calendar_export(
    client, committee, economy_branch, branch_people, staff, leader, outsider
):
    url = reverse("party:meetings_import", kwargs={"committee": committee.code})
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    template = openpyxl.load_workbook(io.BytesIO(client.get(url, {"template": "1"}).content))
    assert [c.value for c in template.worksheets[0][1]][:4] == ["党支部*", "类型*", "召开日期*", "主题*"]
    upload = io.BytesIO(
        rows(
            [
                economy_branch.name,
                "主题党日",
                "2026-03-10",
                "<b>主题</b>",
                "",
                "王建国",
                "",
                "",
                "",
                "2026-03-10",
            ]
        )
    )
    upload.name = "记录.xlsx"
    response = client.post(url, {"file": upload})
    assert "导入完成" in response.content.decode()
    assert Meeting.objects.get().topic == "<b>主题</b>"
    exported = client.get(
        reverse("party:compliance", kwargs={"committee": committee.code}), {"year": 2026, "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    theme = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "主题党日")
    assert theme[0] == economy_branch.name
    assert "3月 已召开（1次）" in theme


def test_the_import_page_asks_for_a_file(client, committee, staff):
    client.force_login(staff)
    url = reverse("party:meetings_import", kwargs={"committee": committee.code})
    response = client.post(url, {}, follow=True)
    assert "请选择要导入的文件" in response.content.decode()
    assert not Meeting.objects.exists()
