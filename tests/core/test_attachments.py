"""Attachments: checked on the way in, and served only to those who may read the record."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from lvzhi.core.models import Attachment
from lvzhi.rules.choices import RegulationKind
from lvzhi.rules.services import regulation_create

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes = b"%PDF-1.4 x"):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_files_attach_to_a_regulation_and_reach_only_its_readers(client, committee, staff, leader, outsider):
    regulation = regulation_create(
        committee=committee,
        data={"kind": RegulationKind.RULE, "title": "委员管理办法", "issued_on": date(2026, 1, 1)},
    )
    url = regulation.get_absolute_url()
    client.force_login(leader)
    assert client.post(url, {"action": "attach", "file": upload("a.pdf")}).status_code == 403
    client.force_login(staff)
    client.post(url, {"action": "attach", "file": upload("../../etc/原件<1>.pdf")})
    refused = client.post(url, {"action": "attach", "file": upload("run.exe", b"MZ")}, follow=True)
    assert "不支持的文件类型" in refused.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.name == "原件_1_.pdf"
    download = reverse("core:attachment", kwargs={"pk": attachment.pk})
    assert f'href="{download}"' in client.get(url).content.decode()
    client.force_login(leader)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    client.force_login(outsider)
    assert client.get(download).status_code == 404


def test_files_attach_to_a_meeting(client, committee, economy_branch, staff):
    from lvzhi.party.choices import MeetingKind
    from lvzhi.party.services import meeting_record

    meeting = meeting_record(
        branch=economy_branch,
        kind=MeetingKind.LECTURE,
        held_on=date(2026, 3, 1),
        topic="党课",
        today=date(2026, 3, 1),
    )
    client.force_login(staff)
    client.post(meeting.get_absolute_url(), {"action": "attach", "file": upload("照片.jpg", b"\xff\xd8\xff")})
    assert Attachment.objects.get().name == "照片.jpg"
    assert "照片.jpg" in client.get(meeting.get_absolute_url()).content.decode()
