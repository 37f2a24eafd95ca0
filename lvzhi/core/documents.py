"""Official documents (.docx) in the layout of GB/T 9704-2012 《党政机关公文格式》.

The standard fixes the page (A4; margins 37/35/28/26 mm; a 156 x 225 mm type area of 22 lines of 28
characters), the type (title 2号小标宋, body 3号仿宋, level-1 headings 黑体, level-2 楷体) and the page
numbers (4号, "— 3 —", odd pages right, even pages left). What practice varies on — the concrete font
names, the exact line spacing — is in ``DocumentLayout`` (reference/domain.md §7.3).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML: dropped, never written
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass
class DocTable:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""  # a line above the table
    widths_cm: list[float] | None = None
    landscape: bool = False  # a wide ledger goes on landscape pages


@dataclass
class DocumentLayout:
    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading_font: str = "黑体"  # level 1: 一、
    level2_font: str = "楷体_GB2312"  # level 2: （一）
    latin_font: str = "Times New Roman"
    title_pt: float = 22  # 2号
    body_pt: float = 16  # 3号
    table_pt: float = 12  # 小四 in tables, so a ledger fits
    page_number_pt: float = 14  # 4号
    line_pt: float = 28  # 固定值 28 磅: 22 lines in the 225 mm type area
    margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right
    fallbacks: dict[str, str] = field(
        default_factory=lambda: {"方正小标宋简体": "Noto Serif CJK SC", "仿宋_GB2312": "Noto Serif CJK SC"}
    )


def _clean(text: str) -> str:
    return _CONTROL.sub("", str(text))


def _fonts(run: Any, east_asian: str, layout: DocumentLayout, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = layout.latin_font
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _spacing(paragraph: Any, layout: DocumentLayout, first_line_chars: int = 0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if first_line_chars:
        fmt.first_line_indent = Pt(layout.body_pt * first_line_chars)


def _page(section: Any, layout: DocumentLayout, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    top, bottom, left, right = (Mm(v) for v in layout.margins_mm)
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.top_margin, section.bottom_margin = left, right
        section.left_margin, section.right_margin = top, bottom
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
    section.footer_distance = Mm(max(layout.margins_mm[1] - 7 - 7, 10))  # the number 7 mm below the type area


def _page_number(paragraph: Any, layout: DocumentLayout) -> None:
    """ "— N —" with a PAGE field, 4号."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def text_run(text: str) -> None:
        _fonts(paragraph.add_run(text), "宋体", layout, layout.page_number_pt)

    text_run("— ")
    run = paragraph.add_run()
    _fonts(run, "宋体", layout, layout.page_number_pt)
    for kind, instr in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr or ""
        run._element.append(element)
    text_run(" —")


def _footers(section: Any, layout: DocumentLayout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        indent = Pt(layout.page_number_pt)  # 一字 from the edge
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        _page_number(paragraph, layout)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(document: Any, table: DocTable, layout: DocumentLayout) -> None:
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if table.landscape:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, layout, landscape=True)
    if table.caption:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(caption, layout)
        _fonts(caption.add_run(_clean(table.caption)), layout.heading_font, layout, layout.body_pt)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        run = cell.paragraphs[0].add_run(_clean(text))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(run, layout.heading_font, layout, layout.table_pt)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            _fonts(cell.paragraphs[0].add_run(_clean(value)), layout.body_font, layout, layout.table_pt)
    if table.widths_cm:
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths_cm, strict=False):
                cell.width = Cm(width)
    if table.landscape:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, layout, landscape=False)


def official_document(
    *,
    title: str,
    body: Sequence[str | DocTable] = (),
    issuer: str = "",
    number: str = "",
    date: date | None = None,
    layout: DocumentLayout | None = None,
) -> bytes:
    """A .docx in the GB/T 9704 layout: title, then paragraphs (一、 黑体, （一） 楷体, others 仿宋 with a
    two-character indent) and tables, then the issuer and the date (Arabic numerals) at the end."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    layout = layout or DocumentLayout()
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = layout.latin_font
    normal.font.size = Pt(layout.body_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.body_font)
    settings = document.settings.element
    even_odd = OxmlElement("w:evenAndOddHeaders")
    settings.append(even_odd)
    section = document.sections[0]
    _page(section, layout, landscape=False)
    _footers(section, layout)

    if number:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, layout)
        _fonts(p.add_run(_clean(number)), layout.body_font, layout, layout.body_pt)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_after = Pt(layout.line_pt)
    _fonts(heading.add_run(_clean(title)), layout.title_font, layout, layout.title_pt)

    for block in body:
        if isinstance(block, DocTable):
            _table(document, block, layout)
            continue
        text = _clean(block)
        p = document.add_paragraph()
        _spacing(p, layout, first_line_chars=2)
        if _LEVEL1.match(text):
            font = layout.heading_font
        elif _LEVEL2.match(text):
            font = layout.level2_font
        else:
            font = layout.body_font
        _fonts(p.add_run(text), font, layout, layout.body_pt)

    if issuer or date:
        document.add_paragraph()
        for text in (issuer, f"{date.year}年{date.month}月{date.day}日" if date else ""):
            if not text:
                continue
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(layout.body_pt * 4)  # 右空四字
            _spacing(p, layout)
            _fonts(p.add_run(_clean(text)), layout.body_font, layout, layout.body_pt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
