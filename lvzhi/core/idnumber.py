"""公民身份号码 (GB 11643-1999): normalizing, the ISO 7064 MOD 11-2 check digit, birth date and gender."""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")


class IdNumberError(ValueError):
    """An ID number that is not one; the message says why, in Chinese, for the person who typed it."""


def check_digit(first17: str) -> str:
    total = sum(int(a) * w for a, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize_id_number(text: str) -> str:
    """The 18-character ID number in canonical form (upper-case X), or IdNumberError saying what is wrong.

    Spaces and full-width digits are forgiven; a legacy 15-digit number is upgraded (19 + YYMMDD + check).
    """
    value = "".join(str(text).split()).translate(_FULL_WIDTH).upper()
    if len(value) == 15 and value.isdigit():
        body = value[:6] + "19" + value[6:]
        value = body + check_digit(body)
    if len(value) != 18:
        raise IdNumberError(f"应为18位，实际为{len(value)}位")
    if not _SHAPE.match(value):
        raise IdNumberError("只能由数字组成，最后一位可以是X")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise IdNumberError(f"出生日期「{value[6:14]}」不是有效日期") from None
    if birth.year < 1900 or birth > date.today():
        raise IdNumberError(f"出生日期「{value[6:14]}」不合理")
    expected = check_digit(value[:17])
    if value[17] != expected:
        raise IdNumberError(f"校验码错误（最后一位应为{expected}），请核对号码")
    return value


def is_valid_id_number(text: str) -> bool:
    try:
        normalize_id_number(text)
    except IdNumberError:
        return False
    return True


def id_number_birth(value: str) -> date:
    """The birth date of a normalized ID number."""
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def id_number_gender(value: str) -> str:
    """GB/T 2261.1 gender of a normalized ID number: odd sequence "1" (男), even "2" (女)."""
    return "1" if int(value[16]) % 2 else "2"


def synthetic_id_number(*, region: str, birth: date, sequence: int) -> str:
    """A well-formed ID number for demos and tests: region code + birth date + 3-digit sequence + check."""
    body = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + check_digit(body)
