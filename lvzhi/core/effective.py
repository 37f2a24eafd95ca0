"""Rules are data: effective-dated rows. One helper picks, for each rule, the version in force on a date."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")


def in_force(
    versions: Iterable[T], on: date, key: Callable[[T], Hashable], start: str = "effective_from"
) -> dict[Hashable, T]:
    """For each key, the version that took effect last on or before ``on`` (none if all are later)."""
    chosen: dict[Hashable, T] = {}
    for version in versions:
        began: Any = getattr(version, start)
        if began > on:
            continue
        k = key(version)
        current = chosen.get(k)
        if current is None or getattr(current, start) < began:
            chosen[k] = version
    return chosen
