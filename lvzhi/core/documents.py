"""Official documents (.docx) in the layout of GB/T 9704-2012 《党政机关公文格式》.

The standard fixes the page (A4; margins 37/35/28/26 mm; a 156 x 225 mm type area of 22 lines of 28
characters), the type (title 2号小标宋, body 3号仿宋, level-1 headings 黑体, level-2 楷体) and the page
numbers (4号 半角宋体, "— 3 —", 7 mm below the type area, odd pages right and even pages left, one
character in from the edge). What practice varies on — the concrete font names, the exact line spacing,
the fallback fonts — is in ``DocumentLayout`` (reference/domain.md §7.3).

Every East-Asian font is set on the run's ``w:rFonts/@w:eastAsia`` (python-docx's ``font.name`` only sets
the Latin slots) and declared in the font table with an ``w:altName``: the fallback a machine without the
commercial fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) uses, by default Noto CJK (fonts-noto-cjk).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Not allowed in XML 1.0: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF. Dropped, never written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # the content type
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class DocTable:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""  # a line above the table
    widths_cm: list[float] | None = None
    landscape: bool = False  # a wide ledger goes on landscape pages


def _noto(family: str) -> str:
    return f"Noto {family} CJK SC"


@dataclass
class DocumentLayout:
    """The standard's values as defaults; the ones practice varies on can be changed per document."""

    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading_font: str = "黑体"  # level 1: 一、
    level2_font: str = "楷体_GB2312"  # level 2: （一）
    page_number_font: str = "宋体"  # 4号半角宋体阿拉伯数字
    latin_font: str = "Times New Roman"  # digits and Latin letters (local practice)
    title_pt: float = 22  # 2号
    body_pt: float = 16  # 3号
    table_pt: float = 12  # 小四 in tables, so a ledger fits
    page_number_pt: float = 14  # 4号
    line_pt: float = 28  # 固定值 28 磅 (practice: 26–29): 22 lines fill the 225 mm type area
    title_line_pt: float = 35  # practice: a title line of 35 磅
    lines_per_page: int = 22
    chars_per_line: int = 28
    margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right
    page_number_gap_mm: float = 7  # the number's dash line below the type area
    # font -> the one used where it is not installed (declared as the font table's w:altName)
    fallbacks: dict[str, str] = field(
        default_factory=lambda: {
            "方正小标宋简体": _noto("Serif"),
            "仿宋_GB2312": _noto("Serif"),
            "仿宋": _noto("Serif"),
            "楷体_GB2312": "AR PL KaitiM GB",  # fonts-arphic-gkai00mp
            "楷体": "AR PL KaitiM GB",
            "宋体": _noto("Serif"),
            "黑体": _noto("Sans"),
        }
    )

    @property
    def type_area_mm(self) -> tuple[float, float]:
        top, bottom, left, right = self.margins_mm
        return 210 - left - right, 297 - top - bottom


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _width(text: str) -> float:
    """Width in Chinese characters: half-width digits and Latin count a half."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—“”‘’…" else 1 for ch in text)


def _fonts(run: Any, east_asian: str, layout: DocumentLayout, size: float, latin: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = latin or layout.latin_font
    run.font.size = Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")  # “”—… take the Chinese font, not the Latin one


def _spacing(paragraph: Any, line_pt: float, first_line: float = 0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if first_line:
        fmt.first_line_indent = Pt(first_line)


def _page(section: Any, layout: DocumentLayout, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    top, bottom, left, right = (Mm(v) for v in layout.margins_mm)
    width, height = Mm(210), Mm(297)
    if landscape:  # turned a quarter: the binding edge stays the long one
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.top_margin, section.bottom_margin = left, right
        section.left_margin, section.right_margin = top, bottom
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
    section.header_distance = Mm(15)
    type_width, type_height = layout.type_area_mm
    bottom_mm = layout.margins_mm[1]
    if landscape:
        type_width, type_height = type_height, type_width
        bottom_mm = layout.margins_mm[3]
    # the number's line sits page_number_gap_mm under the type area: footer distance = bottom margin - gap
    # - one 4号 line
    number_line_mm = layout.page_number_pt * 25.4 / 72
    section.footer_distance = Mm(max(bottom_mm - layout.page_number_gap_mm - number_line_mm, 5))
    # the grid of the standard, 22 lines x 28 characters (docGrid: line pitch in twips, the character
    # pitch as the difference from the body size in 1/4096 pt)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    line_pitch_pt = type_height / layout.lines_per_page * 72 / 25.4
    char_pitch_pt = type_width / layout.chars_per_line * 72 / 25.4
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(line_pitch_pt * 20)))
    grid.set(qn("w:charSpace"), str(round((char_pitch_pt - layout.body_pt) * 4096)))


def _page_number(paragraph: Any, layout: DocumentLayout) -> None:
    """ "— N —" with a PAGE field, 4号 半角宋体."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run() -> Any:
        r = paragraph.add_run()
        font = layout.page_number_font
        _fonts(r, font, layout, layout.page_number_pt, latin=font)
        return r

    run().add_text("— ")
    field_run = run()
    for kind, instr in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
        field_run._element.append(element)
    run().add_text(" —")


def _footers(section: Any, layout: DocumentLayout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),  # odd pages: right, 一字 in
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),  # even pages: left, 一字 in
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        _spacing(paragraph, layout.page_number_pt * 1.2)
        indent = Pt(layout.page_number_pt)
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


def _cell(cell: Any, text: str, font: str, layout: DocumentLayout, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(paragraph, layout.table_pt * 1.5)
    _fonts(paragraph.add_run(_clean(text)), font, layout, layout.table_pt)


def _table(document: Any, table: DocTable, layout: DocumentLayout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    if any(len(row) > len(table.headers) for row in table.rows):
        raise ValueError("a table row has more cells than the table has headers")
    if table.caption:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(caption, layout.line_pt)
        _fonts(caption.add_run(_clean(table.caption)), layout.heading_font, layout, layout.body_pt)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        _cell(cell, text, layout.heading_font, layout, center=True)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            _cell(cell, value, layout.body_font, layout)
    if table.widths_cm:
        grid.autofit = False
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths_cm, strict=False):
                cell.width = Cm(width)


def _font_table(document: Any, layout: DocumentLayout, used: Iterable[str]) -> None:
    """Declare each East-Asian font with its fallback (w:altName) and the GB2312 charset."""
    from lxml import etree

    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    w = f"{{{WORD_NS}}}"
    for name in dict.fromkeys(used):
        for old in root.findall(f"{w}font[@{w}name='{name}']"):
            root.remove(old)
        font = etree.SubElement(root, f"{w}font", {f"{w}name": name})
        fallback = layout.fallbacks.get(name)
        if fallback:
            etree.SubElement(font, f"{w}altName", {f"{w}val": fallback})
        etree.SubElement(font, f"{w}charset", {f"{w}val": "86"})  # GB2312
        etree.SubElement(
            font, f"{w}family", {f"{w}val": "modern" if name == layout.heading_font else "roman"}
        )
        etree.SubElement(font, f"{w}pitch", {f"{w}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _defaults(document: Any, layout: DocumentLayout) -> None:
    """Document defaults: 3号仿宋, Chinese language (for 避头尾 line breaking), no paragraph spacing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is not None:
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)
            for slot in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(slot), layout.latin_font)
            fonts.set(qn("w:eastAsia"), layout.body_font)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
    normal = document.styles["Normal"]
    normal.font.name = layout.latin_font
    normal.font.size = Pt(layout.body_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.body_font)


def official_document(
    *,
    title: str,
    body: Sequence[str | DocTable] = (),
    issuer: str = "",
    number: str = "",
    date: date | None = None,
    layout: DocumentLayout | None = None,
    attachments: Sequence[str] = (),
) -> bytes:
    """A .docx in the GB/T 9704 layout: A4 with the standard's margins and 22 x 28 grid; the 文号 and the
    title (2号小标宋, centred); the body — each line of a string its own paragraph (一、 黑体, （一） 楷体,
    others 仿宋, two characters indented) — and tables (header row repeated on every page; a landscape
    table on landscape pages); the 附件说明; then the issuer centred over the date, the date four
    characters in from the right in Arabic numerals; page numbers "— N —" in 4号 outside (odd right,
    even left). Text is written as text: characters XML cannot hold are dropped."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    layout = layout or DocumentLayout()
    document = Document()
    _defaults(document, layout)
    document.settings.element.append(OxmlElement("w:evenAndOddHeaders"))
    document.core_properties.title = _clean(title)[:255]
    document.core_properties.author = _clean(issuer)[:255]
    document.core_properties.comments = ""
    section = document.sections[0]
    _page(section, layout, landscape=False)
    _footers(section, layout)
    landscape = False
    char = layout.body_pt

    def paragraph(text: str, font: str, *, align: Any = None, indent: float = 0) -> Any:
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        _spacing(p, layout.line_pt, indent)
        if text:
            _fonts(p.add_run(text), font, layout, layout.body_pt)
        return p

    def orient(want: bool) -> None:
        nonlocal landscape
        if want != landscape:  # a new section only where the orientation changes: no blank trailing page
            _page(document.add_section(WD_SECTION.NEW_PAGE), layout, landscape=want)
            landscape = want

    if number:
        paragraph(_clean(number), layout.body_font, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph("", layout.body_font)
    for line in _clean(title).splitlines() or [""]:
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(heading, layout.title_line_pt)
        _fonts(heading.add_run(line), layout.title_font, layout, layout.title_pt)
    paragraph("", layout.body_font)  # 标题下空一行

    for block in body:
        if isinstance(block, DocTable):
            orient(block.landscape)
            _table(document, block, layout)
            continue
        orient(False)
        for text in _clean(block).splitlines():
            text = text.strip()
            if not text:
                continue
            if _LEVEL1.match(text):
                font = layout.heading_font
            elif _LEVEL2.match(text):
                font = layout.level2_font
            else:
                font = layout.body_font
            paragraph(text, font, indent=2 * char)

    names = [_clean(a).strip() for a in attachments if _clean(a).strip()]
    if names:
        paragraph("", layout.body_font)
        for i, name in enumerate(names):
            label = "附件：" if i == 0 else ""
            numbered = f"{i + 1}. {name}" if len(names) > 1 else name
            p = paragraph(label + numbered, layout.body_font, indent=2 * char if i == 0 else 0)
            if i:
                p.paragraph_format.left_indent = Pt(5 * char)  # aligned with the first name

    date_text = f"{date.year}年{date.month}月{date.day}日" if date else ""
    issuer_text = _clean(issuer).strip()
    if issuer_text or date_text:
        paragraph("", layout.body_font)
        date_right = 4 * char  # 成文日期右空四字
        if issuer_text:  # 署名以成文日期为准居中
            right = (
                date_right + (_width(date_text) - _width(issuer_text)) / 2 * char if date_text else date_right
            )
            p = paragraph(issuer_text, layout.body_font, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(max(right, 2 * char))
        if date_text:
            p = paragraph(date_text, layout.body_font, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(date_right)

    fonts = [
        layout.title_font,
        layout.body_font,
        layout.heading_font,
        layout.level2_font,
        layout.page_number_font,
    ]
    _font_table(document, layout, fonts)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
