"""The duty sheets: the year's ranking (履职考核) as .xlsx, with the removal warnings on a second sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lvzhi.core.tabular import Column, Sheet, write_workbook

RANKING_COLUMNS = [
    Column("名次", width=6),
    Column("姓名", width=12),
    Column("界别", width=24),
    Column("得分", width=8),
    Column("等次", width=10),
]

WARNING_COLUMNS = [
    Column("姓名", width=12),
    Column("事项", width=30),
    Column("次数", width=6),
    Column("劝辞次数", width=8),
    Column("情况", width=8),
]


def ranking_workbook(
    year: int, rows: Sequence[tuple[Any, Any]], warnings: Sequence[tuple[Any, Any]]
) -> bytes:
    """``rows``: (membership, score) in rank order; ``warnings``: (membership or None, RemovalWarning)."""
    ranking = (
        [n, m.person.name, m.sector.name if m.sector else "", float(s.score), s.grade]
        for n, (m, s) in enumerate(rows, 1)
    )
    warned = (
        [m.person.name if m else "", w.rule.label, w.count, w.rule.limit, "已达到" if w.reached else "接近"]
        for m, w in warnings
    )
    return write_workbook(
        [
            Sheet(f"{year}年度履职考核", RANKING_COLUMNS, ranking),
            Sheet("劝辞提醒", WARNING_COLUMNS, warned),
        ]
    )
