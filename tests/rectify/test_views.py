"""The ledger's pages, API, import, exports and CLI: scoping, stale edits, whole-file refusal."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lvzhi.rectify import services
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem
from tests.org import sheets

pytestmark = pytest.mark.django_db

HEADERS = ["问题类别", "问题描述", "问题来源", "问题归属", "责任领导", "责任单位", "责任人", "整改措施", "整改目标", "整改标准", "完成时限", "验收人"]  # fmt: skip


def ledger_url(committee, **query):
    url = reverse("rectify:ledger", kwargs={"committee": committee.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_an_outsider_sees_nothing(client, outsider, committee, item):
    client.force_login(outsider)
    assert client.get(ledger_url(committee)).status_code == 404
    assert client.get(item.get_absolute_url()).status_code == 404
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/committees/{committee.code}/ledger/").status_code == 404
    assert api.get(f"/api/v1/committees/{committee.code}/ledger/{item.pk}/").status_code == 404


def test_a_member_sees_only_the_items_they_answer_for(client, committee, item, rectifier, campaign, staff):
    other = services.ledger_item_register(
        campaign=campaign,
        data={"category": campaign.categories.first(), "description": "别人的问题"},
        by=staff,
    )
    client.force_login(rectifier)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    page = client.get(ledger_url(committee)).content.decode()  # the ledger shows them their own items
    assert item.description in page
    assert "别人的问题" not in page
    api = APIClient()
    api.force_authenticate(rectifier)
    assert api.get(f"/api/v1/committees/{committee.code}/ledger/{other.pk}/").status_code == 404


def test_the_ledger_filters_by_owner_and_counts_link_to_the_items(
    client, committee, item, campaign, staff, rectifier
):
    other = services.ledger_item_register(
        campaign=campaign,
        data={"category": campaign.categories.last(), "description": "无人负责的问题"},
        by=staff,
    )
    client.force_login(staff)
    mine = client.get(ledger_url(committee, owner=rectifier.person_id))
    assert [i.pk for i, _state in mine.context["rows"]] == [item.pk]
    nobody = client.get(ledger_url(committee, owner="none"))
    assert [i.pk for i, _state in nobody.context["rows"]] == [other.pk]
    by_category = client.get(ledger_url(committee, category=other.category_id))
    assert [i.pk for i, _state in by_category.context["rows"]] == [other.pk]
    page = client.get(ledger_url(committee)).content.decode()
    assert f"owner={rectifier.person_id}" in page
    assert f"category={other.category_id}" in page


def test_due_soon_and_overdue_are_written_out_in_the_export(client, committee, item, staff, monkeypatch):

    client.force_login(staff)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 28))
    book = openpyxl.load_workbook(io.BytesIO(client.get(ledger_url(committee, export="xlsx")).content))
    assert book["问题清单"]["H2"].value == "登记（临期）"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "text-bg-warning" in page
    assert "临期" in page
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 1, 1))
    book = openpyxl.load_workbook(io.BytesIO(client.get(ledger_url(committee, export="xlsx")).content))
    assert book["整改清单"]["H2"].value == "登记（逾期）"


def test_the_page_takes_an_item_through_with_the_right_people(
    client, committee, item, staff, rectifier, acceptor
):
    url = item.get_absolute_url()
    client.force_login(rectifier)
    assert client.post(url, {"action": "fix"}).status_code == 403  # staff's move, not the 责任人's
    client.force_login(staff)
    assert client.post(url, {"action": "fix"}).status_code == 302
    client.force_login(rectifier)
    client.post(url, {"action": "start"})
    upload = io.BytesIO(b"%PDF-1.4 evidence")
    upload.name = "整改照片.pdf"
    client.post(url, {"action": "progress", "opinion": "已压缩流转环节", "evidence": upload})
    client.post(url, {"action": "submit"})
    item.refresh_from_db()
    assert item.status == ItemStatus.AWAITING
    assert client.post(url, {"action": "accept"}).status_code == 403
    step = item.steps.exclude(evidence="").get()
    evidence_url = reverse("rectify:evidence", kwargs={"committee": committee.code, "pk": step.pk})
    assert client.get(evidence_url).status_code == 200
    client.force_login(acceptor)
    page = client.get(url).content.decode()
    assert "验收通过" in page
    assert "已压缩流转环节" in page
    assert client.post(url, {"action": "accept", "opinion": "同意销号"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED


def test_a_wrong_move_is_explained(client, item, staff):
    services.ledger_item_update(item=item, data={"measures": ""}, by=staff)
    client.force_login(staff)
    response = client.post(item.get_absolute_url(), {"action": "fix"})
    assert response.status_code == 200
    assert "以下五定项尚未填写：整改措施" in response.content.decode()


def test_a_concurrent_edit_is_refused_not_lost(client, committee, item, staff):
    client.force_login(staff)
    url = reverse("rectify:item_edit", kwargs={"committee": committee.code, "pk": item.pk})
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items()}
    assert client.post(url, {**data, "measures": "第一人的措施"}).status_code == 302
    stale = client.post(url, {**data, "measures": "第二人的措施"})
    assert stale.status_code == 200
    body = stale.content.decode()
    assert "已被他人修改" in body
    assert "第二人的措施" in body
    item.refresh_from_db()
    assert item.measures == "第一人的措施"


def test_overdue_is_marked_in_the_list_with_text(
    client, committee, campaign, staff, rectifier, acceptor, lead
):
    from tests.rectify.conftest import full_data

    services.ledger_item_register(
        campaign=campaign,
        data=full_data(campaign, rectifier, acceptor, lead, deadline=date(2020, 1, 1)),
        by=staff,
    )
    client.force_login(staff)
    page = client.get(ledger_url(committee, overdue="1")).content.decode()
    assert "table-danger" in page
    assert "逾期" in page


def test_the_list_keeps_a_constant_number_of_queries(
    client, committee, campaign, staff, django_assert_max_num_queries
):
    for n in range(30):
        services.ledger_item_register(
            campaign=campaign,
            data={"category": campaign.categories.first(), "description": f"问题{n}"},
            by=staff,
        )
    client.force_login(staff)
    with django_assert_max_num_queries(22):
        assert client.get(ledger_url(committee)).status_code == 200


def test_the_export_holds_the_three_lists(client, committee, item, staff):
    client.force_login(staff)
    response = client.get(ledger_url(committee, export="xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["问题清单", "责任清单", "整改清单"]
    assert book["责任清单"]["E2"].value == "整改人"
    assert book["整改清单"]["C2"].value == "压缩流转环节"


def import_rows(*rows):
    return sheets.xlsx([list(r) for r in rows], headers=HEADERS)


def test_the_import_refuses_a_bad_file_whole_naming_row_and_column(
    client, committee, campaign, staff, rectifier, acceptor
):
    rows = [
        [
            "工作作风不够实",
            "问题甲",
            "",
            "",
            "",
            "办公室",
            "整改人",
            "措施",
            "",
            "标准",
            "2026-12-31",
            "验收人",
        ],
        ["不存在的类别", "问题乙", "", "", "", "", "", "", "", "", "", ""],
        ["服务群众不够优", "", "", "领导", "", "", "查无此人", "", "", "", "2026-02-30", ""],
    ]
    client.force_login(staff)
    url = reverse("rectify:import", kwargs={"committee": committee.code})
    upload = io.BytesIO(sheets.xlsx(rows, headers=HEADERS))
    upload.name = "台账.xlsx"
    response = client.post(url, {"campaign": campaign.pk, "file": upload})
    errors = response.context["report"].errors
    assert errors == [
        "第3行「问题类别」：「不存在的类别」不是本专项行动的问题类别（工作作风不够实、服务群众不够优）",
        "第4行「问题描述」：不能为空",
        "第4行「问题归属」：无法识别「领导」，请填写班子、个人或支部",
        "第4行「责任人」：系统中没有名为「查无此人」的人员",
        "第4行「完成时限」：无法识别的日期「2026-02-30」，请写作如 2026-06-30 或 2026年6月30日",
    ]
    assert not LedgerItem.objects.exists()


def test_the_import_brings_incomplete_rows_as_assigned_and_lists_them(
    committee, campaign, staff, rectifier, acceptor, lead
):
    from lvzhi.rectify.io import ledger_import

    rows = [
        [
            "工作作风不够实",
            "问题甲",
            "自查",
            "班子",
            "分管领导",
            "办公室",
            "整改人",
            "措施",
            "",
            "标准",
            "2026年12月31日",
            "验收人",
        ],
        ["服务群众不够优", "问题乙", "", "个人", "", "研究室", "", "", "", "", "", ""],
    ]
    dry = ledger_import(
        campaign=campaign, data=sheets.xlsx(rows, headers=HEADERS), filename="l.xlsx", dry_run=True, by=staff
    )
    assert dry.ok
    assert not LedgerItem.objects.exists()
    report = ledger_import(
        campaign=campaign, data=sheets.xlsx(rows, headers=HEADERS), filename="l.xlsx", by=staff
    )
    assert (report.created, report.fixed) == (2, 1)
    assert report.incomplete == [
        "第3行（第2号）：缺少责任领导、责任人、整改措施、完成时限、整改标准，已导入为「已交办」"
    ]
    statuses = dict(LedgerItem.objects.values_list("description", "status"))
    assert statuses == {"问题甲": ItemStatus.FIXED, "问题乙": ItemStatus.ASSIGNED}


def test_the_cli_counts_and_lists_overdue(committee, item, capsys):
    call_command("ledger", "--committee", committee.code, "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 1
    assert result["by_status"]["登记"] == 1
    with pytest.raises(CommandError, match="没有代码"):
        call_command("ledger", "--committee", "nope")


def test_the_summary_carries_the_ledger_keys_each_linked_to_its_records(
    client, committee, campaign, staff, rectifier, acceptor, lead, leader, outsider
):
    from tests.rectify.conftest import full_data

    def reg(description, deadline, on):
        data = full_data(campaign, rectifier, acceptor, lead, description=description, deadline=deadline)
        return services.ledger_item_register(campaign=campaign, data=data, on=on, by=staff)

    reg("逾期未销号", date(2026, 5, 1), date(2026, 4, 1))
    done = reg("已销号", date(2026, 9, 1), date(2026, 4, 2))
    reg("去年的问题", date(2025, 12, 1), date(2025, 11, 1))
    services.ledger_item_fix(item=done, by=staff)
    services.ledger_item_start(item=done, by=rectifier)
    services.ledger_item_submit(item=done, by=rectifier)
    services.ledger_item_accept(item=done, by=acceptor, on=date(2026, 6, 1))
    api = APIClient()
    api.force_authenticate(leader)
    summary = f"/api/v1/committees/{committee.code}/summary/"
    figures = api.get(summary, {"from": "2026-01-01", "to": "2026-10-31"}).json()["figures"]
    values = {k: figures[k]["value"] for k in ("ledger_problems", "ledger_closed", "ledger_overdue")}
    assert values == {"ledger_problems": 2, "ledger_closed": 1, "ledger_overdue": 2}  # a stock at 10-31
    client.force_login(leader)
    for key, value in values.items():
        listed = client.get(figures[key]["source"])
        assert listed.status_code == 200
        assert listed.context["page_obj"].paginator.count == value, key
    assert "逾期未销号" in client.get(figures["ledger_overdue"]["source"]).content.decode()
    api.force_authenticate(outsider)
    assert api.get(summary, {"year": 2026}).status_code == 404
    client.force_login(outsider)
    assert client.get(figures["ledger_overdue"]["source"]).status_code == 404


@pytest.mark.documents
def test_the_ledger_exports_as_an_official_document(client, committee, item, staff):
    from docx import Document

    client.force_login(staff)
    response = client.get(ledger_url(committee, export="docx"))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text.endswith("整改台账")
    assert [c.text for c in doc.tables[0].rows[1].cells][:3] == ["1", "工作作风不够实", "公文办理时限偏长"]


def test_a_campaign_is_set_up_with_its_own_five_fields_on_the_page(client, committee, staff):
    from lvzhi.rectify.models import Campaign

    client.force_login(staff)
    url = reverse("rectify:campaign_create", kwargs={"committee": committee.code})
    response = client.post(
        url,
        {
            "name": "巡察整改",
            "started_on": "2026-03-01",
            "categories": "政治建设\n作风建设\n",
            "required_fields": ["responsible", "deadline"],
            "extra_fields": "督办人\n经费\n",
            "extra_required": "on",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="巡察整改")
    assert campaign.required_fields == ["responsible", "deadline", "督办人", "经费"]
    assert campaign.extra_fields == ["督办人", "经费"]
    assert list(campaign.categories.values_list("name", flat=True)) == ["政治建设", "作风建设"]
