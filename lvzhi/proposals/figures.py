"""Summary figures of proposals: those submitted in the period, and those 立案 with their reply classes."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Period, by_committee, list_url, register
from lvzhi.org.models import Committee
from lvzhi.proposals.choices import ANSWERING_ROLES, SUBMITTED_STATES, ReplyClass
from lvzhi.proposals.models import Proposal, Reply

# The heading the source article files proposals under (协商议政 is part of 优化融合发展).
SECTION = "优化融合发展"


def _proposals_url(committee: Committee, period: Period, **query: str) -> str:
    return list_url(
        "proposals:list",
        committee,
        **{"from": period.start.isoformat(), "to": period.end.isoformat()},
        **query,
    )


def _submitted(committee: Committee, period: Period) -> Measured:
    qs = Proposal.objects.filter(committee=committee, status__in=SUBMITTED_STATES).submitted_within(
        period.start, period.end
    )
    counts = qs.aggregate(n=Count("id"), key=Count("id", filter=Q(is_key=True)))
    return Measured(counts["n"], {"key": counts["key"]})


def latest_class(outer: str = "pk") -> Subquery:
    """The class of a proposal's latest written answer (主办 or 分办; the last round counts)."""
    return Subquery(
        Reply.objects.filter(assignment__proposal_id=OuterRef(outer), assignment__role__in=ANSWERING_ROLES)
        .order_by("-assignment__round", "assignment__role", "-replied_on", "-id")
        .values("result")[:1]
    )


def _registered(committee: Committee, period: Period) -> Measured:
    qs = Proposal.objects.filter(committee=committee, registered_on__isnull=False).registered_within(
        period.start, period.end
    )
    total = qs.count()
    by_class = dict(
        qs.annotate(cls=latest_class())
        .order_by()
        .values_list("cls")
        .annotate(n=Count("id"))
        .values_list("cls", "n")
    )
    context = {c.lower(): by_class.get(c, 0) for c in ReplyClass.values}
    context["replied"] = sum(context.values())
    return Measured(total, context)


register(
    Figure(
        key="proposals",
        label=_("提交的提案"),
        kind="event",
        compute=_submitted,
        grouped=lambda cs, p: by_committee(
            Proposal.objects.filter(status__in=SUBMITTED_STATES).submitted_within(p.start, p.end), cs
        ),
        sentence=_("委员和各参加单位提交提案{value}件，其中重点提案{key}件"),
        evidence=lambda c, p: _proposals_url(c, p, submitted="1"),
        unit=_("件"),
        section=SECTION,
        order=80,
    ),
    Figure(
        key="proposals_registered",
        label=_("立案的提案"),
        kind="event",
        compute=_registered,
        grouped=lambda cs, p: by_committee(
            Proposal.objects.filter(registered_on__isnull=False).registered_within(p.start, p.end), cs
        ),
        sentence=_(
            "立案{value}件，已答复{replied}件，其中A类（已解决或基本解决）{a}件、B类（正在解决）{b}件、"
            "C类（以后解决）{c}件、D类（留作参考）{d}件"
        ),
        evidence=lambda c, p: _proposals_url(c, p, registered="1"),
        unit=_("件"),
        section=SECTION,
        order=81,
    ),
)
