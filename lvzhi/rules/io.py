"""The columns of the rules list as a sheet."""

from __future__ import annotations

from lvzhi.core.tabular import Column

COLUMNS = [
    Column("类别", width=10),
    Column("标题", width=40),
    Column("文号", text=True, width=18),
    Column("发文机关", width=18),
    Column("印发日期", width=12),
    Column("施行日期", width=12),
    Column("状态", width=8),
    Column("修订的版本", width=40),
    Column("修订说明", width=40),
]
