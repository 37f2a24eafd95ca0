"""A meeting recorded in the browser, a member checking in on a phone with its QR code's address."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lvzhi.core.roles import Role
from lvzhi.party.models import Attendance, Meeting
from tests import factories
from tests.browser.conftest import guide_shot, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_is_recorded_and_a_member_checks_in_on_a_phone(
    page: Page, browser: Browser, live_server, committee
):
    economy = factories.special_committee(committee, "经济委员会")
    branch = factories.functional_branch(committee, economy)
    member = factories.make_member(committee, name="王建国", political="01", sc=economy, branch=branch).person
    factories.make_member(committee, name="李文华", political="01", sc=economy, branch=branch)
    factories.user_with_role(committee, Role.STAFF, username="office")
    factories.user_with_role(committee, Role.MEMBER, username="wangjg", person=member)

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/c/{committee.code}/party/meetings/")
    page.get_by_role("link", name="记录组织生活").click()
    page.get_by_label("党支部").select_option(label=branch.name)
    page.get_by_label("类型").select_option(label="党课")
    page.get_by_label("召开日期").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    page.get_by_label("主题").fill("学习党章")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("学习党章")
    expect(page.locator(".qr svg")).to_be_visible()  # the QR code, drawn by the server
    checkin_url = Meeting.objects.get().checkin_token
    address = page.locator(".qr + p").inner_text()
    assert checkin_url in address

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    mobile = phone.new_page()
    mobile.goto(address)  # not logged in: the login page first, then back to the check-in
    mobile.get_by_label("用户名").fill("wangjg")
    mobile.get_by_label("密码").fill("Test@Pass2026")
    mobile.get_by_role("button", name="登录").click()
    mobile.get_by_role("button", name="签到").click()
    expect(mobile.locator("#checked-in")).to_contain_text("已签到")
    guide_shot(mobile, "checkin-phone")
    phone.close()

    page.reload()
    row = page.locator("#attendance tr", has_text="王建国")
    expect(row).to_contain_text("扫码签到")
    # The other member is ticked on the list by the office.
    page.get_by_label("李文华 出席情况").select_option(label="请假")
    page.get_by_label("李文华 缺席原因").fill("外出调研")
    page.get_by_role("button", name="保存出席情况").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存出席情况")
    assert sorted(Attendance.objects.values_list("person__name", "status", "method")) == [
        ("李文华", "excused", "list"),
        ("王建国", "present", "checkin"),
    ]
