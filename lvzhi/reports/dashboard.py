"""The dashboard's charts, computed from a committee's records with database aggregates.

Every chart is a plain dict the page draws with ECharts: ``kind`` (bar, pie or heatmap), its categories
and series, and for every data point the ``url`` of the list that shows exactly the records behind it
(the lists' own query parameters, the same ones the figures' evidence links use). The number of queries
does not grow with the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.consult.choices import SuggestionStatus
from lvzhi.consult.models import ConsultationForm, Suggestion
from lvzhi.core.codes import Political
from lvzhi.core.figures import Period, list_url
from lvzhi.duty.scoring import year_scores
from lvzhi.liaison.choices import ProblemStatus
from lvzhi.liaison.models import KeyProject, Problem, SiteVisit
from lvzhi.org.models import Committee, Sector, SpecialCommittee, TermMembership
from lvzhi.party.coverage import coverage
from lvzhi.party.orglife import compliance
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem
from lvzhi.service.models import Donation, ServiceActivity
from lvzhi.study.choices import Layer
from lvzhi.study.models import ReadingLog, StudySession

Chart = dict[str, Any]

# The compliance grid's cell states, in the order of the heatmap's colour scale.
COMPLIANCE_STATES = ["held", "missing", "due_soon", "open", "upcoming"]


def _point(value: Any, url: str, name: str | None = None) -> dict[str, Any]:
    point: dict[str, Any] = {"value": value, "url": url}
    if name is not None:
        point["name"] = name
    return point


def _members_url(c: Committee, period: Period, **query: str) -> str:
    return list_url("org:members", c, as_of=period.end.isoformat(), **query)


def _bar(key: str, title: str, categories: list[str], series: list[dict[str, Any]], **extra: Any) -> Chart:
    return {"key": key, "title": title, "kind": "bar", "categories": categories, "series": series, **extra}


def members_by_sector(c: Committee, period: Period, today: date) -> Chart:
    counts = dict(
        TermMembership.objects.current(c, period.end)
        .order_by()
        .values_list("sector_id")
        .annotate(n=Count("id"))
    )
    sectors = [s for s in Sector.objects.filter(committee=c) if s.pk in counts]
    data = [_point(counts[s.pk], _members_url(c, period, sector=str(s.pk))) for s in sectors]
    return _bar(
        "members_sector",
        _("委员界别分布"),
        [s.short_name or s.name for s in sectors],
        [{"name": _("委员"), "data": data}],
    )


def members_by_party(c: Committee, period: Period, today: date) -> Chart:
    counts = dict(
        TermMembership.objects.current(c, period.end)
        .order_by()
        .values_list("person__political")
        .annotate(n=Count("id"))
    )
    data = [
        _point(counts[code], _members_url(c, period, party=code), name=str(label))
        for code, label in Political.choices
        if counts.get(code)
    ]
    return {"key": "members_party", "title": _("委员政治面貌"), "kind": "pie", "series": [{"data": data}]}


def members_by_special_committee(c: Committee, period: Period, today: date) -> Chart:
    counts = dict(
        TermMembership.objects.current(c, period.end)
        .order_by()
        .values_list("special_committee_id")
        .annotate(n=Count("id"))
    )
    scs = [s for s in SpecialCommittee.objects.filter(committee=c) if s.pk in counts]
    data = [_point(counts[s.pk], _members_url(c, period, special_committee=str(s.pk))) for s in scs]
    return _bar(
        "members_sc",
        _("委员专委会分布"),
        [s.short_name or s.name for s in scs],
        [{"name": _("委员"), "data": data}],
    )


def coverages(c: Committee, period: Period, today: date) -> Chart:
    result = coverage(c, min(period.end, today))
    url = reverse("party:coverage", kwargs={"committee": c.code})
    pairs = [result.party_org, result.party_work]
    return _bar(
        "coverage",
        _("两个全覆盖"),
        [_("党的组织对党员委员"), _("党的工作对政协委员")],
        [
            {"name": _("已覆盖"), "stack": "c", "data": [_point(r.covered, url) for r in pairs]},
            {"name": _("未覆盖"), "stack": "c", "data": [_point(r.total - r.covered, url) for r in pairs]},
        ],
    )


def compliance_grid(c: Committee, period: Period, today: date) -> Chart:
    """Each branch's rules (rows) against the months of the year (columns): a quarter's or a year's state
    fills its months. A cell opens the branch's counted meetings of that kind in the rule's period."""
    year = period.end.year
    rows: list[str] = []
    data: list[dict[str, Any]] = []
    compliance_url = list_url("party:compliance", c, year=str(year))
    for calendar in compliance(c, year, today):
        for rule, cells in calendar.rows:
            y = len(rows)
            rows.append(f"{calendar.name} · {rule.get_meeting_kind_display()}")
            for cell in cells:
                if calendar.branch is None:
                    url = compliance_url
                else:
                    url = list_url(
                        "party:meetings",
                        c,
                        branch=str(calendar.branch.pk),
                        kind=rule.meeting_kind,
                        counted="1",
                        **{"from": cell.start.isoformat(), "to": cell.end.isoformat()},
                    )
                for month in range(cell.start.month, cell.end.month + 1):
                    data.append(
                        _point(
                            [month - 1, y, COMPLIANCE_STATES.index(cell.status)],
                            url,
                            name=f"{cell.label} {cell.status_label} {cell.held}/{cell.required}",
                        )
                    )
    labels = {"held": _("已召开"), "missing": _("未召开"), "due_soon": _("即将到期"), "open": _("进行中")}
    return {
        "key": "compliance",
        "title": _("组织生活合规（%(year)s年）") % {"year": year},
        "kind": "heatmap",
        "x": [f"{m}月" for m in range(1, 13)],
        "y": rows,
        "states": [str(labels.get(s, _("未开始"))) for s in COMPLIANCE_STATES],
        "series": [{"data": data}],
    }


def ledger(c: Committee, period: Period, today: date) -> Chart:
    items = LedgerItem.objects.filter(committee=c)
    counts = items.aggregate(
        **{s: Count("id", filter=Q(status=s)) for s in ItemStatus.values},
        overdue=Count("id", filter=Q(pk__in=Subquery(items.overdue_on(today).values("pk")))),
    )
    data = [
        _point(counts[s], list_url("rectify:ledger", c, status=s), name=str(label))
        for s, label in ItemStatus.choices
    ]
    data.append(
        _point(counts["overdue"], list_url("rectify:ledger", c, overdue="1", on=today.isoformat()), _("逾期"))
    )
    return _bar(
        "ledger",
        _("整改台账状态"),
        [str(p["name"]) for p in data],
        [{"name": _("问题"), "data": data}],
        colors=["#6c757d", "#0d6efd", "#0d6efd", "#0d6efd", "#0d6efd", "#198754", "#b3261e"],
    )


def _period_query(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def study(c: Committee, period: Period, today: date) -> Chart:
    counts = dict(
        StudySession.objects.filter(committee=c)
        .held_within(period.start, period.end)
        .order_by()
        .values_list("layer")
        .annotate(n=Count("id"))
    )
    data = [
        _point(counts.get(layer, 0), list_url("study:sessions", c, layer=layer, **_period_query(period)))
        for layer in Layer.values
    ]
    return _bar(
        "study",
        _("理论学习（次）"),
        [str(label) for label in Layer.labels],
        [{"name": _("学习"), "data": data}],
    )


def reading(c: Committee, period: Period, today: date) -> Chart:
    """Members of each sector and how many of them read in the period (the reading logs' sector filter)."""
    readers = ReadingLog.objects.filter(committee=c).within(period.start, period.end).values("person_id")
    rows = {
        row["sector_id"]: row
        for row in TermMembership.objects.current(c, period.end)
        .exclude(sector=None)
        .order_by()
        .values("sector_id")
        .annotate(
            members=Count("person_id", distinct=True),
            readers=Count("person_id", distinct=True, filter=Q(person_id__in=Subquery(readers))),
        )
    }
    sectors = [s for s in Sector.objects.filter(committee=c) if s.pk in rows]
    q = _period_query(period)
    return _bar(
        "reading",
        _("读书活动参与（按界别）"),
        [s.short_name or s.name for s in sectors],
        [
            {
                "name": _("委员"),
                "data": [
                    _point(rows[s.pk]["members"], _members_url(c, period, sector=str(s.pk))) for s in sectors
                ],
            },
            {
                "name": _("参加读书"),
                "data": [
                    _point(rows[s.pk]["readers"], list_url("study:reading_logs", c, sector=str(s.pk), **q))
                    for s in sectors
                ],
            },
        ],
    )


def suggestions_by_form(c: Committee, period: Period, today: date) -> Chart:
    counts = {
        row["consultation__form_id"]: row
        for row in Suggestion.objects.filter(committee=c, consultation__isnull=False)
        .within(period.start, period.end)
        .order_by()
        .values("consultation__form_id")
        .annotate(
            n=Count("id"),
            adopted=Count("id", filter=Q(status__in=[SuggestionStatus.ADOPTED, SuggestionStatus.PARTLY])),
        )
    }
    forms = list(ConsultationForm.objects.filter(committee=c, pk__in=list(counts)))
    q = _period_query(period)
    return _bar(
        "suggestions_form",
        _("意见建议（按协商形式）"),
        [f.name for f in forms],
        [
            {
                "name": _("提出"),
                "data": [
                    _point(counts[f.pk]["n"], list_url("consult:suggestions", c, form=f.code, **q))
                    for f in forms
                ],
            },
            {
                "name": _("采纳或部分采纳"),
                "data": [
                    _point(
                        counts[f.pk]["adopted"],
                        list_url("consult:suggestions", c, form=f.code, adopted="1", **q),
                    )
                    for f in forms
                ],
            },
        ],
    )


def suggestions_adoption(c: Committee, period: Period, today: date) -> Chart:
    counts = dict(
        Suggestion.objects.filter(committee=c)
        .within(period.start, period.end)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    q = _period_query(period)
    data = [
        _point(counts[s], list_url("consult:suggestions", c, status=s, **q), name=str(label))
        for s, label in SuggestionStatus.choices
        if counts.get(s)
    ]
    return {
        "key": "suggestions_status",
        "title": _("意见建议办理与采纳"),
        "kind": "pie",
        "series": [{"data": data}],
    }


def liaison(c: Committee, period: Period, today: date) -> Chart:
    q = _period_query(period)
    problems = Problem.objects.filter(committee=c).raised_within(period.start, period.end)
    counts = problems.aggregate(
        **{s: Count("id", filter=Q(status=s)) for s in ProblemStatus.values},
        overdue=Count("id", filter=Q(pk__in=Subquery(problems.overdue_on(today).values("pk")))),
    )
    projects = KeyProject.objects.filter(committee=c).in_liaison_within(period.start, period.end).count()
    visits = SiteVisit.objects.filter(committee=c).within(period.start, period.end).count()
    data = [
        _point(projects, list_url("liaison:projects", c, **q), _("重点项目")),
        _point(visits, list_url("liaison:visits", c, **q), _("现场督导")),
        *(
            _point(counts[s], list_url("liaison:problems", c, status=s, **q), str(label))
            for s, label in ProblemStatus.choices
        ),
        _point(
            counts["overdue"],
            list_url("liaison:problems", c, overdue="1", on=today.isoformat(), **q),
            _("逾期问题"),
        ),
    ]
    return _bar(
        "liaison", _("联系包抓重点项目"), [str(p["name"]) for p in data], [{"name": _("数量"), "data": data}]
    )


def service(c: Committee, period: Period, today: date) -> Chart:
    """Sector service activities and the people they served, per sector; donations in the title's total."""
    activities = ServiceActivity.objects.filter(committee=c).held_within(period.start, period.end)
    rows: dict[int | None, dict[str, Any]] = {
        row["sector_id"]: dict(row)
        for row in activities.order_by()
        .values("sector_id")
        .annotate(n=Count("id"), people=Sum("beneficiaries"))
    }
    sectors = [s for s in Sector.objects.filter(committee=c) if s.pk in rows]
    keys: list[int | None] = [s.pk for s in sectors]
    names = [s.short_name or s.name for s in sectors]
    if None in rows:
        keys.append(None)
        names.append(_("未分界别"))
    q = _period_query(period)
    urls = [list_url("service:activities", c, sector=str(k) if k else "none", **q) for k in keys]
    donations = (
        Donation.objects.filter(committee=c)
        .within(period.start, period.end)
        .aggregate(money=Sum("money"), goods=Sum("goods_value"))
    )
    total = (donations["money"] or 0) + (donations["goods"] or 0)
    return _bar(
        "service",
        _("界别服务活动"),
        names,
        [
            {
                "name": _("活动场次"),
                "data": [_point(rows[k]["n"], u) for k, u in zip(keys, urls, strict=True)],
            },
            {
                "name": _("惠及群众（人）"),
                "yAxisIndex": 1,
                "data": [_point(rows[k]["people"] or 0, u) for k, u in zip(keys, urls, strict=True)],
            },
        ],
        dual_axis=True,
        link={
            "label": _("捐款捐物 %(total)s 元") % {"total": f"{total:,.2f}"},
            "url": list_url("service:donations", c, **q),
        },
    )


def duty_scores(c: Committee, period: Period, today: date) -> Chart:
    """How many members reached each grade in the period's last year (履职考核)."""
    year = period.end.year
    counts: dict[str, int] = {}
    best: dict[str, Any] = {}
    for score in year_scores(c, year).values():
        counts[score.grade] = counts.get(score.grade, 0) + 1
        best[score.grade] = max(best.get(score.grade, score.score), score.score)
    grades = sorted(counts, key=lambda g: (g == "", -best[g]))  # the highest grade first
    data = [
        _point(counts[g], list_url("duty:scores", c, year=str(year), grade=g or "none"), g or _("未评定"))
        for g in grades
    ]
    return _bar(
        "duty_scores",
        _("履职考核等次分布（%(year)s年）") % {"year": year},
        [str(p["name"]) for p in data],
        [{"name": _("委员"), "data": data}],
    )


CHARTS: list[Callable[[Committee, Period, date], Chart]] = [
    members_by_sector,
    members_by_party,
    members_by_special_committee,
    coverages,
    compliance_grid,
    ledger,
    study,
    reading,
    suggestions_by_form,
    suggestions_adoption,
    liaison,
    service,
    duty_scores,
]


def charts(c: Committee, period: Period, today: date) -> list[Chart]:
    return [build(c, period, today) for build in CHARTS]
