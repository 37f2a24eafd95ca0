"""The liaison lists as sheets: what the filters show, one row per record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from lvzhi.core.tabular import Column, write_xlsx

PROJECT_COLUMNS = [
    Column("项目计划", width=20),
    Column("项目名称", width=36),
    Column("业主单位", width=28),
    Column("建设地点", width=20),
    Column("总投资（万元）", width=14),
    Column("建设阶段", width=10),
    Column("开工日期", width=12),
    Column("包抓领导", width=24),
    Column("现场督导（次）", width=14),
    Column("协调问题（个）", width=14),
    Column("未解决问题（个）", width=16),
]

PROBLEM_COLUMNS = [
    Column("重点项目", width=32),
    Column("督导日期", width=12),
    Column("问题描述", width=50),
    Column("责任单位", width=20),
    Column("提出日期", width=12),
    Column("协调时限", width=12),
    Column("状态", width=12),
    Column("解决日期", width=12),
    Column("协调结果", width=50),
]


def projects_workbook(projects: Iterable[Any]) -> bytes:
    rows = (
        [
            str(p.programme),
            p.name,
            p.owner_unit,
            p.place,
            float(p.investment) if p.investment is not None else None,
            str(p.get_stage_display()),
            p.started_on,
            "、".join(x.name for x in p.current_leaders),
            p.n_visits,
            p.n_problems,
            p.n_open,
        ]
        for p in projects
    )
    return write_xlsx(PROJECT_COLUMNS, rows, sheet_title="重点项目")


def problems_workbook(problems: Iterable[Any], today: date) -> bytes:
    """The status in words, with 逾期 spelled out so that the sheet never relies on colour."""
    rows = (
        [
            p.project.name,
            p.visit.visited_on,
            p.description,
            p.unit.name if p.unit_id else "",
            p.raised_on,
            p.deadline,
            str(p.get_status_display()) + ("（逾期）" if p.is_overdue(today) else ""),
            p.resolved_on,
            p.outcome,
        ]
        for p in problems
    )
    return write_xlsx(PROBLEM_COLUMNS, rows, sheet_title="协调问题")
