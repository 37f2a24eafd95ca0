"""GB/T 9704 documents: page, type, page numbers and tables, read back from the .docx."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from lvzhi.core.documents import DocTable, DocumentLayout, official_document

pytestmark = pytest.mark.documents
ISSUER = "政协商洛市商州区委员会"


def mm(*lengths):
    return [round(length.mm, 1) for length in lengths]


def east_asian(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def build(**kwargs):
    data = official_document(
        title="关于作风建设专项行动整改情况的报告",
        body=[
            "一、总体情况",
            "（一）问题排查",
            "正文第一段。",
            DocTable(["序号", "问题"], [["1", "甲"], ["2", "乙"]], caption="问题清单", landscape=True),
        ],
        issuer=ISSUER,
        number="商政协发〔2026〕3号",
        date=date(2026, 11, 25),
        **kwargs,
    )
    return Document(io.BytesIO(data))


def text_paragraphs(doc):
    return [p for p in doc.paragraphs if p.text]


def test_it_lays_out_the_page_grid_and_type_of_the_standard():
    doc = build()
    first = doc.sections[0]
    assert mm(first.page_width, first.page_height) == [210, 297]
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == [
        37,
        35,
        28,
        26,
    ]
    grid = first._sectPr.find(qn("w:docGrid"))
    # 22 lines in 225 mm: 28.99 pt = 579 twips; 28 characters in 156 mm: 15.79 pt, 0.21 pt under 3号
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("linesAndChars", "579")
    assert -860 < int(grid.get(qn("w:charSpace"))) < -830
    number, title, level1, level2, body = text_paragraphs(doc)[:5]
    assert (number.text, number.alignment) == ("商政协发〔2026〕3号", WD_ALIGN_PARAGRAPH.CENTER)
    assert (east_asian(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (east_asian(level1.runs[0]), level1.runs[0].font.size) == ("黑体", Pt(16))
    assert (east_asian(level2.runs[0]), level2.runs[0].font.size) == ("楷体_GB2312", Pt(16))
    run = body.runs[0]
    assert (east_asian(run), run.font.size, run.font.name) == ("仿宋_GB2312", Pt(16), "Times New Roman")
    assert body.paragraph_format.first_line_indent == Pt(32)  # 首行缩进二字
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28)
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None  # the theme would win


def test_the_issuer_is_centred_over_the_date_in_arabic_numerals_four_characters_in():
    doc = build()
    issuer, dated = text_paragraphs(doc)[-2:]
    assert (issuer.text, dated.text) == (ISSUER, "2026年11月25日")
    assert issuer.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert dated.paragraph_format.right_indent == Pt(64)  # 右空四字
    short = Document(io.BytesIO(official_document(title="题", issuer="区政协", date=date(2026, 1, 5))))
    issuer, dated = text_paragraphs(short)[-2:]
    # "2026年1月5日" is 6 characters wide (half-width digits), "区政协" 3: centred, the name 1.5 characters further in
    assert issuer.paragraph_format.right_indent == Pt(64 + 1.5 * 16)


def test_page_numbers_are_4hao_dashed_odd_right_even_left_below_the_type_area():
    doc = build()
    section = doc.sections[0]
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    assert (odd.paragraph_format.right_indent, even.paragraph_format.left_indent) == (Pt(14), Pt(14))
    for paragraph in (odd, even):
        assert paragraph.text == "—  —"  # the number itself is the PAGE field between the dashes
        instr = paragraph._p.findall(f".//{qn('w:instrText')}")
        assert [i.text.strip() for i in instr] == ["PAGE"]
        assert {(r.font.size, east_asian(r)) for r in paragraph.runs} == {(Pt(14), "宋体")}
    # bottom margin 35 mm - 7 mm gap - one 4号 line (4.9 mm)
    assert mm(section.footer_distance) == [23.1]


def test_tables_repeat_their_header_row_and_wide_ones_go_landscape_without_a_blank_page():
    doc = build()
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert [c.text for c in table.rows[0].cells] == ["序号", "问题"]
    assert east_asian(table.rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"
    assert [c.text for c in table.rows[2].cells] == ["2", "乙"]
    assert len(doc.sections) == 2  # the landscape table ends the document: no portrait page after it
    assert doc.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert mm(doc.sections[1].page_width, doc.sections[1].page_height) == [297, 210]
    after = official_document(
        title="题", body=[DocTable(["甲"], [["1"]], landscape=True), "表后的正文", DocTable(["乙"], [])]
    )
    sections = Document(io.BytesIO(after)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    with pytest.raises(ValueError, match="more cells"):
        official_document(title="题", body=[DocTable(["甲"], [["1", "多出的一格"]])])


def test_each_east_asian_font_carries_a_fallback_installed_here():
    data = official_document(title="题", body=["正文"])
    fonts = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    alt = {
        f.get(f"{w}name"): f.find(f"{w}altName").get(f"{w}val")
        for f in fonts
        if f.find(f"{w}altName") is not None
    }
    layout = DocumentLayout()
    used = {
        layout.title_font,
        layout.body_font,
        layout.heading_font,
        layout.level2_font,
        layout.page_number_font,
    }
    assert used <= alt.keys()
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig is not installed")
    families = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    ).stdout
    installed = {name.strip() for line in families.splitlines() for name in line.split(",")}
    assert {alt[name] for name in used} <= installed


def test_lines_become_paragraphs_and_attachments_are_listed():
    data = official_document(title="题", body=["第一条　甲。\n\n第二条　乙。"], attachments=["名单", "方案"])
    texts = [p.text for p in text_paragraphs(Document(io.BytesIO(data)))]
    assert texts == ["题", "第一条　甲。", "第二条　乙。", "附件：1. 名单", "2. 方案"]


HOSTILE = "<w:p>&amp;\"'\x00\x07\x1b\ud800\uffff]]><!--"


def test_hostile_text_is_written_as_text():
    data = official_document(
        title="<w:p>&标题",
        body=["正文\x00\x07带控制字符 & <b>", DocTable([HOSTILE], [[HOSTILE]], caption=HOSTILE)],
        issuer=HOSTILE,
        number=HOSTILE,
        attachments=[HOSTILE],
    )
    doc = Document(io.BytesIO(data))
    clean = "<w:p>&amp;\"']]><!--"
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts == [clean, "<w:p>&标题", "正文带控制字符 & <b>", clean, "附件：" + clean, clean]
    assert [c.text for row in doc.tables[0].rows for c in row.cells] == [clean, clean]
    assert doc.core_properties.title == "<w:p>&标题"
