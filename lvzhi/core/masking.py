"""Masking sensitive personal data for display and export (GB/T 35273 §7.2 display limits)."""

from __future__ import annotations

MASK = "*"


def mask_id_number(value: str) -> str:
    """6110**********123X: the first four and the last four characters stay."""
    if not value:
        return ""
    if len(value) <= 8:
        return MASK * len(value)
    return value[:4] + MASK * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678: the first three and the last four digits stay."""
    if not value:
        return ""
    if len(value) < 8:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def is_masked(value: str) -> bool:
    """A masked cell (on import it means "unchanged")."""
    return MASK in (value or "") or "＊" in (value or "")
