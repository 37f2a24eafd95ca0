"""GB/T 9704 documents: page, type, page numbers and tables, read back from the .docx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from lvzhi.core.documents import DocTable, official_document

pytestmark = pytest.mark.documents


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
        issuer="政协商洛市商州区委员会",
        date=date(2026, 11, 25),
        **kwargs,
    )
    return Document(io.BytesIO(data))


def test_it_lays_out_the_page_and_type_of_the_standard():
    doc = build()
    first = doc.sections[0]
    assert mm(first.page_width, first.page_height) == [210, 297]
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == [
        37,
        35,
        28,
        26,
    ]
    paragraphs = [p for p in doc.paragraphs if p.text]
    title, level1, level2, body = paragraphs[:4]
    assert (east_asian(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert (east_asian(level1.runs[0]), level1.runs[0].font.size) == ("黑体", Pt(16))
    assert east_asian(level2.runs[0]) == "楷体_GB2312"
    assert (east_asian(body.runs[0]), body.paragraph_format.first_line_indent) == ("仿宋_GB2312", Pt(32))
    assert body.paragraph_format.line_spacing == Pt(28)
    assert [p.text for p in paragraphs[-2:]] == ["政协商洛市商州区委员会", "2026年11月25日"]


def test_it_numbers_pages_odd_right_even_left_and_repeats_table_headers():
    doc = build()
    xml = doc.sections[0].footer._element.xml
    assert "PAGE" in xml
    assert "— " in xml
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    assert "PAGE" in doc.sections[0].even_page_footer._element.xml
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["1", "甲"]
    assert mm(doc.sections[1].page_width) == [297]  # the table's section is landscape
    assert mm(doc.sections[-1].page_width) == [210]


def test_hostile_text_is_written_as_text():
    data = official_document(title="<w:p>&标题", body=["正文\x00\x07带控制字符 & <b>"], issuer="", date=None)
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts == ["<w:p>&标题", "正文带控制字符 & <b>"]
