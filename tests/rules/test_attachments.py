"""A text's files (core attachments): served to those who read the text — a 委员 only for public texts."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.models import Attachment

pytestmark = pytest.mark.django_db


def attach(client, regulation, name="名单.pdf"):
    file = SimpleUploadedFile(name, b"%PDF-1.4 x")
    return client.post(regulation.get_absolute_url(), {"action": "attach", "file": file})


def download_url(regulation):
    return reverse("core:attachment", kwargs={"pk": Attachment.objects.get(object_id=regulation.pk).pk})


def test_a_member_reaches_only_the_files_of_public_texts(client, staff, member_user, make_rule):
    public, internal = make_rule("委员管理办法", is_public=True), make_rule("机关考勤制度")
    client.force_login(staff)
    for regulation in (public, internal):
        assert attach(client, regulation).status_code == 302
    client.force_login(member_user)
    assert client.get(download_url(public)).status_code == 200
    assert client.get(download_url(internal)).status_code == 404
    assert attach(client, public).status_code == 403  # reads, does not attach
    assert Attachment.objects.count() == 2


def test_an_outsider_reaches_no_file_and_attaches_nothing(client, staff, outsider, make_rule):
    regulation = make_rule()
    client.force_login(staff)
    attach(client, regulation)
    client.force_login(outsider)
    assert client.get(download_url(regulation)).status_code == 404
    assert client.get(regulation.get_absolute_url()).status_code == 404
    assert attach(client, regulation).status_code == 404
    assert Attachment.objects.count() == 1


@pytest.mark.documents
def test_the_official_document_lists_the_attachments(client, staff, make_rule):
    from docx import Document

    regulation = make_rule("实施方案", text="正文")
    client.force_login(staff)
    attach(client, regulation, "推荐书目.docx")
    attach(client, regulation, "读书小组名单.xlsx")
    response = client.get(regulation.get_absolute_url(), {"export": "docx"})
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert texts[2:4] == ["附件：1. 推荐书目", "2. 读书小组名单"]
