"""The shell every page is drawn in: committee, term, the user's roles, the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

import lvzhi
from lvzhi.core.help import help_url
from lvzhi.core.notifications import unread_count
from lvzhi.core.permissions import can
from lvzhi.core.roles import Role


@dataclass
class NavItem:
    label: Any
    url: str
    icon: str
    active: bool = False


@dataclass
class NavGroup:
    label: Any
    items: list[NavItem] = field(default_factory=list)


def _group(label: Any, *items: NavItem | None) -> NavGroup:
    """A menu group of the links the user may follow."""
    return NavGroup(label, [i for i in items if i is not None])


@lru_cache(maxsize=4096)
def _link(name: str, code: str, prefix: str) -> str:
    """A menu link: the same for every request of the process (a page draws some fifty of them)."""
    return reverse(name, kwargs={"committee": code})


def _nav(request: HttpRequest, committee: Any) -> list[NavGroup]:
    code = committee.code
    user = request.user
    path = request.path

    def item(label: Any, name: str, icon: str, action: str | None = None) -> NavItem | None:
        if action and not can(user, action, committee):
            return None
        return NavItem(label, _link(name, code, get_script_prefix()), icon)

    groups = [
        _group(
            _("组织"),
            item(_("概览"), "reports:dashboard", "house"),
            item(_("组织架构"), "party:structure", "diagram-3", "party.view"),
            item(_("委员名册"), "org:members", "people", "org.view_roster"),
            item(_("专委会"), "org:special_committees", "collection", "org.view_roster"),
            item(_("界别"), "org:sectors", "grid", "org.view_roster"),
            item(_("名册导入"), "org:roster_import", "upload", "org.import_roster"),
            item(_("换届"), "org:term_change", "arrow-repeat", "org.manage_structure"),
        ),
        _group(
            _("政协会议"),
            item(_("会议"), "meetings:list", "calendar-event", "meetings.view"),
            item(_("委员通讯录"), "meetings:directory", "person-lines-fill", "meetings.view"),
            item(_("我的会议"), "meetings:mine", "calendar-check", "meetings.mine"),
        ),
        _group(
            _("党建"),
            item(_("党支部"), "party:branches", "flag", "party.view"),
            item(_("两个全覆盖"), "party:coverage", "check2-circle", "party.view"),
            item(_("组织生活"), "party:meetings", "people-fill", "party.view"),
            item(_("组织生活日历"), "party:compliance", "calendar-check", "party.view"),
            item(_("领导干部党建责任"), "party:leaders", "person-badge", "party.view"),
            item(_("规章制度"), "rules:list", "journal-bookmark", "rules.view"),
            item(_("整改台账"), "rectify:ledger", "clipboard-check", "rectify.list"),
        ),
        _group(
            _("理论学习"),
            item(_("学习活动"), "study:sessions", "book", "study.view"),
            item(_("学习组"), "study:groups", "people", "study.view"),
            item(_("培训"), "study:trainings", "mortarboard", "study.view"),
            item(_("书香政协"), "study:reading", "journal-richtext", "study.view"),
            item(_("我的读书"), "study:reading_mine", "bookmark-heart", "study.log_reading"),
        ),
        _group(
            _("协商议政"),
            item(_("协商活动"), "consult:consultations", "chat-square-text", "consult.list"),
            item(_("意见建议"), "consult:suggestions", "lightbulb", "consult.suggestions"),
            item(_("年度协商计划"), "consult:plans", "calendar3", "consult.view"),
            item(_("委员工作室"), "consult:studios", "house-door", "consult.view"),
            item(_("协商形式"), "consult:forms", "list-ul", "consult.view"),
        ),
        _group(
            _("提案与信息"),
            item(_("提案"), "proposals:list", "file-earmark-text", "proposals.list"),
            item(_("社情民意"), "opinions:list", "megaphone", "opinions.list"),
            item(_("信息采用通报"), "opinions:tally", "bar-chart", "opinions.manage"),
            item(_("提案设置"), "proposals:settings", "gear", "proposals.manage"),
        ),
        _group(
            _("联系项目"),
            item(_("重点项目"), "liaison:projects", "building", "liaison.view"),
            item(_("现场督导"), "liaison:visits", "geo-alt", "liaison.view"),
            item(_("协调问题"), "liaison:problems", "exclamation-diamond", "liaison.view"),
            item(_("我的包抓项目"), "liaison:mine", "pin-map", "liaison.lead"),
        ),
        _group(
            _("为民服务"),
            item(_("服务行动"), "service:campaigns", "heart-pulse", "service.view"),
            item(_("服务活动"), "service:activities", "people-fill", "service.view"),
            item(_("捐款捐物"), "service:donations", "cash-coin", "service.view"),
            item(_("我的服务"), "service:mine", "person-heart", "service.mine"),
        ),
        _group(
            _("履职档案"),
            item(_("我的履职档案"), "duty:mine", "person-vcard", "duty.respond"),
            item(_("履职考核"), "duty:scores", "award", "duty.view_scores"),
            item(_("记录申诉"), "duty:appeals", "chat-left-dots", "duty.resolve_appeal"),
            item(_("考核办法"), "duty:rules", "sliders", "duty.view_scores"),
        ),
        _group(
            _("统计与综述"),
            item(_("工作综述"), "reports:summary", "file-text", "reports.view_summary"),
            item(_("下级汇总"), "reports:rollup", "layers", "reports.view_rollup"),
        ),
        _group(
            _("门户"),
            item(_("门户文章"), "portal:articles", "newspaper", "portal.view"),
            item(_("屏蔽词"), "portal:blocked_words", "slash-circle", "portal.settings"),
        ),
        _group(
            _("系统"),
            item(_("用户与角色"), "accounts:users", "person-gear", "accounts.view_users"),
            item(_("审计日志"), "accounts:audit", "journal-text", "accounts.view_audit"),
        ),
    ]
    # The most specific matching link is the active one (概览 is a prefix of every page).
    matching = [i for g in groups for i in g.items if path.startswith(i.url)]
    if matching:
        max(matching, key=lambda i: len(i.url)).active = True
    return [g for g in groups if g.items]


def _shell(request: HttpRequest) -> dict[str, Any]:
    committee_model = apps.get_model("org", "Committee")
    term_model = apps.get_model("org", "Term")
    user = request.user
    committee = getattr(request, "committee", None)
    shell: dict[str, Any] = {
        "version": lvzhi.__version__,
        "committee": committee,
        "help_url": help_url(getattr(request, "resolver_match", None)),
    }
    if not getattr(user, "is_authenticated", False):
        return shell
    scope = user.scope  # type: ignore[union-attr]
    shell["display_name"] = user.person.name if user.person_id else user.get_username()  # type: ignore[union-attr]
    shell["unread"] = unread_count(user)
    shell["committees"] = list(committee_model.objects.filter(pk__in=list(scope.roles)).order_by("path"))
    if committee is not None:
        shell["term"] = term_model.objects.in_force(committee, timezone.localdate())
        shell["roles"] = [str(Role(r).label) for r in sorted(scope.roles_in(committee.pk))]
        shell["nav"] = _nav(request, committee)
    return shell


def shell(request: HttpRequest) -> dict[str, Any]:
    return {"shell": SimpleLazyObject(lambda: _shell(request))}
