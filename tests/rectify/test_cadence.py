"""The cadence reports: the weekly 调度 list and the monthly report, taken on their own dates."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.rectify import cadence, services
from lvzhi.rectify.models import LedgerItem, Step
from tests.rectify.conftest import full_data

pytestmark = pytest.mark.django_db


def url(committee, name, **query):
    base = reverse(f"rectify:{name}", kwargs={"committee": committee.code})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def ledger(campaign, staff, rectifier, acceptor, lead):
    """Three items: one overdue since May, one due in early December, one closed on 2026-06-10."""

    def reg(description, deadline, on):
        data = full_data(campaign, rectifier, acceptor, lead, description=description, deadline=deadline)
        return services.ledger_item_register(campaign=campaign, data=data, on=on, by=staff)

    late = reg("逾期的问题", date(2026, 5, 1), date(2026, 4, 1))
    soon = reg("临期的问题", date(2026, 12, 2), date(2026, 4, 2))
    done = reg("已销号的问题", date(2026, 7, 1), date(2026, 4, 3))
    for item in (late, soon, done):
        services.ledger_item_fix(item=item, by=staff)
    services.ledger_item_start(item=done, by=rectifier)
    services.ledger_item_submit(item=done, by=rectifier)
    services.ledger_item_accept(item=done, by=acceptor, on=date(2026, 6, 10))
    # The timeline's clock: every move made in early April, whatever day the test runs.
    Step.objects.update(at=datetime(2026, 4, 5, 9, 0, tzinfo=UTC))
    return late, soon, done


def test_an_outsider_sees_no_cadence_report(client, outsider, committee, ledger):
    client.force_login(outsider)
    assert client.get(url(committee, "weekly")).status_code == 404
    assert client.get(url(committee, "monthly")).status_code == 404
    assert client.get(url(committee, "monthly", month="2026-06", export="docx")).status_code == 404


def test_the_weekly_list_puts_overdue_first_and_flags_in_words(committee, ledger):
    late, soon, done = ledger
    report = cadence.weekly(LedgerItem.objects.all(), date(2026, 11, 26), today=date(2026, 11, 26))
    assert (report.start, report.end, report.on) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        date(2026, 11, 26),
    )
    assert [(r.item, r.state) for r in report.rows] == [(late, "overdue"), (soon, "due_soon")]
    # A past week shows that week: `done` was still open in the first week of June (closed on 06-10).
    june = cadence.weekly(LedgerItem.objects.all(), date(2026, 6, 3), today=date(2026, 11, 26))
    assert [(r.item, r.state) for r in june.rows] == [(late, "overdue"), (done, ""), (soon, "")]


def test_the_weekly_page_and_its_excel(
    client, committee, staff, ledger, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 26))
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        page = client.get(url(committee, "weekly")).content.decode()
    assert "逾期的问题" in page
    assert "已销号的问题" not in page
    assert "table-danger" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(url(committee, "weekly", export="xlsx")).content))
    sheet = book.active
    assert [sheet.cell(row=r, column=8).value for r in (2, 3)] == ["逾期", "临期"]


def test_the_monthly_report_counts_at_the_months_end(
    client, committee, staff, ledger, acceptor, django_assert_max_num_queries
):
    late, soon, done = ledger
    services.ledger_item_extend(item=soon, deadline=date(2027, 1, 31), reason="跨年", by=staff)
    june = cadence.monthly(LedgerItem.objects.all(), 2026, 6, today=date(2026, 11, 26))
    assert (june.registered, june.closed, june.overdue, june.open_at_end, june.total_at_end) == (
        0,
        1,
        1,
        2,
        3,
    )
    assert june.overdue_items == [late]
    assert june.closed_items == [done]
    assert dict(june.by_status) == {
        "登记": 0,
        "已交办": 0,
        "已五定": 2,
        "整改中": 0,
        "待验收": 0,
        "已销号": 1,
    }
    april = cadence.monthly(LedgerItem.objects.all(), 2026, 4, today=date(2026, 11, 26))
    assert (april.registered, april.closed, april.overdue) == (3, 0, 0)
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        page = client.get(url(committee, "monthly", month="2026-06")).content.decode()
    assert "2026年6月整改工作月报告" in page
    assert "逾期的问题" in page
    assert client.get(url(committee, "monthly", month="2026-13")).status_code == 404


@pytest.mark.documents
def test_the_monthly_report_exports_as_an_official_document(client, committee, staff, ledger):
    from docx import Document

    client.force_login(staff)
    response = client.get(url(committee, "monthly", month="2026-06", export="docx"))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年6月整改工作月报告" in text
    assert "本月新登记问题0个，本月销号1个，逾期未销号1个" in text
    assert doc.tables[1].rows[1].cells[1].text == "逾期的问题"
