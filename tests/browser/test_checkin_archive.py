"""On a phone: a 常委 scans the 常委会议's QR code, logs in, checks in once; the attendance is in their
archive, where they appeal another record — and nothing changes until staff approve it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from lvzhi.core import checkin
from lvzhi.core.roles import Role
from lvzhi.duty.models import Appeal, DutyRecord
from lvzhi.meetings import services
from tests import factories
from tests.meetings.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_member_checks_in_on_a_phone_and_finds_it_in_the_archive(browser: Browser, live_server, committee):
    me = factories.make_member(committee, name="钱常委", position="standing").person
    factories.user_with_role(committee, Role.MEMBER, username="qiancw", person=me)
    staff = factories.user_with_role(committee, Role.STAFF, username="office")
    now = timezone.now()
    meeting = make_meeting(
        committee,
        by=staff,
        title="政协测试区第十五届委员会第十八次常委会议",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
    )
    earlier = make_meeting(
        committee,
        by=staff,
        title="政协测试区第十五届委员会第十七次常委会议",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40) + timedelta(hours=3),
    )
    services.attendance_set(meeting=earlier, person=me, status="absent", by=staff)
    services.meeting_mark_held(meeting=earlier, by=staff)

    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    link = f"{live_server.url}{checkin.url(committee, 'committee-meeting', meeting.pk)}"
    page.goto(link)  # the QR code's link: the login page first, then back
    page.get_by_label("用户名").fill("qiancw")
    page.get_by_label("密码").fill("Test@Pass2026")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
    button = page.get_by_role("button", name="签到")
    assert button.bounding_box()["height"] >= 44  # a touch target
    button.click()
    expect(page.locator("#checked-in")).to_contain_text("已签到")
    page.goto(link)  # once only: no second button
    expect(page.locator("#checked-in")).to_be_visible()
    expect(page.get_by_role("button", name="签到")).to_have_count(0)
    assert meeting.invitees.get(person=me).attendance == "present"

    page.goto(f"{live_server.url}/c/{committee.code}/archive/")
    attended = DutyRecord.objects.get(person=me, kind="meetings.attended")
    expect(page.locator(f"#record-{attended.pk}")).to_contain_text(meeting.title)
    absent = DutyRecord.objects.get(person=me, kind="meetings.absent")
    row = page.locator(f"#record-{absent.pk}")
    expect(row).to_contain_text("未请假")
    row.locator("summary", has_text="申诉").click()
    row.get_by_label("申诉事项").select_option("present")
    row.get_by_label("申诉理由").fill("本人到会，签到表可查")
    row.get_by_role("button", name="提交申诉").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交申诉")
    expect(page.locator(f"#record-{absent.pk}")).to_contain_text("申诉待处理")
    assert Appeal.objects.get().status == "pending"
    assert DutyRecord.objects.get(pk=absent.pk).state == "counted"  # nothing changed yet
    context.close()
