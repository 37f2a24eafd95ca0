"""Summary figures of liaison: the leaders who take on key projects, the projects in liaison, the site
visits and the problems coordinated in the period. Each links to the list of exactly the records counted."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Period, by_committee, list_url, register
from lvzhi.liaison.models import KeyProject, LeaderAssignment, Problem, SiteVisit, VisitLeader
from lvzhi.org.models import Committee

SECTION = "优化融合发展"


def _url(view: str, committee: Committee, period: Period) -> str:
    return list_url(f"liaison:{view}", committee, **period.as_dict())


def _leaders(committee: Committee, period: Period) -> int:
    assignments = LeaderAssignment.objects.filter(committee=committee).in_force_within(
        period.start, period.end
    )
    return assignments.values("person_id").distinct().count()


def _projects(committee: Committee, period: Period) -> int:
    return KeyProject.objects.filter(committee=committee).in_liaison_within(period.start, period.end).count()


def _visits(committee: Committee, period: Period) -> Measured:
    visits = SiteVisit.objects.filter(committee=committee).within(period.start, period.end)
    person_times = VisitLeader.objects.filter(visit__in=visits).count()
    return Measured(visits.count(), {"person_times": person_times})


def _problems(committee: Committee, period: Period) -> Measured:
    counts = (
        Problem.objects.filter(committee=committee)
        .raised_within(period.start, period.end)
        .aggregate(n=Count("id"), resolved=Count("id", filter=Q(resolved_on__lte=period.end)))
    )
    return Measured(counts["n"], {"resolved": counts["resolved"]})


register(
    Figure(
        key="liaison_leaders",
        label=_("联系包抓重点项目的领导"),
        kind="event",
        compute=_leaders,
        grouped=lambda cs, p: by_committee(
            LeaderAssignment.objects.in_force_within(p.start, p.end), cs, Count("person_id", distinct=True)
        ),
        sentence=_("{value}名政协领导联系包抓重点项目"),
        evidence=lambda c, p: _url("leaders", c, p),
        rollup="distinct",
        distinct_ids=lambda c, p: (
            LeaderAssignment.objects.filter(committee=c).in_force_within(p.start, p.end).values("person_id")
        ),
        distinct_ids_many=lambda cs, p: (
            LeaderAssignment.objects.filter(committee_id__in=[c.pk for c in cs])
            .in_force_within(p.start, p.end)
            .values("person_id")
        ),
        unit=_("名"),
        section=SECTION,
        order=90,
    ),
    Figure(
        key="key_projects",
        label=_("联系包抓的重点项目"),
        kind="event",
        compute=_projects,
        grouped=lambda cs, p: by_committee(KeyProject.objects.in_liaison_within(p.start, p.end), cs),
        sentence=_("联系包抓重点项目{value}个"),
        evidence=lambda c, p: _url("projects", c, p),
        unit=_("个"),
        section=SECTION,
        order=91,
    ),
    Figure(
        key="site_visits",
        label=_("赴项目现场督促指导"),
        kind="event",
        compute=_visits,
        grouped=lambda cs, p: by_committee(SiteVisit.objects.within(p.start, p.end), cs),
        sentence=_("赴项目现场督促指导项目建设{value}次（{person_times}人次）"),
        evidence=lambda c, p: _url("visits", c, p),
        unit=_("次"),
        section=SECTION,
        order=92,
    ),
    Figure(
        key="problems_coordinated",
        label=_("协调解决的困难和问题"),
        kind="event",
        compute=_problems,
        grouped=lambda cs, p: by_committee(Problem.objects.raised_within(p.start, p.end), cs),
        sentence=_("协调解决有关困难、问题{value}个，其中已解决{resolved}个"),
        evidence=lambda c, p: _url("problems", c, p),
        unit=_("个"),
        section=SECTION,
        order=93,
    ),
)
