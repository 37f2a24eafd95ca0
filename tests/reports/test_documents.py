"""The summary as .docx (GB/T 9704, read back and converted by LibreOffice) and as PDF (fonts embedded)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from lvzhi.core.figures import Period
from lvzhi.reports.summary import build_summary
from tests import factories

pytestmark = [pytest.mark.documents, pytest.mark.django_db]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def records(committee, economy, economy_branch):
    for _i in range(3):
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    return committee


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_the_docx_has_the_grid_fonts_and_text_of_the_standard(client, staff, records, tmp_path):
    client.force_login(staff)
    response = client.get(reverse("reports:summary_docx", args=[records.code]) + "?year=2024")
    assert response.status_code == 200
    data = response.content
    document = Document(io.BytesIO(data))
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    assert -860 < int(grid.get(qn("w:charSpace"))) < -830
    paragraphs = [p for p in document.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == f"{records.name}工作综述"
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in paragraphs if p.text == "一、加强组织建设")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in paragraphs if "本届共有政协委员3名" in p.text)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    fonts = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml"))
    alt = {
        f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
        for f in fonts
        if f.find(f"{W}altName") is not None
    }
    assert alt["仿宋_GB2312"] == "Noto Serif CJK SC"
    assert alt["楷体_GB2312"] == "AR PL KaitiM GB"
    assert alt["黑体"] == "Noto Sans CJK SC"
    assert title.runs[0].font.size.pt == 22  # 二号
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # the page numbers are a PAGE field in the footer
    fields = section.footer.paragraphs[0]._p.findall(f".//{qn('w:instrText')}")
    assert any(f.text.strip() == "PAGE" for f in fields)

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make system-deps)")
    source = tmp_path / "summary.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    # LibreOffice spaces the characters out on the document grid
    text = "".join(run("pdftotext", "-enc", "UTF-8", str(tmp_path / "summary.pdf"), "-").split())
    assert f"{records.name}工作综述" in text
    assert "一、加强组织建设" in text
    assert "本届共有政协委员3名" in text
    page = run("pdfinfo", str(tmp_path / "summary.pdf"))
    assert "(A4)" in page
    # LibreOffice finds a CJK font for every named official font, and embeds it
    fonts = run("pdffonts", str(tmp_path / "summary.pdf"))
    cjk = [line for line in fonts.splitlines() if "CJK" in line or "Kaiti" in line]
    assert cjk, fonts
    assert not any(name in fonts for name in ("LastResort", "Type 3"))


def test_the_pdf_embeds_cjk_fonts_extracts_its_chinese_and_is_not_blank(client, staff, records, tmp_path):
    client.force_login(staff)
    response = client.get(reverse("reports:summary_pdf", args=[records.code]) + "?year=2024")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.content)
    fonts = run("pdffonts", str(pdf))
    cjk = [line.replace("-", " ") for line in fonts.splitlines() if "CJK" in line or "Kaiti" in line]
    assert any("Noto Serif CJK SC" in line for line in cjk), fonts
    assert any("Noto Sans CJK SC" in line for line in cjk), fonts  # 黑体 headings
    assert any("Kaiti" in line for line in cjk), fonts  # 楷体 period line
    assert all(line.split()[-5] == "yes" for line in cjk)  # embedded
    assert not any(name in fonts for name in ("LastResort", "DejaVu"))
    text = run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert f"{records.name}工作综述" in text
    assert "一、加强组织建设" in text
    assert "本届共有政协委员3名" in text.replace("\n", "")
    assert "\ufffd" not in text
    flat = re.sub(r"—\d+—", "", "".join(text.split()))  # without the page numbers between pages
    summary = build_summary(records, Period(date(2024, 1, 1), date(2024, 12, 31)))
    for line in summary.as_lines():  # every line of the summary, every glyph of it, extracts
        assert "".join(line.split()) in flat, line
    run("pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    # a PGM: header, then one byte per pixel; a page with text has dark pixels
    pixels = image.split(b"\n", 3)[3]
    dark = sum(1 for b in pixels if b < 128)
    assert dark > 100


def test_the_command_writes_docx_and_pdf(records, tmp_path):
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"s.{fmt}"
        call_command(
            "summary", "--committee", records.code, "--year", "2024", "--format", fmt, "-o", str(out)
        )
        assert out.read_bytes().startswith(magic)


def test_the_documented_font_mapping_is_the_one_the_documents_use(client, staff, records):
    """docs/summary.md's table (official font -> free font -> Debian package) is what the .docx declares
    as each font's fallback, what the PDF's style sheet falls back to, and what the set-up installs."""
    root = Path(__file__).resolve().parents[2]
    rows = re.findall(
        r"^\| (\S+?)（[^）]*） \| (.+?) \| (\S+) \|$", (root / "docs/summary.md").read_text(), re.M
    )
    assert len(rows) == 4, rows
    client.force_login(staff)
    data = client.get(reverse("reports:summary_docx", args=[records.code]) + "?year=2024").content
    fonts = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml"))
    declared = {f.get(f"{W}name"): f.find(f"{W}altName") for f in fonts}
    css = (root / "lvzhi/reports/static/reports/summary-print.css").read_text()
    makefile = (root / "Makefile").read_text()
    for official, free, package in rows:
        free = free.removesuffix(" 粗体")
        alt = declared.get(official)
        assert alt is not None, official
        assert alt.get(f"{W}val") == free, official
        assert re.search(rf'"{re.escape(official)}"[^;]*"{re.escape(free)}"', css), official
        assert package in makefile, package
