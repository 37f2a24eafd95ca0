"""The user guide served by lvzhi itself, and which section of it answers each page.

The guide is the Markdown under ``docs/`` (Chinese). Each page's help link goes to the section that
explains it: the most specific entry of ``SECTIONS`` wins (``namespace:url_name`` before
``namespace``). A test checks that every page has an entry and that every entry's anchor exists.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
from django.conf import settings
from django.urls import ResolverMatch, reverse
from markdown.extensions.toc import slugify_unicode

# The guide's pages: a slug per file, as in /help/<slug>/.
DOC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

SECTIONS: dict[str, str] = {
    "core": "index",
    "core:home": "index",
    "core:notifications": "index#1-登录与密码",
    "core:notification_settings": "notices#1-通知渠道",
    "core:checkin": "meetings#出席情况",
    "core:checkin_manage": "meetings#出席情况",
    "accounts": "index#6-用户角色与审计",
    "accounts:login": "index#1-登录与密码",
    "accounts:password_change": "index#1-登录与密码",
    "accounts:two_factor": "security-login",
    "accounts:two_factor_reset": "security-login#4-手机丢失或更换",
    "org": "index#2-委员名册",
    "org:roster_import": "index#3-名册导入",
    "org:roster_template": "index#3-名册导入",
    "party": "index#4-党支部与两个全覆盖",
    "party:meetings": "orglife",
    "party:meeting_create": "orglife#记录一次组织生活",
    "party:meetings_import": "orglife#补录",
    "party:meeting": "orglife#记录一次组织生活",
    "party:meeting_checkin": "orglife#出席情况扫码签到或名单勾选",
    "party:compliance": "orglife#组织生活日历",
    "party:leaders": "orglife#领导干部党建责任",
    "party:leader": "orglife#领导干部党建责任",
    "rules": "rules",
    "rectify": "rectify",
    "rectify:import": "rectify#导入已有台账",
    "rectify:weekly": "rectify#周调度与月报告",
    "rectify:monthly": "rectify#周调度与月报告",
    "study": "study",
    "study:groups": "study#学习组",
    "study:sessions": "study#学习活动",
    "study:trainings": "study#培训",
    "study:reading": "study#书香政协",
    "study:reading_mine": "study#书香政协",
    "consult": "consult",
    "consult:forms": "consult#1-协商形式",
    "consult:consultations": "consult#2-协商活动",
    "consult:suggestions": "consult#3-意见建议",
    "consult:suggestion_import": "consult#导入意见建议",
    "consult:plans": "consult#4-年度协商计划",
    "consult:studios": "consult#5-委员工作室",
    "proposals": "proposals",
    "proposals:import": "proposals#导入往年提案",
    "proposals:settings": "proposals#工作人员审查交办督办",
    "opinions": "opinions",
    "meetings": "meetings",
    "meetings:directory": "meetings#打印材料",
    "meetings:mine": "meetings#我的会议",
    "meetings:leave": "meetings#请假",
    "meetings:reply": "notices#3-会议回执参加-请假",
    "meetings:reply_link": "notices#3-会议回执参加-请假",
    "duty": "duty",
    "duty:appeals": "duty#确认与申诉",
    "duty:scores": "duty#年度考核与定档",
    "duty:rules": "duty#修改考核办法",
    "duty:rules_new": "duty#修改考核办法",
    "service": "service",
    "service:donations": "service#捐款捐物",
    "service:activities": "service#服务活动",
    "service:mine": "service#我的服务",
    "liaison": "liaison",
    "liaison:leaders": "liaison#包抓领导",
    "liaison:mine": "liaison#我的包抓项目",
    "liaison:visits": "liaison#现场督导",
    "liaison:problems": "liaison#协调问题",
    "reports": "summary",
    "reports:dashboard": "dashboard",
    "reports:rollup": "rollup",
    "reports:rollup_import": "rollup#下级在自己的系统中运行签名报送",
    "reports:rollup_keys": "rollup#下级在自己的系统中运行签名报送",
    "portal": "portal",
    "org:term_change": "quickstart#换届",
    "setup": "quickstart#2-初始设置向导",
    "help": "index",
}


def docs_dir() -> Path:
    return Path(settings.LVZHI_DOCS_DIR)


def section_for(match: ResolverMatch | None) -> str:
    """The guide's `doc#anchor` for a resolved page (the guide's start when nothing more specific)."""
    if match is None:
        return "index"
    namespace = match.namespace or ""
    return SECTIONS.get(f"{namespace}:{match.url_name}") or SECTIONS.get(namespace) or "index"


def help_url(match: ResolverMatch | None) -> str:
    doc, _sep, anchor = section_for(match).partition("#")
    url = reverse("help:page", kwargs={"doc": doc})
    # Percent-encoded, as browsers match it to the heading's id: a page in 繁體 carries no Simplified text.
    return f"{url}#{quote(anchor)}" if anchor else url


_LINK = re.compile(r'(href|src)="(?!https?:|#|/)([^"]+)"')


def _local_links(html: str) -> str:
    """Links between the guide's files and its images, rewritten to the help pages that serve them."""

    def rewrite(m: re.Match[str]) -> str:
        attr, target = m.group(1), m.group(2)
        path, _sep, anchor = target.partition("#")
        suffix = f"#{anchor}" if anchor else ""
        if path.endswith(".md"):
            return f'{attr}="{reverse("help:page", kwargs={"doc": path.removesuffix(".md")})}{suffix}"'
        if path.startswith("img/"):
            return f'{attr}="{reverse("help:image", kwargs={"name": path.removeprefix("img/")})}"'
        return m.group(0)

    return _LINK.sub(rewrite, html)


@lru_cache(maxsize=64)
def _render(path: Path, mtime: float) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    md = markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "sane_lists"],
        extension_configs={"toc": {"slugify": slugify_unicode}},
    )
    html = md.convert(text)
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    # The guide is the project's own text; it is cleaned all the same, keeping the headings' ids.
    clean = nh3.clean(
        html,
        attributes={"*": {"id"}, "a": {"href", "title"}, "img": {"src", "alt"}, "code": {"class"}},
        link_rel=None,
    )
    return title, _local_links(clean)


def render(doc: str) -> tuple[str, str] | None:
    """(title, html) of a guide page, or None when there is no such page."""
    if not DOC_NAME.match(doc):
        return None
    path = docs_dir() / f"{doc}.md"
    if not path.is_file():
        return None
    return _render(path, path.stat().st_mtime)
