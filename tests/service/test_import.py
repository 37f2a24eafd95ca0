"""The donation import: a good file, every bad row named by row and column, nothing written on error,
hostile strings kept as text, the template and the page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.duty.models import DutyRecord
from lvzhi.service import io as service_io
from lvzhi.service.duty import DONATED
from lvzhi.service.models import Donation
from tests import factories
from tests.org import sheets
from tests.service.conftest import donate

pytestmark = pytest.mark.django_db
HEADERS = [
    "服务行动",
    "捐赠日期",
    "捐赠人",
    "关联委员",
    "捐款（元）",
    "捐物内容",
    "物品折价（元）",
    "收据编号",
    "备注",
]


def run(committee, data, filename="捐款捐物.xlsx", dry_run=False, by=None):
    return service_io.donations_import(
        committee=committee, data=data, filename=filename, dry_run=dry_run, by=by
    )


def test_it_imports_members_companies_and_outside_donors(committee, staff, campaign, member):
    data = sheets.xlsx(
        [
            [campaign.name, "2026-08-16", member.person.name, "", 2000, "", "", "SZ-001", ""],
            [campaign.name, date(2026, 8, 17), "某医药公司", member.person.name, "1,000.50元", "口罩2万只", 48000, "SZ-002", ""],
            [campaign.name, "2026年8月18日", "热心群众", "", "300", "", "", "", "不留名"],
        ],
        HEADERS,
    )  # fmt: skip
    report = run(committee, data, by=staff)
    assert report.ok, report.errors
    assert report.created == 3
    company = Donation.objects.get(receipt_no="SZ-002")
    assert (company.donor_person, company.donor_name) == (member.person, "某医药公司")
    assert (company.money, company.goods_value) == (Decimal("1000.50"), Decimal("48000.00"))
    own = Donation.objects.get(receipt_no="SZ-001")
    assert (own.donor_person, own.donor_name) == (member.person, "")
    outside = Donation.objects.get(donor_name="热心群众")
    assert outside.donor_person is None
    assert DutyRecord.objects.filter(kind=DONATED, person=member.person).count() == 2
    assert Donation.objects.filter(campaign=campaign).totals()["total"] == Decimal("51300.50")


def test_it_names_every_bad_row_and_column_and_writes_nothing(committee, staff, campaign, member):
    donate(campaign, date(2026, 8, 16), money="10", donor_name="已有", receipt_no="OLD-1")
    factories.make_member(committee, name="同名")
    factories.make_member(committee, name="同名")
    data = sheets.xlsx(
        [
            [campaign.name, "2026-08-16", member.person.name, "", 100, "", "", "A-1", ""],
            ["不存在的行动", "2026-13-40", "", "", "-5", "", "", "", ""],
            [campaign.name, "2026-08-16", "某公司", "查无此人", "abc", "大米", "", "A-1", ""],
            [campaign.name, "2026-08-16", "同名", "", "", "", "", "OLD-1", ""],
            [campaign.name, "2026-08-16", "某公司", "", "0", "", "100", "", ""],
            [campaign.name, "2026-08-16", "某公司", "", "1.234", "", "", "", ""],
        ],
        HEADERS,
    )
    report = run(committee, data, by=staff)
    assert report.errors == [
        "第3行「服务行动」：系统中没有名为「不存在的行动」的服务行动",
        "第3行「捐赠日期」：无法识别的日期「2026-13-40」，请写作如 2022-08-20 或 2022年8月20日",
        "第3行「捐赠人」：不能为空",
        "第3行「捐款（元）」：金额不能为负数",
        "第4行「关联委员」：系统中没有名为「查无此人」的委员",
        "第4行「捐款（元）」：无法识别的金额「abc」，请填写数字，如 5000 或 5,000.00",
        "第4行「物品折价（元）」：捐物时请填写物品折价",
        "第4行「收据编号」：与第2行的收据编号重复",
        "第5行「捐赠人」：系统中有2个名为「同名」的委员，无法确定是哪一个",
        "第5行「收据编号」：收据编号「OLD-1」已登记过",
        "第6行「捐物内容」：有物品折价时请填写捐物内容",
        "第7行「捐款（元）」：金额最多保留两位小数",
    ]
    assert Donation.objects.count() == 1
    assert not DutyRecord.objects.filter(kind=DONATED).exists()


def test_a_dry_run_checks_and_writes_nothing(committee, staff, campaign):
    data = sheets.xlsx([[campaign.name, "2026-08-16", "某公司", "", 100, "", "", "", ""]], HEADERS)
    report = run(committee, data, dry_run=True, by=staff)
    assert report.ok
    assert report.created == 1
    assert not Donation.objects.exists()


def test_hostile_strings_stay_text_and_export_as_text(client, committee, staff, campaign):
    formula = '=HYPERLINK("http://evil.example","点我")'
    data = sheets.csv_bytes(
        [[campaign.name, "2026-08-16", formula, "", "100", "<script>alert(1)</script>", "50", "", "'; DROP TABLE x;--"]],
        HEADERS,
        encoding="gb18030",
    )  # fmt: skip
    report = run(committee, data, filename="捐款.csv", by=staff)
    assert report.ok, report.errors
    donation = Donation.objects.get()
    assert donation.donor_name == formula
    client.force_login(staff)
    page = client.get(reverse("service:donations", kwargs={"committee": committee.code})).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    export = client.get(
        reverse("service:donations", kwargs={"committee": committee.code}), {"export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.value == formula
    assert cell.data_type == "s"


def test_a_file_without_the_required_columns_is_refused(committee, campaign):
    data = sheets.xlsx([["x", "y"]], ["捐赠人", "备注"])
    report = run(committee, data)
    assert report.errors == ["第1行「服务行动」：缺少必填列", "第1行「捐赠日期」：缺少必填列"]


def test_the_page_imports_and_offers_the_template(client, committee, staff, member_user, campaign):
    url = reverse("service:donation_import", kwargs={"committee": committee.code})
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    template = client.get(url, {"template": "1"})
    headers = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows())]
    assert headers == ["服务行动*", "捐赠日期*", "捐赠人*", *HEADERS[3:]]
    upload = SimpleUploadedFile(
        "捐款.xlsx", sheets.xlsx([[campaign.name, "2026-08-16", "某公司", "", 100, "", "", "", ""]], HEADERS)
    )
    response = client.post(url, {"file": upload})
    assert "导入完成" in response.content.decode()
    assert Donation.objects.count() == 1
