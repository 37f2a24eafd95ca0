"""The suggestion import: a good file, every bad row named, nothing written on error, a dry run, GB18030."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.consult import io as consult_io
from lvzhi.consult.duty import SUGGESTED
from lvzhi.consult.models import Suggestion
from lvzhi.duty.models import DutyRecord
from tests import factories
from tests.org import sheets

pytestmark = pytest.mark.django_db
HEADERS = ["标题", "内容", "提出人", "类别", "协商活动", "报送日期", "交办单位"]


def run(committee, data, filename="意见建议.xlsx", dry_run=False, by=None):
    return consult_io.suggestions_import(
        committee=committee, data=data, filename=filename, dry_run=dry_run, by=by
    )


def test_it_imports_a_good_file_with_people_units_and_the_consultation(committee, staff, member, consultation,
                                                                       unit, heating):  # fmt: skip
    other = factories.make_member(committee, name="赵六").person
    data = sheets.xlsx(
        [
            ["推进市政供暖进小区", "加快管网改造", f"{member.person.name}、赵六", "城乡建设", consultation.topic,
             "2026-05-20", "区发展和改革局、区供热公司"],
            ["发展社区养老", "", "赵六", "", "", date(2026, 5, 21), ""],
        ],
        HEADERS,
    )  # fmt: skip
    report = run(committee, data, by=staff)
    assert report.ok, report.errors
    assert report.created == 2
    heat = Suggestion.objects.get(title="推进市政供暖进小区")
    assert set(heat.proposers.all()) == {member.person, other}
    assert set(heat.units.all()) == {unit, heating}
    assert heat.consultation == consultation
    assert heat.category == "urban_rural"
    assert heat.steps.get().kind == "import"
    assert Suggestion.objects.get(title="发展社区养老").category == "other"
    assert DutyRecord.objects.filter(kind=SUGGESTED, person=other).count() == 2


def test_it_names_every_bad_row_and_writes_nothing(committee, staff, member):
    factories.make_member(committee, name="同名")
    factories.make_member(committee, name="同名")
    data = sheets.xlsx(
        [
            ["好的一行", "", member.person.name, "", "", "2026-05-20", ""],
            ["", "", "", "", "", "2026-05-20", ""],
            ["建议二", "", "查无此人", "经济", "", "2026-13-40", "不存在的单位"],
            ["建议三", "", "同名", "", "不存在的协商", "", ""],
        ],
        HEADERS,
    )
    report = run(committee, data, by=staff)
    assert report.errors == [
        "第3行「标题」：不能为空",
        "第4行「类别」：无法识别「经济」，请填写经济发展、社会民生、城乡建设、生态环境、文化教育、社会治理、其他之一",
        "第4行「报送日期」：无法识别的日期「2026-13-40」，请写作如 2026-06-30 或 2026年6月30日",
        "第4行「提出人」：系统中没有名为「查无此人」的人员",
        "第4行「交办单位」：系统中没有名为「不存在的单位」的承办单位",
        "第5行「报送日期」：不能为空",
        "第5行「提出人」：系统中有2个名为「同名」的人员，无法确定是哪一个",
        "第5行「协商活动」：系统中没有名为「不存在的协商」的协商活动",
    ]
    assert not Suggestion.objects.exists()
    assert not DutyRecord.objects.exists()


def test_a_dry_run_checks_without_writing(committee, staff):
    report = run(committee, sheets.xlsx([["建议", "", "", "", "", "2026-05-20", ""]], HEADERS), dry_run=True)
    assert report.ok
    assert report.created == 1
    assert report.dry_run
    assert not Suggestion.objects.exists()


def test_it_reads_a_gb18030_csv(committee, staff, member):
    data = sheets.csv_bytes([["供暖收费标准公开", "内容", member.person.name, "社会民生", "", "2026年5月20日", ""]],
                            HEADERS, encoding="gb18030")  # fmt: skip
    report = run(committee, data, filename="意见建议.csv", by=staff)
    assert report.ok, report.errors
    assert Suggestion.objects.get().title == "供暖收费标准公开"


def test_a_file_without_the_required_columns_is_refused(committee):
    report = run(committee, sheets.xlsx([["x", "y"]], ["标题", "内容"]))
    assert report.errors == ["第1行「报送日期」：缺少必填列"]


def test_the_import_page_template_and_upload(client, staff, member_user, committee):
    url = reverse("consult:suggestion_import", kwargs={"committee": committee.code})
    client.force_login(staff)
    template = client.get(url, {"template": "1"})
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers == ["标题*", "内容", "提出人", "类别", "协商活动", "报送日期*", "交办单位"]
    upload = SimpleUploadedFile("s.xlsx", sheets.xlsx([["", "", "", "", "", "2026-05-20", ""]], HEADERS))
    page = client.post(url, {"file": upload}).content.decode()
    assert "第2行「标题」：不能为空" in page
    assert "未导入任何内容" in page
    good = SimpleUploadedFile("s.xlsx", sheets.xlsx([["建议", "", "", "", "", "2026-05-20", ""]], HEADERS))
    assert "导入完成" in client.post(url, {"file": good}).content.decode()
    assert Suggestion.objects.count() == 1
    client.force_login(member_user)
    assert client.get(url).status_code == 403


def test_an_outsider_cannot_import(client, outsider, committee):
    client.force_login(outsider)
    url = reverse("consult:suggestion_import", kwargs={"committee": committee.code})
    assert client.get(url).status_code == 404
