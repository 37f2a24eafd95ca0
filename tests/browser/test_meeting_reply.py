"""A 常委 opens the reply link from the notice's e-mail, logs in, and asks for leave; the office sees it in
the meeting's list, waiting for approval."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lvzhi.core.roles import Role
from lvzhi.meetings import services
from tests import factories
from tests.browser.conftest import log_in
from tests.meetings.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_asks_for_leave_from_the_email_link(
    page: Page, live_server, committee, settings, mailoutbox
):
    settings.LVZHI_NOTICE_CHANNELS = {"meeting": ["app", "email"]}
    settings.LVZHI_SITE_URL = live_server.url
    me = factories.make_member(committee, name="钱常委", position="standing").person
    factories.user_with_role(committee, Role.MEMBER, username="qiancw", person=me, email="qian@example.org")
    factories.user_with_role(committee, Role.STAFF, username="huiwu")
    meeting = make_meeting(committee, days=5)
    services.meeting_notify(meeting=meeting)  # no surrounding transaction here: the mail goes at once
    [mail] = [m for m in mailoutbox if m.to == ["qian@example.org"]]
    link = re.search(r"http://\S+/reply/\S+/", mail.body).group(0)

    page.goto(link)
    page.get_by_label("用户名").fill("qiancw")
    page.get_by_label("密码").fill("Test@Pass2026")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#reply")).to_contain_text(meeting.title)
    page.get_by_label("请假事由").fill("赴省城参加业务培训")
    page.get_by_role("button", name="请假").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交请假申请")
    expect(page.locator("#my-invitation")).to_contain_text("请假待审批")

    page.context.clear_cookies()
    log_in(page, live_server.url, "huiwu")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    row = page.locator("#invitees tr", has_text="钱常委")
    expect(row).to_contain_text("请假")
    expect(row).to_contain_text("请假待审批")
    expect(row).to_contain_text("赴省城参加业务培训")
