"""Demo rules: the six work rules the article says were revised, each with the version it replaced, and
the documents it names as issued."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from lvzhi.core.attachments import attachment_add
from lvzhi.core.demo import DemoContext
from lvzhi.core.documents import official_document
from lvzhi.rules.choices import RegulationKind
from lvzhi.rules.services import regulation_create, regulation_revise

ORDER = 40

RULES = [
    ("政协商州区委员会常务委员会工作规则", "对常委会会议的议题确定、会前调研和会议议程作了规范。"),
    ("政协商州区委员会主席会议工作规则", "明确主席会议每月至少召开一次，细化议事程序。"),
    ("政协商州区委员会委员管理办法", "增加委员履职档案和年度履职评价的规定。"),
    ("政协商州区委员会专门委员会工作规则", "明确专委会与专委会党支部的工作衔接。"),
    ("政协商州区委员会提案工作条例实施细则", "调整提案审查立案标准和办理时限。"),
    ("政协商州区委员会机关工作制度", "完善机关干部考勤、公文处理和保密管理规定。"),
]
INTERNAL = {"政协商州区委员会机关工作制度"}  # the office's own rules: not shown to members or the portal
DOCUMENTS = [
    ("关于进一步规范十五届政协委员管理机制的意见", "商政协发〔{year}〕3号", 3, 6),
    ("关于推动政协工作提质增效助力五区建设的意见", "商政协发〔{year}〕8号", 5, 18),
    ("商州区“书香政协”建设暨委员读书活动实施方案（试行）", "商政协办发〔{year}〕5号", 4, 10),
]
DOCUMENT_TEXT = (
    "为深入贯彻落实区委部署，结合本会实际，现提出如下意见。\n"
    "一、总体要求\n"
    "坚持党的领导，坚持团结和民主两大主题，推动政协工作提质增效。\n"
    "二、主要任务\n"
    "（一）加强委员队伍建设。\n"
    "（二）完善履职工作机制。\n"
    "三、保障措施\n"
    "各专委会、机关各科室要结合实际，认真抓好贯彻落实。"
)
ISSUER = "政协商洛市商州区委员会"


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    year = ctx.today.year
    older = year - 5
    for i, (title, change) in enumerate(RULES):
        old = regulation_create(
            committee=committee,
            data={
                "kind": RegulationKind.RULE,
                "title": title,
                "number": f"商政协发〔{older}〕{i + 1}号",
                "issuer": ISSUER,
                "issued_on": date(older, 3, 1 + i),
                "effective_on": date(older, 3, 1 + i),
                "text": f"第一条　为规范{title.removeprefix('政协商州区委员会')}相关工作，制定本规定。\n第二条　……",
                "is_public": title not in INTERNAL,
            },
        )
        issued = min(date(year, 2 + i % 4, 10 + i), ctx.today)
        regulation_revise(
            regulation=old,
            data={
                "title": title,
                "number": f"商政协发〔{year}〕{10 + i}号",
                "issuer": ISSUER,
                "issued_on": issued,
                "effective_on": issued,
                "text": f"第一条　为规范{title.removeprefix('政协商州区委员会')}相关工作，根据新形势新任务修订本规定。\n第二条　……",
                "is_public": title not in INTERNAL,
                "change_note": change,
            },
        )
    for title, number, month, day in DOCUMENTS:
        issued = min(date(year, month, day), ctx.today)
        document = regulation_create(
            committee=committee,
            data={
                "kind": RegulationKind.DOCUMENT,
                "title": title,
                "number": number.format(year=year),
                "issuer": ISSUER,
                "issued_on": issued,
                "text": DOCUMENT_TEXT,
                "is_public": True,
            },
        )
        if "书香政协" in title:  # the 方案 comes with its reading list, a .docx in the official layout
            reading = official_document(
                title="委员读书活动推荐书目",
                body=["一、政治理论类", "二、政协理论类", "三、文史与地方文化类"],
                issuer=ISSUER,
                date=issued,
            )
            upload: Any = ContentFile(reading, name="委员读书活动推荐书目.docx")
            attachment_add(obj=document, upload=upload)
