"""Building roster files in every format the import takes, as an office would save them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "界别",
    "专委会",
    "政协职务",
    "工作单位及职务",
    "手机号码",
    "身份证号",
    "党支部",
]


def xlsx(
    rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, *, title: str | None = None
) -> bytes:
    """ID numbers and phones as text cells (as a careful office does); pass an int to get a number cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for column in sheet.iter_cols(min_row=2 if title else 1):
        for cell in column:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("委员名册")
    for c, h in enumerate(headers):
        sheet.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, *, encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
