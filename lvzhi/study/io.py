"""The study lists as sheets: what the filters show, one row per record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lvzhi.core.tabular import Column, write_xlsx

SESSION_COLUMNS = [
    Column("日期", width=12),
    Column("层级", width=16),
    Column("学习组/专委会/党支部", width=24),
    Column("学习主题", width=40),
    Column("主讲", width=24),
    Column("委员讲堂", width=8),
    Column("形式", width=8),
    Column("地点或平台", width=20),
    Column("出席", width=8),
    Column("请假", width=8),
    Column("缺席", width=8),
]

TRAINING_COLUMNS = [
    Column("培训名称", width=40),
    Column("主办单位", width=24),
    Column("开始日期", width=12),
    Column("结束日期", width=12),
    Column("学时", width=8),
    Column("参训人数", width=10),
    Column("参训人员", width=60),
]

LOG_COLUMNS = [
    Column("委员", width=12),
    Column("读书活动", width=24),
    Column("书名", width=30),
    Column("推荐书目", width=10),
    Column("开始日期", width=12),
    Column("读完日期", width=12),
    Column("阅读时长（小时）", width=14),
    Column("读书心得", width=50),
]

PARTICIPATION_COLUMNS = [
    Column("学习组/界别", width=24),
    Column("委员人数", width=10),
    Column("参与读书人数", width=12),
    Column("参与率", width=10),
    Column("读书本次", width=10),
    Column("阅读时长（小时）", width=14),
]


def sessions_workbook(sessions: Iterable[Any]) -> bytes:
    rows = (
        [
            s.held_on,
            str(s.get_layer_display()),
            s.body_name,
            s.topic,
            s.speaker_text,
            "是" if s.speaker_id else "",
            str(s.get_mode_display()),
            s.venue,
            s.present,
            s.excused,
            s.absent,
        ]
        for s in sessions
    )
    return write_xlsx(SESSION_COLUMNS, rows, sheet_title="理论学习")


def trainings_workbook(trainings: Iterable[Any]) -> bytes:
    rows = (
        [
            t.title,
            t.organizer,
            t.start_on,
            t.end_on,
            float(t.hours),
            len(t.people),
            "、".join(p.name for p in t.people),
        ]
        for t in trainings
    )
    return write_xlsx(TRAINING_COLUMNS, rows, sheet_title="培训")


def logs_workbook(logs: Iterable[Any]) -> bytes:
    rows = (
        [
            log.person.name,
            log.campaign.name,
            log.title,
            "是" if log.book_id else "",
            log.started_on,
            log.finished_on,
            float(log.hours),
            log.notes,
        ]
        for log in logs
    )
    return write_xlsx(LOG_COLUMNS, rows, sheet_title="读书记录")
