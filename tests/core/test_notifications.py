"""Notifications are one user's own: sent once per key, read and marked only by their user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lvzhi.core.models import Notification
from lvzhi.core.notifications import notify

pytestmark = pytest.mark.django_db


def test_a_notification_is_sent_once_and_only_its_user_sees_or_marks_it(client, committee, staff, outsider):
    assert notify(users=[staff], committee=committee, key="k1", text="<b>提醒</b>", url="/x") == 1
    assert notify(users=[staff], committee=committee, key="k1", text="<b>提醒</b>") == 0
    mine = Notification.objects.get()
    client.force_login(outsider)
    assert "提醒" not in client.get(reverse("core:notifications")).content.decode()
    client.post(reverse("core:notifications"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(staff)
    page = client.get(reverse("reports:dashboard", kwargs={"committee": committee.code})).content.decode()
    assert '1<span class="visually-hidden">条未读' in page
    body = client.get(reverse("core:notifications")).content.decode()
    assert "&lt;b&gt;提醒&lt;/b&gt;" in body
    client.post(reverse("core:notifications"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
