"""Files kept with a text: uploaded by staff, served only to those who read the text, names are data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.rules.models import RegulationAttachment

pytestmark = pytest.mark.django_db


def upload_url(regulation):
    return reverse(
        "rules:attachment_upload", kwargs={"committee": regulation.committee.code, "pk": regulation.pk}
    )


def test_staff_attach_a_file_readers_download_it_and_the_name_is_shown_as_text(
    client, staff, leader, make_rule
):
    regulation = make_rule()
    client.force_login(staff)
    hostile = "<img src=x onerror=alert(1)>委员名单.pdf"
    response = client.post(upload_url(regulation), {"file": SimpleUploadedFile(hostile, b"%PDF-1.4 data")})
    assert response.status_code == 302
    attachment = RegulationAttachment.objects.get(regulation=regulation)
    assert attachment.name == hostile
    assert "<img" not in attachment.file.name  # the stored name is random
    assert AuditEvent.objects.filter(action="regulation_attachment_add").exists()
    client.force_login(leader)
    page = client.get(regulation.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;委员名单.pdf" in page
    assert "<img src=x" not in page
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 data"
    assert "attachment" in download["Content-Disposition"]


def test_a_bad_file_is_refused_and_nothing_kept(client, staff, make_rule):
    regulation = make_rule()
    client.force_login(staff)
    for name, content in (("脚本.exe", b"MZ"), ("空文件.pdf", b""), ("无后缀", b"x")):
        response = client.post(
            upload_url(regulation), {"file": SimpleUploadedFile(name, content)}, follow=True
        )
        assert response.status_code == 200
    assert not RegulationAttachment.objects.exists()


def test_removing_deletes_the_row_and_readers_cannot_upload_or_remove(client, staff, leader, make_rule):
    regulation = make_rule()
    client.force_login(staff)
    client.post(upload_url(regulation), {"file": SimpleUploadedFile("方案.docx", b"PK")})
    attachment = RegulationAttachment.objects.get()
    remove = reverse(
        "rules:attachment_remove",
        kwargs={"committee": regulation.committee.code, "pk": regulation.pk, "attachment": attachment.pk},
    )
    client.force_login(leader)
    assert client.post(upload_url(regulation), {"file": SimpleUploadedFile("a.pdf", b"x")}).status_code == 403
    assert client.post(remove).status_code == 403
    client.force_login(staff)
    assert client.post(remove).status_code == 302
    assert not RegulationAttachment.objects.exists()


def test_an_outsider_reaches_no_file(client, staff, outsider, make_rule):
    regulation = make_rule()
    client.force_login(staff)
    client.post(upload_url(regulation), {"file": SimpleUploadedFile("名单.pdf", b"%PDF")})
    attachment = RegulationAttachment.objects.get()
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.post(upload_url(regulation), {"file": SimpleUploadedFile("b.pdf", b"x")}).status_code == 404
    assert RegulationAttachment.objects.count() == 1


def test_a_member_reaches_only_the_files_of_public_texts(client, staff, member_user, make_rule):
    public, internal = make_rule("委员管理办法", is_public=True), make_rule("机关考勤制度")
    client.force_login(staff)
    for regulation in (public, internal):
        client.post(upload_url(regulation), {"file": SimpleUploadedFile("附件.pdf", b"%PDF")})
    client.force_login(member_user)
    files = {a.regulation_id: a for a in RegulationAttachment.objects.all()}
    assert client.get(files[public.pk].get_absolute_url()).status_code == 200
    assert client.get(files[internal.pk].get_absolute_url()).status_code == 404
