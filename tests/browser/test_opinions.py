"""A 社情民意信息 from the member's draft through 采用, 报送 and a leader's 批示 by the office, and the member
reading what became of it — two people, two browser contexts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lvzhi.core.roles import Role
from lvzhi.opinions.choices import Status
from lvzhi.opinions.models import Opinion
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_piece_from_draft_to_instruction(page: Page, browser: Browser, live_server, committee):
    factories.user_with_role(committee, Role.STAFF, username="office")
    person = factories.make_member(committee, name="王建国").person
    factories.user_with_role(committee, Role.MEMBER, person=person, username="wjg")
    base = live_server.url

    log_in(page, base, "wjg")
    page.goto(f"{base}/c/{committee.code}/opinions/")
    page.get_by_role("link", name="撰写信息").click()
    page.get_by_label("标题").fill("城区电动自行车充电安全隐患亟待治理")
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("正文（情况、分析、建议）").fill(
        "一、基本情况：飞线充电普遍。二、建议：建设集中充电设施。"
    )
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#status")).to_have_text("草稿")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("#status")).to_have_text("已提交")
    opinion = Opinion.objects.get()

    office = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    office.set_default_timeout(15_000)
    log_in(office, base, "office")
    office.goto(f"{base}{opinion.get_absolute_url()}")
    office.get_by_role("button", name="受理编辑").click()
    expect(office.locator("#status")).to_have_text("编辑中")
    office.get_by_label("刊物期号").fill("《社情民意》2026年第12期")
    office.locator("#adopt-form").get_by_role("button", name="采用").click()
    expect(office.locator("#status")).to_have_text("已采用")
    office.get_by_label("报送对象").select_option(label="同级党委")
    office.get_by_label("接收单位").fill("区委办公室")
    office.get_by_role("button", name="登记报送").click()
    expect(office.locator("#status")).to_have_text("已报送")
    office.locator("#instruct-form [name=leader]").fill("区委书记")
    office.get_by_label("批示内容摘要").fill("请住建局牵头研究解决。")
    office.get_by_role("button", name="登记批示").click()
    expect(office.locator("#instructions")).to_contain_text("区委书记")

    page.goto(f"{base}{opinion.get_absolute_url()}")
    expect(page.locator("#adopted")).to_contain_text("《社情民意》2026年第12期")
    expect(page.locator("#instructions")).to_contain_text("请住建局牵头研究解决。")
    expect(page.locator("#actions")).to_have_count(0)
    assert Opinion.objects.get().status == Status.REPORTED
