"""A 常委 asks for leave from a 常委会议's page; the 主席 approves it from 我的会议."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lvzhi.accounts.models import RoleAssignment
from lvzhi.core.roles import Role
from lvzhi.meetings import services
from lvzhi.meetings.models import LeaveRequest
from tests import factories
from tests.browser.conftest import log_in
from tests.meetings.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_asks_for_leave_and_the_chair_approves(page: Page, live_server, committee):
    chair = factories.make_member(committee, name="赵主席", position="chair", political="01").person
    chair_user = factories.user_with_role(committee, Role.LEADER, username="zhaozx", person=chair)
    RoleAssignment.objects.create(user=chair_user, committee=committee, role=Role.MEMBER)
    me = factories.make_member(committee, name="钱常委", position="standing").person
    factories.user_with_role(committee, Role.MEMBER, username="qiancw", person=me)
    meeting = make_meeting(committee, days=5)
    services.meeting_notify(meeting=meeting)

    log_in(page, live_server.url, "qiancw")
    page.goto(f"{live_server.url}/c/{committee.code}/committee-meetings/mine/")
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_label("请假事由").fill("赴省城参加业务培训")
    page.get_by_role("button", name="提交请假").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交请假申请")
    expect(page.locator("#my-invitation")).to_contain_text("请假待审批")

    page.context.clear_cookies()
    log_in(page, live_server.url, "zhaozx")
    page.goto(f"{live_server.url}/c/{committee.code}/committee-meetings/mine/")
    expect(page.locator("#to-decide")).to_contain_text("钱常委")
    page.get_by_label("钱常委 审批意见").fill("同意，请做好工作交接")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已批准请假")
    leave = LeaveRequest.objects.get()
    assert (leave.status, leave.decision_note, leave.decided_by_id) == (
        "approved",
        "同意，请做好工作交接",
        chair_user.pk,
    )

    page.context.clear_cookies()
    log_in(page, live_server.url, "qiancw")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.locator("#my-invitation")).to_contain_text("已请假")
    expect(page.locator("#my-invitation")).to_contain_text("同意，请做好工作交接")
