"""Summary figures of the org app: members, special committees, sectors (stocks at the period's end)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Period, register
from lvzhi.org.models import Committee, SpecialCommittee, TermMembership

SECTION = "加强组织建设"


def members_url(committee: Committee, period: Period, **params: str) -> str:
    query = urlencode({"as_of": period.end.isoformat(), **params})
    return f"{reverse('org:members', kwargs={'committee': committee.code})}?{query}"


def _members(committee: Committee, period: Period) -> int:
    return TermMembership.objects.current(committee, period.end).count()


def _sectors(committee: Committee, period: Period) -> int:
    return (
        TermMembership.objects.current(committee, period.end)
        .exclude(sector=None)
        .values("sector_id")
        .distinct()
        .count()
    )


def _special_committees(committee: Committee, period: Period) -> int:
    return SpecialCommittee.objects.filter(committee=committee).count()


register(
    Figure(
        key="members",
        label=_("政协委员"),
        kind="stock",
        compute=_members,
        sentence=_("本届共有政协委员{value}名"),
        evidence=lambda c, p: members_url(c, p),
        unit=_("名"),
        section=SECTION,
        order=10,
    ),
    Figure(
        key="sectors",
        label=_("界别"),
        kind="stock",
        compute=_sectors,
        sentence=_("分属{value}个界别"),
        evidence=lambda c, p: (
            f"{reverse('org:sectors', kwargs={'committee': c.code})}?as_of={p.end.isoformat()}"
        ),
        unit=_("个"),
        section=SECTION,
        order=11,
    ),
    Figure(
        key="special_committees",
        label=_("专委会"),
        kind="stock",
        compute=_special_committees,
        sentence=_("划分到{value}个专委会"),
        evidence=lambda c, p: (
            f"{reverse('org:special_committees', kwargs={'committee': c.code})}?as_of={p.end.isoformat()}"
        ),
        unit=_("个"),
        section=SECTION,
        order=12,
    ),
)
