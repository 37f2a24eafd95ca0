"""Reading any sheet by its headers, and writing sheets that Excel cannot misread."""

from __future__ import annotations

import contextlib
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lvzhi.core.tabular import Column, TableError, read_table, write_xlsx
from tests.org import sheets

REQUIRED = ["姓名", "性别"]


def test_it_finds_the_header_below_a_title_and_numbers_rows_as_the_sheet_does():
    data = sheets.xlsx([["张伟", "男"]], headers=["姓名*", "性别（必填）"], title="某区政协委员名册")
    table = read_table(data, "a.xlsx", required_headers=REQUIRED)
    assert table.header_row == 2
    assert [(r.number, r.cells["姓名"].text) for r in table.rows] == [(3, "张伟")]


def test_it_lists_every_missing_required_column():
    data = sheets.csv_bytes([["张伟"]], headers=["姓名", "民族"])
    with pytest.raises(TableError) as exc:
        read_table(data, "a.csv", required_headers=["姓名", "性别", "界别"], known_headers=["民族"])
    assert exc.value.messages == ["第1行「性别」：缺少必填列", "第1行「界别」：缺少必填列"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_it_reads_csv_in_the_encodings_offices_save(encoding):
    data = sheets.csv_bytes([["欧阳明", "男"]], headers=REQUIRED, encoding=encoding)
    table = read_table(data, "名册.csv", required_headers=REQUIRED)
    assert table.rows[0].cells["姓名"].text == "欧阳明"


def test_it_keeps_the_kind_of_a_cell_so_a_number_id_can_be_told_apart():
    data = sheets.xlsx([["张伟", 110105194912310020]], headers=["姓名", "身份证号"])
    cell = read_table(data, "a.xlsx", required_headers=["姓名"]).rows[0].cells["身份证号"]
    assert cell.kind == "number"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.xlsx", "文件是空的"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "无法读取文件"),
        (b"plain text", "a.xlsx", "不是有效的 Excel"),
        (b"plain text", "a.xls", "不是有效的 Excel 97-2003"),
        (b"\xff\xfe\x00\x00garbage\x00", "a.csv", "CSV"),
        (b"x", "a.pdf", "不支持的文件类型"),
    ],
)
def test_it_refuses_an_unreadable_file_with_a_message(data, name, message):
    with pytest.raises(TableError, match=message):
        read_table(data, name, required_headers=REQUIRED)


@pytest.mark.fuzz
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.xlsx", "a.xls", "a.csv"]))
def test_it_never_lets_a_reader_error_escape(data, name):
    with contextlib.suppress(TableError):  # a TableError is the one allowed outcome
        read_table(data, name, required_headers=REQUIRED)


def test_it_writes_strings_as_text_never_as_formulas():
    columns = [Column("姓名", required=True), Column("身份证号", text=True), Column("人数")]
    data = write_xlsx(columns, [['=HYPERLINK("http://x")', "11010519491231002X", 3]], sheet_title="名册")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == "姓名*"
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["B2"].number_format == "@"
    assert sheet["C2"].value == 3


def test_it_round_trips_what_it_writes():
    columns = [Column("姓名", required=True), Column("性别", required=True)]
    data = write_xlsx(columns, [["张伟", "男"]], sheet_title="名册", notes=["说明"])
    table = read_table(data, "out.xlsx", required_headers=REQUIRED)
    assert [r.cells["性别"].text for r in table.rows] == ["男"]
