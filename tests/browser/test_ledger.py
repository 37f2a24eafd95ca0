"""A ledger item from 登记 to 已销号 in a real browser, by the office and then by its 验收人."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from lvzhi.core.roles import Role
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem
from lvzhi.rectify.services import campaign_create
from tests import factories
from tests.browser.conftest import guide_shot, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_item_goes_from_registered_to_closed_with_two_people(
    page: Page, browser: Browser, live_server, committee
):
    staff = factories.user_with_role(committee, Role.STAFF, username="office")
    campaign_create(
        committee=committee,
        name="作风建设专项行动",
        started_on=date(2026, 3, 1),
        categories=["工作作风不够实"],
        by=staff,
    )
    lead = factories.make_member(committee, name="分管领导").person
    responsible = factories.make_member(committee, name="整改人").person
    acceptor = factories.make_member(committee, name="验收人").person
    factories.user_with_role(committee, Role.LEADER, username="checker", person=acceptor)

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/c/{committee.code}/ledger/")
    page.get_by_role("link", name="登记问题（作风建设专项行动）").click()
    page.get_by_label("问题类别").select_option(label="工作作风不够实")
    page.get_by_label("问题描述").fill("机关公文办理时限偏长")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("登记")
    expect(page.locator(".alert-warning")).to_contain_text("责任领导")

    page.get_by_role("link", name="编辑问题与五定").click()
    page.get_by_label("责任领导（五定必填）").select_option(label=str(lead))
    page.get_by_label("责任人（五定必填）").select_option(label=str(responsible))
    page.get_by_label("验收人", exact=True).select_option(label=str(acceptor))
    page.get_by_label("整改措施（五定必填）").fill("压缩流转环节，实行限时办结")
    page.get_by_label("整改标准（五定必填）").fill("办理时限不超过5个工作日")
    page.get_by_label("完成时限（五定必填）").fill("2027-06-30")
    page.get_by_role("button", name="保存").click()

    for action in ("交办", "确定五定", "开始整改"):
        page.get_by_role("button", name=action, exact=True).click()
        expect(page.locator(".alert-success")).to_contain_text(action)
    page.get_by_label("意见").fill("限时办结制度已印发执行")
    page.get_by_role("button", name="提交验收").click()
    expect(page.locator("h1")).to_contain_text("待验收")
    expect(page.get_by_role("button", name="验收通过")).to_have_count(0)  # the office cannot close it

    other = browser.new_context(locale="zh-CN")
    checker = other.new_page()
    log_in(checker, live_server.url, "checker")
    checker.goto(page.url)
    checker.get_by_label("意见").fill("经核查整改到位，同意销号")
    checker.get_by_role("button", name="验收通过").click()
    expect(checker.locator("h1")).to_contain_text("已销号")
    timeline = checker.locator("#timeline li")
    expect(timeline).to_have_count(6)
    expect(timeline.last).to_contain_text("经核查整改到位")
    guide_shot(checker, "ledger-item")
    other.close()
    item = LedgerItem.objects.get()
    assert item.status == ItemStatus.CLOSED
    assert list(item.steps.values_list("by__username", flat=True)) == ["office"] * 5 + ["checker"]
