"""Summary figures of service: staff deployed to communities, members taking part, donations, service
activities and the people they served. Each links to the list that shows exactly the records counted."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Number, Period, by_committee, list_url, register
from lvzhi.org.models import Committee
from lvzhi.service.models import Deployment, Donation, ServiceActivity
from lvzhi.service.selectors import participating_members, participating_members_many

SECTION = "优化融合发展"


def _yuan(value: object) -> str:
    return f"{value:,.2f}"


def _staff_deployed(committee: Committee, period: Period) -> Measured:
    deployments = Deployment.objects.filter(committee=committee).within(period.start, period.end)
    counts = deployments.aggregate(
        people=Count("person_id", distinct=True), places=Count("place", distinct=True)
    )
    return Measured(counts["people"], {"places": counts["places"]})


def _members_participating(committee: Committee, period: Period) -> int:
    return participating_members(committee, period.start, period.end).count()


def _donations_yuan(committee: Committee, period: Period) -> Measured:
    totals = Donation.objects.filter(committee=committee).within(period.start, period.end).totals()
    return Measured(
        totals["total"],
        {"money": _yuan(totals["money"]), "goods": _yuan(totals["goods"]), "donors": totals["donors"]},
    )


def _donations_many(committees: Sequence[Committee], period: Period) -> dict[int, Number]:
    rows = (
        Donation.objects.filter(committee_id__in=[c.pk for c in committees])
        .within(period.start, period.end)
        .order_by()
        .values("committee_id")
        .annotate(money=Sum("money"), goods=Sum("goods_value"))
        .values_list("committee_id", "money", "goods")
    )
    return {c: (money or Decimal(0)) + (goods or Decimal(0)) for c, money, goods in rows}


def _activities(committee: Committee, period: Period) -> QuerySet[ServiceActivity]:
    return ServiceActivity.objects.filter(committee=committee).held_within(period.start, period.end)


def _service_activities(committee: Committee, period: Period) -> Measured:
    """The activities held, and the sectors that organized them (「科技、医卫、文艺」界)."""
    activities = _activities(committee, period)
    names = (
        activities.exclude(sector=None)
        .order_by("sector__order")
        .values_list("sector__short_name", "sector__name")
    )
    sectors = dict.fromkeys(
        (short or name).removesuffix("界").replace("特别邀请人士", "特邀") for short, name in names
    )
    return Measured(activities.count(), {"sectors": "、".join(sectors) + "界" if sectors else "各界"})


def _beneficiaries(committee: Committee, period: Period) -> int:
    return int(_activities(committee, period).aggregate(n=Sum("beneficiaries"))["n"] or 0)


def _period_query(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


register(
    Figure(
        key="staff_deployed",
        label=_("下沉小区的机关干部"),
        kind="event",
        compute=_staff_deployed,
        grouped=lambda cs, p: by_committee(
            Deployment.objects.within(p.start, p.end), cs, Count("person_id", distinct=True)
        ),
        sentence=_("{value}名机关干部下沉{places}个社区（小区）"),
        evidence=lambda c, p: list_url("service:deployments", c, **_period_query(p)),
        rollup="distinct",
        distinct_ids=lambda c, p: (
            Deployment.objects.filter(committee=c).within(p.start, p.end).values("person_id")
        ),
        distinct_ids_many=lambda cs, p: (
            Deployment.objects.filter(committee_id__in=[c.pk for c in cs])
            .within(p.start, p.end)
            .values("person_id")
        ),
        unit=_("名"),
        section=SECTION,
        order=90,
    ),
    Figure(
        key="members_participating",
        label=_("参与服务的委员"),
        kind="event",
        compute=_members_participating,
        grouped=lambda cs, p: by_committee(participating_members_many(cs, p.start, p.end), cs),
        sentence=_("{value}名政协委员参与服务行动和界别服务活动"),
        evidence=lambda c, p: list_url("service:participants", c, **_period_query(p)),
        rollup="distinct",
        distinct_ids=lambda c, p: participating_members(c, p.start, p.end).values("pk"),
        distinct_ids_many=lambda cs, p: participating_members_many(cs, p.start, p.end).values("pk"),
        unit=_("名"),
        section=SECTION,
        order=91,
    ),
    Figure(
        key="donations_yuan",
        label=_("捐款捐物"),
        kind="event",
        compute=_donations_yuan,
        grouped=_donations_many,
        sentence=_("组织委员捐款捐物{value}元（捐款{money}元、捐物折价{goods}元，{donors}个捐赠人）"),
        evidence=lambda c, p: list_url("service:donations", c, **_period_query(p)),
        unit=_("元"),
        section=SECTION,
        order=92,
    ),
    Figure(
        key="service_activities",
        label=_("界别服务活动"),
        kind="event",
        compute=_service_activities,
        grouped=lambda cs, p: by_committee(ServiceActivity.objects.held_within(p.start, p.end), cs),
        sentence=_("组织{sectors}委员开展服务活动{value}场次"),
        evidence=lambda c, p: list_url("service:activities", c, **_period_query(p)),
        unit=_("场次"),
        section=SECTION,
        order=93,
    ),
    Figure(
        key="beneficiaries",
        label=_("惠及群众"),
        kind="event",
        compute=_beneficiaries,
        grouped=lambda cs, p: {
            c: int(n or 0)
            for c, n in by_committee(
                ServiceActivity.objects.held_within(p.start, p.end), cs, Sum("beneficiaries")
            ).items()
        },
        sentence=_("服务活动惠及群众{value}人"),
        evidence=lambda c, p: list_url("service:activities", c, **_period_query(p)),
        unit=_("人"),
        section=SECTION,
        order=94,
    ),
)
