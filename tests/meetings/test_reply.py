"""回执: an invitee answers the notice (参加 / 请假 with a reason) in the app or from the signed link in
the e-mail; a 请假 answer is a leave request awaiting approval in the meeting's list. Stale, forged and
borrowed links are refused with a message in Chinese."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.models import NoticeDelivery
from lvzhi.meetings import services
from lvzhi.meetings.choices import LeaveStatus, ReplyChoice
from lvzhi.meetings.models import Invitee, LeaveRequest
from lvzhi.meetings.reply_links import reply_link, reply_token
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://lvzhi\.example\.gov\.cn\S+/reply/\S+/")


@pytest.fixture
def emailed(
    settings,
    committee,
    standing_meeting,
    standing_member,
    staff,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The notice went out by e-mail to the 常委 (who has an address); returns the link it carried."""
    settings.LVZHI_NOTICE_CHANNELS = {"meeting": ["app", "email"]}
    settings.LVZHI_SITE_URL = "https://lvzhi.example.gov.cn"
    standing_member.email = "qian@example.org"
    standing_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_notify(meeting=standing_meeting, by=staff)
    [mail] = [m for m in mailoutbox if m.to == ["qian@example.org"]]
    assert NoticeDelivery.objects.get(address="qian@example.org").status == "sent"
    return LINK.search(mail.body).group(0)


def _path(link: str) -> str:
    return link.removeprefix("https://lvzhi.example.gov.cn")


def test_a_leave_answer_from_the_email_link_waits_for_approval_in_the_meetings_list(
    client, emailed, standing_meeting, standing_member, staff
):
    path = _path(emailed)
    login = client.get(path)
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("accounts:login"))  # the link works after login
    client.force_login(standing_member)
    page = client.get(path).content.decode()
    assert standing_meeting.title in page
    response = client.post(path, {"answer": "leave", "reason": "赴省里参加培训"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(meeting=standing_meeting, person=standing_member.person)
    assert (leave.status, leave.reason) == (LeaveStatus.PENDING, "赴省里参加培训")
    assert (
        Invitee.objects.get(meeting=standing_meeting, person=standing_member.person).reply
        == ReplyChoice.LEAVE
    )
    client.force_login(staff)
    listing = client.get(standing_meeting.get_absolute_url()).content.decode()
    assert "请假待审批" in listing
    assert "赴省里参加培训" in listing
    services.leave_approve(leave=leave, by=staff)
    assert "已请假" in client.get(standing_meeting.get_absolute_url()).content.decode()


def test_an_attend_answer_from_the_link_lands_in_the_list(
    client, emailed, standing_meeting, standing_member, staff
):
    client.force_login(standing_member)
    client.post(_path(emailed), {"answer": "attend"})
    invitee = Invitee.objects.get(meeting=standing_meeting, person=standing_member.person)
    assert invitee.reply == ReplyChoice.ATTEND
    assert invitee.replied_at is not None
    client.force_login(staff)
    rows = client.get(standing_meeting.get_absolute_url()).content.decode()
    row = re.search(r"<td>钱常委</td>.*?</tr>", rows, re.S).group(0)
    assert "<td>参加</td>" in row


def test_answering_attend_in_the_app_withdraws_a_pending_leave(client, standing_meeting, standing_member):
    client.force_login(standing_member)
    client.post(
        reverse(
            "meetings:leave", kwargs={"committee": standing_meeting.committee.code, "pk": standing_meeting.pk}
        ),
        {"reason": "出差"},
    )
    assert LeaveRequest.objects.filter(meeting=standing_meeting).count() == 1
    detail = client.get(standing_meeting.get_absolute_url()).content.decode()
    assert 'name="answer" value="attend"' in detail
    client.post(
        reverse(
            "meetings:reply", kwargs={"committee": standing_meeting.committee.code, "pk": standing_meeting.pk}
        ),
        {"answer": "attend"},
    )
    assert not LeaveRequest.objects.filter(meeting=standing_meeting).exists()
    assert (
        Invitee.objects.get(meeting=standing_meeting, person=standing_member.person).reply
        == ReplyChoice.ATTEND
    )


def test_a_forged_link_is_refused_in_chinese(client, emailed, standing_meeting, standing_member):
    client.force_login(standing_member)
    token = reply_token(standing_meeting.pk, standing_member.person_id)
    forged = (
        reply_token(standing_meeting.pk, standing_member.person_id + 1).split(":")[0]
        + ":"
        + token.split(":", 1)[1]
    )
    for bad in (forged, token[:-3], "abc"):
        url = reverse(
            "meetings:reply_link", kwargs={"committee": standing_meeting.committee.code, "token": bad}
        )
        response = client.post(url, {"answer": "attend"})
        assert response.status_code == 400
        assert "该回执链接无效" in response.content.decode()
    assert Invitee.objects.get(meeting=standing_meeting, person=standing_member.person).reply == ""


def test_a_stale_link_is_refused_in_chinese(client, settings, standing_meeting, standing_member):
    settings.LVZHI_REPLY_LINK_DAYS = 3
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 4 * 86400):
        old = reply_link(standing_meeting, standing_member.person_id)
    client.force_login(standing_member)
    response = client.get(old)
    assert response.status_code == 400
    assert "该回执链接已过期" in response.content.decode()


def test_a_link_is_dead_once_the_meeting_has_started(client, committee, staff, standing_member):
    started = make_meeting(
        committee,
        by=staff,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    client.force_login(standing_member)
    response = client.post(
        reply_link(started, standing_member.person_id), {"answer": "leave", "reason": "病假"}
    )
    assert response.status_code == 410
    assert "会议已开始" in response.content.decode()
    assert not LeaveRequest.objects.filter(meeting=started).exists()


def test_another_member_and_an_outsider_cannot_use_someone_elses_link(
    client, emailed, standing_meeting, chair, outsider, standing_member
):
    for intruder in (chair, outsider):  # chair: another invitee of the same meeting
        client.force_login(intruder)
        response = client.post(_path(emailed), {"answer": "leave", "reason": "代为请假"})
        assert response.status_code == 403
        body = response.content.decode()
        assert "发给其他参会人员" in body
        assert standing_meeting.title not in body
    assert not LeaveRequest.objects.filter(meeting=standing_meeting).exists()
    assert Invitee.objects.get(meeting=standing_meeting, person=standing_member.person).reply == ""


def test_an_outsider_cannot_answer_in_the_app(client, standing_meeting, outsider):
    client.force_login(outsider)
    url = reverse(
        "meetings:reply", kwargs={"committee": standing_meeting.committee.code, "pk": standing_meeting.pk}
    )
    assert client.post(url, {"answer": "attend"}).status_code == 404


def test_the_office_sees_which_copies_of_the_notice_failed_and_why(
    client, emailed, standing_meeting, staff, standing_member
):
    client.force_login(staff)
    page = client.get(standing_meeting.get_absolute_url()).content.decode()
    section = re.search(r'<div class="small mt-2" id="deliveries">.*?</div>', page, re.S).group(0)
    assert "电子邮件 已发送 1，失败" in section
    assert "赵主席" in section  # the chair has no e-mail address
    assert "未登记接收地址" in section
    client.force_login(standing_member)  # an invitee, not the office: no delivery report
    invitee_page = client.get(standing_meeting.get_absolute_url())
    assert invitee_page.status_code == 200
    assert 'id="deliveries"' not in invitee_page.content.decode()
