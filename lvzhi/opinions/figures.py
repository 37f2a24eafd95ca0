"""Summary figures of 社情民意信息: pieces submitted, adopted (and by the higher CPPCC), and instructed by
leaders in the period. Each links to the list filtered on the same date."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Period, by_committee, list_url, register
from lvzhi.opinions.choices import MEMBER_KINDS, SUBMITTED_STATES, Level
from lvzhi.opinions.models import Instruction, Opinion, Report
from lvzhi.org.models import Committee

SECTION = "优化融合发展"


def _url(committee: Committee, period: Period, basis: str) -> str:
    return list_url(
        "opinions:list",
        committee,
        **{"from": period.start.isoformat(), "to": period.end.isoformat(), "basis": basis},
    )


def _submitted(committee: Committee, period: Period) -> Measured:
    qs = Opinion.objects.filter(committee=committee, status__in=SUBMITTED_STATES).submitted_within(
        period.start, period.end
    )
    counts = qs.aggregate(n=Count("id"), members=Count("id", filter=Q(kind__in=MEMBER_KINDS)))
    return Measured(counts["n"], {"by_members": counts["members"]})


def _adopted(committee: Committee, period: Period) -> Measured:
    qs = Opinion.objects.filter(committee=committee).adopted_within(period.start, period.end)
    total = qs.count()
    upper = (
        Report.objects.filter(opinion__in=qs, upper_adopted_on__isnull=False)
        .values("opinion_id")
        .distinct()
        .count()
    )
    return Measured(total, {"upper": upper})


def _instructed(committee: Committee, period: Period) -> Measured:
    qs = Opinion.objects.filter(committee=committee).instructed_within(period.start, period.end)
    total = qs.count()
    instructions = Instruction.objects.filter(
        committee=committee, instructed_on__gte=period.start, instructed_on__lte=period.end
    )
    by_level = dict(instructions.order_by().values_list("level").annotate(n=Count("id")))
    context = {level: by_level.get(level, 0) for level in Level.values}
    context["instructions"] = sum(context.values())
    return Measured(total, context)


register(
    Figure(
        key="opinions",
        label=_("报送的社情民意信息"),
        kind="event",
        compute=_submitted,
        grouped=lambda cs, p: by_committee(
            Opinion.objects.filter(status__in=SUBMITTED_STATES).submitted_within(p.start, p.end), cs
        ),
        sentence=_("委员和各参加单位报送社情民意信息{value}条"),
        evidence=lambda c, p: _url(c, p, "submitted"),
        unit=_("条"),
        section=SECTION,
        order=85,
    ),
    Figure(
        key="opinions_adopted",
        label=_("采用的社情民意信息"),
        kind="event",
        compute=_adopted,
        grouped=lambda cs, p: by_committee(Opinion.objects.adopted_within(p.start, p.end), cs),
        sentence=_("编发采用{value}条，其中被上级政协采用{upper}条"),
        evidence=lambda c, p: _url(c, p, "adopted"),
        unit=_("条"),
        section=SECTION,
        order=86,
    ),
    Figure(
        key="opinions_instructed",
        label=_("获领导批示的社情民意信息"),
        kind="event",
        compute=_instructed,
        grouped=lambda cs, p: by_committee(Opinion.objects.instructed_within(p.start, p.end), cs),
        sentence=_("获各级领导批示{value}条（批示{instructions}次）"),
        evidence=lambda c, p: _url(c, p, "instructed"),
        unit=_("条"),
        section=SECTION,
        order=87,
    ),
)
