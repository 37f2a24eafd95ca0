"""Summary figures of study: study groups, sessions held (with 委员讲堂), trainings, and the members who
read in the 书香政协 campaign. Each links to the list that shows exactly the records counted."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Period, by_committee, list_url, register
from lvzhi.org.models import Committee
from lvzhi.study.models import ReadingLog, StudyGroup, StudySession, Training, TrainingParticipant

SECTION = "深化理论学习"


def _period_query(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def _study_groups(committee: Committee, period: Period) -> int:
    return StudyGroup.objects.filter(committee=committee).existing_on(period.end).count()


def _study_sessions(committee: Committee, period: Period) -> Measured:
    sessions = StudySession.objects.filter(committee=committee).held_within(period.start, period.end)
    counts = sessions.aggregate(n=Count("id"), lectures=Count("id", filter=Q(speaker__isnull=False)))
    return Measured(counts["n"], {"lectures": counts["lectures"]})


def _trainings(committee: Committee, period: Period) -> Measured:
    trainings = Training.objects.filter(committee=committee).started_within(period.start, period.end)
    totals = trainings.aggregate(n=Count("id"), hours=Sum("hours"))
    person_times = TrainingParticipant.objects.filter(training__in=trainings).count()
    return Measured(totals["n"], {"person_times": person_times, "hours": _hours(totals["hours"])})


def _hours(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)).normalize():f}"


def _reading_members(committee: Committee, period: Period) -> Measured:
    logs = ReadingLog.objects.filter(committee=committee).within(period.start, period.end)
    totals = logs.aggregate(members=Count("person_id", distinct=True), books=Count("id"), hours=Sum("hours"))
    return Measured(totals["members"], {"books": totals["books"], "hours": _hours(totals["hours"])})


register(
    Figure(
        key="study_groups",
        label=_("学习组"),
        kind="stock",
        compute=_study_groups,
        grouped=lambda cs, p: by_committee(StudyGroup.objects.existing_on(p.end), cs),
        sentence=_("成立{value}个学习组"),
        evidence=lambda c, p: list_url("study:groups", c, as_of=p.end.isoformat()),
        unit=_("个"),
        section=SECTION,
        order=60,
    ),
    Figure(
        key="study_sessions",
        label=_("理论学习"),
        kind="event",
        compute=_study_sessions,
        grouped=lambda cs, p: by_committee(StudySession.objects.held_within(p.start, p.end), cs),
        sentence=_(
            "通过常委会专题学、主席会重点学、职工会集中学、专委会引导委员学等方式开展理论学习{value}次，其中委员讲堂{lectures}期"
        ),
        evidence=lambda c, p: list_url("study:sessions", c, **_period_query(p)),
        unit=_("次"),
        section=SECTION,
        order=61,
    ),
    Figure(
        key="trainings",
        label=_("委员培训"),
        kind="event",
        compute=_trainings,
        grouped=lambda cs, p: by_committee(Training.objects.started_within(p.start, p.end), cs),
        sentence=_("组织政治理论和业务知识培训{value}期，参训{person_times}人次，共{hours}学时"),
        evidence=lambda c, p: list_url("study:trainings", c, **_period_query(p)),
        unit=_("期"),
        section=SECTION,
        order=62,
    ),
    Figure(
        key="reading_members",
        label=_("参加读书活动的委员"),
        kind="event",
        compute=_reading_members,
        grouped=lambda cs, p: by_committee(
            ReadingLog.objects.within(p.start, p.end), cs, Count("person_id", distinct=True)
        ),
        sentence=_("开展“书香政协”委员读书活动，{value}名委员参与，阅读书籍{books}本次、{hours}小时"),
        evidence=lambda c, p: list_url("study:reading_logs", c, **_period_query(p)),
        rollup="distinct",
        distinct_ids=lambda c, p: (
            ReadingLog.objects.filter(committee=c).within(p.start, p.end).values("person_id")
        ),
        distinct_ids_many=lambda cs, p: (
            ReadingLog.objects.filter(committee_id__in=[c.pk for c in cs])
            .within(p.start, p.end)
            .values("person_id")
        ),
        unit=_("名"),
        section=SECTION,
        order=63,
    ),
)
