"""Spreadsheets in and out: .xlsx, .xls and .csv read by their Chinese headers; .xlsx written safely.

Reading finds the header row (a title line above it is common), keeps each cell's kind so that callers
can tell an ID number typed as text from one Excel already turned into a float, and numbers every row
as the sheet does, so that errors can say 第N行.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

CellKind = Literal["empty", "text", "number", "date", "bool"]


class TableError(Exception):
    """A file that cannot be read as a table; ``messages`` are shown to the user as they are."""

    def __init__(self, *messages: str) -> None:
        super().__init__("；".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class Cell:
    value: Any
    kind: CellKind

    @property
    def text(self) -> str:
        """The cell as a trimmed string: whole numbers without ".0", dates as ISO, booleans as 是/否."""
        if self.kind == "empty":
            return ""
        if self.kind == "number":
            number = float(self.value)
            return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(self.value)
        if self.kind == "date":
            return self.value.isoformat()
        if self.kind == "bool":
            return "是" if self.value else "否"
        return str(self.value).strip()


EMPTY = Cell(None, "empty")


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]


@dataclass
class Table:
    header_row: int
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    """One column of a sheet lvzhi writes: its header, whether it is required, whether it holds text."""

    header: str
    required: bool = False
    text: bool = False
    width: int = 12
    help: str = ""

    @property
    def title(self) -> str:
        return f"{self.header}*" if self.required else self.header


_HEADER_NOISE = re.compile(r"[*＊]|[（(]\s*必填\s*[)）]|\s")


def clean_header(value: object) -> str:
    return _HEADER_NOISE.sub("", str(value or ""))


def _to_cell(value: Any) -> Cell:
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return Cell(value, "bool")
    if isinstance(value, int | float):
        return Cell(value, "number")
    if isinstance(value, datetime):
        return Cell(value.date() if value.time() == time() else value, "date")
    if isinstance(value, date):
        return Cell(value, "date")
    text = str(value).strip()
    return Cell(text, "text") if text else EMPTY


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_to_cell(v) for v in values]
    finally:
        book.close()


def _xls_rows(data: bytes) -> Iterator[list[Cell]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    sheet = book.sheet_by_index(0)
    for r in range(sheet.nrows):
        cells = []
        for c in sheet.row(r):
            if c.ctype == xlrd.XL_CELL_DATE:
                cells.append(_to_cell(xlrd.xldate_as_datetime(c.value, book.datemode)))
            elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                cells.append(Cell(bool(c.value), "bool"))
            elif c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                cells.append(EMPTY)
            else:
                cells.append(_to_cell(c.value))
        yield cells


def _csv_rows(data: bytes) -> Iterator[list[Cell]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError("无法识别文件编码，请将CSV文件另存为 UTF-8 或 GB18030 编码")
    if "\x00" in text:
        raise TableError("文件内容不是文本格式的CSV，请检查文件")
    for values in csv.reader(io.StringIO(text)):
        yield [_to_cell(v) for v in values]


def _reader(data: bytes, filename: str) -> Iterator[list[Cell]]:
    name = filename.lower()
    zipped = data[:4] == b"PK\x03\x04"
    ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if name.endswith((".xlsx", ".xlsm")) or (name.endswith(".xls") and zipped):
        if not zipped:
            raise TableError("文件已损坏或不是有效的 Excel (.xlsx) 文件")
        return _xlsx_rows(data)
    if name.endswith(".xls"):
        if not ole:
            raise TableError("文件已损坏或不是有效的 Excel 97-2003 (.xls) 文件")
        return _xls_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise TableError("不支持的文件类型，请上传 .xlsx、.xls 或 .csv 文件")


def read_table(
    data: bytes,
    filename: str,
    *,
    required_headers: Sequence[str],
    known_headers: Sequence[str] = (),
) -> Table:
    """The first sheet of a file as rows keyed by header. Raises TableError with every problem found."""
    if not data:
        raise TableError("文件是空的")
    if len(data) > MAX_BYTES:
        raise TableError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分后分批导入")
    known = set(known_headers) | set(required_headers)
    try:
        raw = _reader(data, filename)
        head: list[tuple[int, list[Cell]]] = []
        table: Table | None = None
        for number, cells in enumerate(raw, start=1):
            if table is None:
                head.append((number, cells))
                table = _find_header(head, required_headers, known)
                if table is None and number >= HEADER_SEARCH_ROWS:
                    break
                if table is not None:
                    columns = [clean_header(c.value) for c in cells]
                continue
            if all(c.kind == "empty" for c in cells):
                continue
            if len(table.rows) >= MAX_ROWS:
                raise TableError(f"数据超过 {MAX_ROWS} 行，请拆分后分批导入")
            row = {h: cells[i] if i < len(cells) else EMPTY for i, h in enumerate(columns) if h}
            table.rows.append(Row(number, row))
    except TableError:
        raise
    except (
        Exception
    ) as exc:  # every reader has its own errors for a corrupt file; none may escape as a traceback
        raise TableError(f"无法读取文件，文件可能已损坏或格式不正确（{type(exc).__name__}）") from exc
    if table is None:
        raise TableError(
            f"在前{HEADER_SEARCH_ROWS}行中未找到表头，表头须包含：" + "、".join(required_headers)
        )
    return table


_DAY = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


def parse_day(cell: Cell, example: date) -> date:
    """A date cell, or text such as 2026-06-30 or 2026年6月30日; the error shows ``example`` both ways."""
    if cell.kind == "date":
        value = cell.value
        return value.date() if isinstance(value, datetime) else value
    match = _DAY.match(cell.text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(
        f"无法识别的日期「{cell.text}」，请写作如 {example.isoformat()} 或 {example.year}年{example.month}月{example.day}日"
    )


@dataclass
class ImportReport:
    """What an all-or-nothing import says: rows read, rows written, every error, the warnings."""

    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    updated: int = 0
    unchanged: int = 0
    created_names: dict[str, list[str]] = field(default_factory=dict)  # what it creates besides rows

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "created_names": self.created_names,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def read_declared(data: bytes, filename: str, columns: Sequence[Column]) -> tuple[Table, list[str]]:
    """``read_table`` over declared columns: the table, and a warning per unknown column (ignored).

    Raises TableError for an unreadable file, a missing required column, or a file without data rows.
    """
    table = read_table(
        data,
        filename,
        required_headers=[c.header for c in columns if c.required],
        known_headers=[c.header for c in columns],
    )
    if not table.rows:
        raise TableError("文件中没有数据行。")
    warnings = [f"第{table.header_row}行「{h}」：未知的列，已忽略" for h in table.unknown_headers]
    return table, warnings


def _find_header(
    head: list[tuple[int, list[Cell]]], required: Sequence[str], known: set[str]
) -> Table | None:
    number, cells = head[-1]
    headers = [clean_header(c.value) for c in cells if c.kind != "empty"]
    present = set(headers)
    if not present & set(required) or len(present & known) < min(2, len(known)):
        return None
    errors = [f"第{number}行「{h}」：缺少必填列" for h in required if h not in present]
    seen: set[str] = set()
    for h in headers:
        if h in seen:
            errors.append(f"第{number}行「{h}」：列名重复")
        seen.add(h)
    if errors:
        raise TableError(*errors)
    return Table(header_row=number, headers=headers, unknown_headers=[h for h in headers if h not in known])


_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass
class Sheet:
    """One sheet of a workbook lvzhi writes."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def write_xlsx(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str,
    notes: Sequence[str] = (),
) -> bytes:
    """An .xlsx of one sheet (and an optional 说明 sheet of notes)."""
    return write_workbook([Sheet(sheet_title, columns, rows)], notes=notes)


def write_workbook(sheets: Sequence[Sheet], *, notes: Sequence[str] = ()) -> bytes:
    """An .xlsx with a bold header row on each sheet (required columns marked *), text columns as text.

    Every string is written as a string: a value starting with "=" stays text, never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for i, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.title)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            if column.required:
                cell.fill = fill
            header.append(cell)
        sheet.append(header)
        for values in spec.rows:
            sheet.append([_write_cell(sheet, c, v) for c, v in zip(spec.columns, values, strict=False)])
    if notes:
        info = book.create_sheet("说明")
        info.column_dimensions["A"].width = 100
        for line in notes:
            info.append([_write_cell(info, Column(""), line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_cell(sheet: Any, column: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, str) or column.text:
        cell = WriteOnlyCell(sheet, value=None)
        cell._value = _ILLEGAL.sub("", str(value))  # set directly so a leading "=" is not taken as a formula
        cell.data_type = "s"
        cell.number_format = "@"
        return cell
    return WriteOnlyCell(sheet, value=value)
