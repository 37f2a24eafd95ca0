"""Chinese numerals as terms are named (第十五届)."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 21 → 二十一 (enough for term numbers, < 100)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
