"""The archive as PDF (WeasyPrint with Noto CJK) and as .docx, read back with poppler and python-docx."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from tests.duty.conftest import PRESENT, study_day

pytestmark = [pytest.mark.documents, pytest.mark.django_db]


@pytest.fixture
def archive_owner(client, committee, member, member_user, two_versions):
    """Records from two modules: a study session and a sector's service activity (the words of each must
    come back out of the PDF)."""
    from lvzhi.service import services as service
    from lvzhi.service.choices import ActivityKind

    study_day(committee, date(2025, 9, 1), {member.person_id: PRESENT}, topic="学习中央政协工作会议精神")
    service.activity_create(
        committee=committee,
        data={
            "title": "关爱留守老人义务理发进社区",
            "kind": ActivityKind.HAIRCUT,
            "held_on": date(2025, 10, 9),
            "place": "刘湾街道办事处",
            "beneficiaries": 86,
        },
        participants=[member.person],
    )
    client.force_login(member_user)
    return member


def test_the_pdf_embeds_cjk_fonts_and_its_chinese_text_extracts(client, committee, archive_owner, tmp_path):
    response = client.get(reverse("duty:archive_pdf", args=[committee.code, archive_owner.person_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "archive.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk)  # the "emb" column: embedded
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "王建国履职档案",
        "学习中央政协工作会议精神",
        "参加理论学习",
        "关爱留守老人义务理发进社区",
        "参加界别服务活动",
        "得分",
        "测试区政协",
    ):
        assert words in "".join(text.split())  # a long cell may wrap onto the next line
    assert "\ufffd" not in text  # no glyph fell back to the replacement character


def test_the_pdf_has_no_missing_glyphs(client, committee, archive_owner, tmp_path):
    """Every character is drawn from a font that has it: pdftotext gives back exactly the page's words."""
    pdf = tmp_path / "archive.pdf"
    pdf.write_bytes(
        client.get(reverse("duty:archive_pdf", args=[committee.code, archive_owner.person_id])).content
    )
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto" in fonts
    assert not any(name in fonts for name in ("LastResort", "DejaVu", ".notdef"))
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "一、基本信息" in raw
    assert "二、履职情况" in raw


def test_the_docx_opens_and_holds_the_members_name(client, committee, archive_owner):
    response = client.get(reverse("duty:archive_docx", args=[committee.code, archive_owner.person_id]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "王建国履职档案" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("学习中央政协工作会议精神" in c for c in cells)


def test_a_standing_members_report_is_filed_in_the_docx_and_the_pdf(
    client, committee, standing_member, standing_user, staff, tmp_path
):
    from lvzhi.duty import services

    report = services.report_save(
        person=standing_member.person,
        year=2025,
        text="一年来认真参加常委会议，提交提案三件。",
        by=standing_user,
    )
    services.report_mark_submitted(report=report, by=staff)
    client.force_login(standing_user)
    docx = client.get(reverse("duty:archive_docx", args=[committee.code, standing_member.person_id]))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "三、常委年度履职报告" in paragraphs
    assert "一年来认真参加常委会议，提交提案三件。" in paragraphs
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        client.get(reverse("duty:archive_pdf", args=[committee.code, standing_member.person_id])).content
    )
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    assert "提交提案三件" in "".join(text.stdout.split())
