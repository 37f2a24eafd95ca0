"""Summary figures of the org app: members, special committees, sectors (stocks at the period's end)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Number, Period, by_committee, committee_path, register
from lvzhi.org.models import Committee, SpecialCommittee, TermMembership

SECTION = "加强组织建设"


def members_url(committee: Committee, period: Period, **params: str) -> str:
    query = urlencode({"as_of": period.end.isoformat(), **params})
    return f"{committee_path('org:members', committee)}?{query}"


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


def _members_many(committees: Sequence[Committee], period: Period) -> dict[int, Number]:
    return by_committee(TermMembership.objects.current_many(committees, period.end), committees)


def _sectors_many(committees: Sequence[Committee], period: Period) -> dict[int, Number]:
    current = TermMembership.objects.current_many(committees, period.end).exclude(sector=None)
    return by_committee(current, committees, Count("sector_id", distinct=True))


def _special_committees(committee: Committee, period: Period) -> int:
    return SpecialCommittee.objects.filter(committee=committee).count()


register(
    Figure(
        key="members",
        label=_("政协委员"),
        kind="stock",
        compute=_members,
        grouped=_members_many,
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
        grouped=_sectors_many,
        sentence=_("分属{value}个界别"),
        evidence=lambda c, p: f"{committee_path('org:sectors', c)}?as_of={p.end.isoformat()}",
        unit=_("个"),
        section=SECTION,
        order=11,
    ),
    Figure(
        key="special_committees",
        label=_("专委会"),
        kind="stock",
        compute=_special_committees,
        grouped=lambda cs, p: by_committee(SpecialCommittee.objects.all(), cs),
        sentence=_("划分到{value}个专委会"),
        evidence=lambda c, p: f"{committee_path('org:special_committees', c)}?as_of={p.end.isoformat()}",
        unit=_("个"),
        section=SECTION,
        order=12,
    ),
)
