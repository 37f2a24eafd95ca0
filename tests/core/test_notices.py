"""Notices leave the app through e-mail (a real SMTP conversation with a local server) and an HTTP
gateway (a local server that checks the signature); every copy is recorded, a failing channel stops
no other, and a member's own choice narrows the channels."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from lvzhi.core.gateways import sign
from lvzhi.core.models import NoticeDelivery, Notification
from lvzhi.core.notifications import channels_for, delivery_send, notify, preference_set

pytestmark = pytest.mark.django_db

SMTP_PORT = 8581
HTTP_PORT = 8582
SECRET = "gateway-shared-secret"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", SMTP_PORT
    try:
        yield inbox
    finally:
        controller.stop()


class Gateway:
    """A local SMS gateway: records each call, answers with ``status``."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.status = 200

    def serve(self) -> ThreadingHTTPServer:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.calls.append({"headers": dict(self.headers), "raw": raw, "json": json.loads(raw)})
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b"{}" if gateway.status < 400 else "配额已用完".encode())

            def log_message(self, *args: Any) -> None:
                pass

        return ThreadingHTTPServer(("127.0.0.1", HTTP_PORT), Handler)


@pytest.fixture
def sms(settings) -> Iterator[Gateway]:
    gateway = Gateway()
    server = gateway.serve()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LVZHI_NOTICE_GATEWAYS = {
        "sms": {
            "URL": f"http://127.0.0.1:{HTTP_PORT}/send",
            "SECRET": SECRET,
            "TOKEN": "t0ken",
            "ADDRESS": "mobile",
        }
    }
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def member_with_addresses(member_user):
    member_user.email = "wang@example.org"
    member_user.save()
    member_user.person.mobile = "13912345678"
    member_user.person.save()
    return member_user


def test_it_sends_a_meeting_notice_by_email_and_sms_and_records_both(
    settings, committee, member_with_addresses, smtp, sms, django_capture_on_commit_callbacks
):
    settings.LVZHI_NOTICE_CHANNELS = {"*": ["app"], "meeting": ["app", "email", "sms"]}
    settings.LVZHI_SITE_URL = "https://lvzhi.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify(
            users=[member_with_addresses],
            committee=committee,
            key="meetings.notice.1",
            kind="meeting",
            text="会议通知：常委会议，2026年5月8日 09:00在三楼会议室召开。",
            url="/c/county/committee-meetings/1/",
            links={member_with_addresses.pk: "https://lvzhi.example.gov.cn/r/abc"},
        )
    assert sent == 1
    assert Notification.objects.filter(user=member_with_addresses).count() == 1  # in the app
    [(rcpt, mail)] = smtp.messages
    assert rcpt == ["wang@example.org"]
    assert str(mail["Subject"]).strip().startswith("[履职] 会议通知：常委会议")
    content = mail.get_content()
    assert "https://lvzhi.example.gov.cn/c/county/committee-meetings/1/" in content
    assert "https://lvzhi.example.gov.cn/r/abc" in content
    [call] = sms.calls
    assert call["json"]["to"] == "13912345678"
    assert call["json"]["channel"] == "sms"
    assert "常委会议" in call["json"]["text"]
    headers = call["headers"]
    assert headers["Authorization"] == "Bearer t0ken"
    assert headers["X-Lvzhi-Signature"] == "sha256=" + sign(SECRET, headers["X-Lvzhi-Timestamp"], call["raw"])
    statuses = dict(NoticeDelivery.objects.values_list("channel", "status"))
    assert statuses == {"email": "sent", "sms": "sent"}


def test_a_failing_gateway_is_recorded_and_does_not_stop_email(
    settings, committee, member_with_addresses, smtp, sms, django_capture_on_commit_callbacks
):
    settings.LVZHI_NOTICE_CHANNELS = {"*": ["app", "sms", "email"]}
    sms.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[member_with_addresses], committee=committee, key="k", text="学习活动通知")
    failed = NoticeDelivery.objects.get(channel="sms")
    assert failed.status == "failed"
    assert "503" in failed.reason
    assert "配额已用完" in failed.reason
    assert NoticeDelivery.objects.get(channel="email").status == "sent"
    assert len(smtp.messages) == 1
    sms.status = 200  # a later job retries the failed copy with the same function
    assert delivery_send(failed.pk) == "sent"
    failed.refresh_from_db()
    assert (failed.status, failed.reason, failed.attempts) == ("sent", "", 2)


def test_an_unreachable_smtp_server_and_a_missing_address_are_failures_with_reasons(
    settings, committee, member_user, staff, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 8583, 2  # nothing listens
    settings.LVZHI_NOTICE_CHANNELS = {"*": ["app", "email", "wecom"]}
    staff.email = "staff@example.org"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(users=[staff, member_user], committee=committee, key="k", text="通知") == 2
    rows = {
        (d.notification.user_id, d.channel): d for d in NoticeDelivery.objects.select_related("notification")
    }
    assert rows[(staff.pk, "email")].status == "failed"
    assert rows[(staff.pk, "email")].reason.startswith("邮件发送失败")
    assert rows[(member_user.pk, "email")].reason == "未登记接收地址"
    assert rows[(staff.pk, "wecom")].reason == "未配置「wecom」发送渠道"
    assert Notification.objects.count() == 2  # the app copies stand


def test_a_member_narrows_the_channels_per_kind_but_keeps_the_app(settings, member_user):
    settings.LVZHI_NOTICE_CHANNELS = {"*": ["app", "email"], "meeting": ["app", "email", "sms"]}
    assert channels_for(member_user, "meeting") == ["app", "email", "sms"]
    preference_set(user=member_user, kind="meeting", channels=["sms", "fax"])
    preference_set(user=member_user, kind="*", channels=[])
    assert channels_for(member_user, "meeting") == ["app", "sms"]  # "fax" is not offered
    assert channels_for(member_user, "reminder") == ["app"]


def test_a_member_chooses_channels_on_their_own_settings_page(client, settings, member_user, staff):
    from django.urls import reverse

    settings.LVZHI_NOTICE_CHANNELS = {"meeting": ["app", "email", "sms"], "*": ["app"]}
    url = reverse("core:notification_settings")
    assert client.get(url).status_code == 302  # login first
    client.force_login(member_user)
    page = client.get(url).content.decode()
    assert 'name="channels-meeting" value="sms"' in page
    assert 'name="channels-*"' not in page  # nothing to choose for other kinds
    client.post(url, {"channels-meeting": ["sms"]})
    assert channels_for(member_user, "meeting") == ["app", "sms"]
    assert channels_for(member_user, "other") == ["app"]
    assert channels_for(staff, "meeting") == ["app", "email", "sms"]  # another user's choice is untouched


def test_notify_writes_in_a_constant_number_of_queries(settings, committee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.core.roles import Role
    from tests import factories

    settings.LVZHI_NOTICE_CHANNELS = {"*": ["app", "email", "sms"]}
    settings.LVZHI_NOTICE_GATEWAYS = {"sms": {"URL": f"http://127.0.0.1:{HTTP_PORT}/", "ADDRESS": "mobile"}}
    users = [
        factories.user_with_role(
            committee,
            Role.MEMBER,
            username=f"u{n}",
            email=f"u{n}@example.org",
            person=factories.make_member(committee, mobile=f"139{n:08d}").person if n % 2 else None,
        )
        for n in range(30)
    ]
    counts = []
    for key, group in (("few", users[:3]), ("many", users)):
        with CaptureQueriesContext(connection) as queries:
            notify(users=group, committee=committee, key=key, text="通知")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    many = NoticeDelivery.objects.filter(notification__key="many")
    assert many.count() == 60  # e-mail and SMS each
    assert many.filter(channel="sms").exclude(address="").count() == 15  # those with a mobile
