"""出生年月: a year and month as offices write it, stored as the first day of that month."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./／年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-./／]?\s*\d{1,2}\s*日?)?$"),
    re.compile(r"^(\d{4})(\d{2})(?:\d{2})?$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_year_month(value: object) -> date:
    """1968-05, 1968.5, 1968年5月, 196805, 1968-05-12, a date, or an Excel serial day → date(1968, 5, 1).

    Raises ValueError with a Chinese message naming what was given.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number from Excel: a bare year is missing its month; a serial day when it looks like one;
        # 196805 or 1968.05 otherwise.
        if float(value).is_integer() and 1900 <= value <= 2100:
            value = str(int(value))  # a bare year: refused below, as the text would be
        elif 1000 < value < 80000 and float(value).is_integer():
            return (_EXCEL_EPOCH + timedelta(days=int(value))).replace(day=1)
        else:
            value = f"{value:.2f}" if isinstance(value, float) else str(value)
    text = "".join(str(value).split()).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
    if re.fullmatch(r"(19|20)\d\d", text):
        raise ValueError(f"无法识别的出生年月「{text}」：只有年份，请写明月份，如 {text}-05")
    raise ValueError(f"无法识别的出生年月「{value}」，请写作如 1968-05 或 1968年5月")


def format_year_month(value: date) -> str:
    return f"{value.year}-{value.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (11-30 + 3 months = 02-28/29)."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
