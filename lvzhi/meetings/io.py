"""The meetings' sheets and documents: the meeting list and the 通讯录 as .xlsx; the 会议通知 and the 签到表
as .docx in the official-document layout (GB/T 9704, ``lvzhi.core.documents``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from lvzhi.core.documents import DocTable, official_document
from lvzhi.core.tabular import Column, write_xlsx
from lvzhi.meetings.models import Meeting
from lvzhi.meetings.selectors import DirectoryRow

CN_NUMBERS = "一二三四五六七八九十"

MEETING_COLUMNS = [
    Column("会议名称", width=44),
    Column("会议类型", width=18),
    Column("开始时间", width=18),
    Column("地点", width=20),
    Column("状态", width=8),
    Column("应出席", width=8),
    Column("出席", width=8),
    Column("缺席", width=8),
    Column("请假（已批准）", width=14),
]

DIRECTORY_COLUMNS = [
    Column("序号", width=6),
    Column("姓名", width=12),
    Column("界别", width=20),
    Column("政协职务", width=12),
    Column("工作单位及职务", width=40),
    Column("手机号码", width=16, text=True),
]


def _when(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def meetings_workbook(meetings: Iterable[Any]) -> bytes:
    rows = (
        [
            m.title,
            str(m.get_type_display()),
            timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M"),
            m.place,
            str(m.get_status_display()),
            m.n_invitees,
            m.n_present,
            m.n_absent,
            m.n_leaves,
        ]
        for m in meetings
    )
    return write_xlsx(MEETING_COLUMNS, rows, sheet_title="政协会议")


def directory_workbook(rows: Sequence[DirectoryRow], title: str) -> bytes:
    data = (
        [n, r.person.name, r.sector, r.position or r.role, r.workplace, r.phone]
        for n, r in enumerate(rows, 1)
    )
    return write_xlsx(DIRECTORY_COLUMNS, data, sheet_title=title[:31] or "通讯录")


def notice_lines(meeting: Meeting, agenda: Sequence[str], attendees: str) -> list[str]:
    """The body of the 会议通知: the opening text, then 一、时间 二、地点 三、议程 四、参会人员."""
    lines = [line for line in meeting.notice.splitlines() if line.strip()]
    lines.append(f"一、会议时间：{_when(meeting.starts_at)}至{timezone.localtime(meeting.ends_at):%H:%M}")
    lines.append(f"二、会议地点：{meeting.place}")
    if agenda:
        lines.append("三、会议议程")
        lines += [f"（{CN_NUMBERS[n] if n < 10 else n + 1}）{text}" for n, text in enumerate(agenda)]
    lines.append(f"{'四' if agenda else '三'}、参会人员：{attendees}")
    lines.append("请参会人员准时出席；因故不能参会的，请于会前在系统中提出请假申请。")
    return lines


def notice_docx(meeting: Meeting, agenda: Sequence[str], attendees: str) -> bytes:
    return official_document(
        title=f"关于召开{meeting.title}的通知",
        body=notice_lines(meeting, agenda, attendees),
        issuer=meeting.committee.name,
        date=timezone.localtime(meeting.notified_at).date() if meeting.notified_at else timezone.localdate(),
    )


def signin_docx(meeting: Meeting, rows: Sequence[DirectoryRow]) -> bytes:
    """签到表: the invitees 按姓氏笔画 with an empty column for each signature."""
    table = DocTable(
        headers=["序号", "姓名", "界别", "职务", "签名"],
        rows=[[str(n), r.person.name, r.sector, r.position or r.role, ""] for n, r in enumerate(rows, 1)],
        caption=f"{_when(meeting.starts_at)}　{meeting.place}",
        widths_cm=[1.5, 3.0, 4.5, 3.0, 3.5],
    )
    return official_document(title=f"{meeting.title}签到表", body=[table])
