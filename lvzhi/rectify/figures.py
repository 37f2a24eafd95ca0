"""Summary figures of the ledger: problems found, problems closed, problems overdue at the period's end."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Period, by_committee, list_url, register
from lvzhi.org.figures import SECTION
from lvzhi.org.models import Committee
from lvzhi.rectify.models import LedgerItem


def ledger_url(committee: Committee, **query: str) -> str:
    return list_url("rectify:ledger", committee, **query)


def _problems(committee: Committee, period: Period) -> int:
    return LedgerItem.objects.filter(
        committee=committee, registered_on__gte=period.start, registered_on__lte=period.end
    ).count()


def _closed(committee: Committee, period: Period) -> int:
    return LedgerItem.objects.filter(
        committee=committee, closed_on__gte=period.start, closed_on__lte=period.end
    ).count()


def _overdue_on(period: Period) -> date:
    """A stock taken at the period's end, or today while the period is still running."""
    return min(period.end, timezone.localdate())


def _overdue(committee: Committee, period: Period) -> int:
    return LedgerItem.objects.filter(committee=committee).overdue_on(_overdue_on(period)).count()


register(
    Figure(
        key="ledger_problems",
        label=_("排查整改问题"),
        kind="event",
        compute=_problems,
        grouped=lambda cs, p: by_committee(
            LedgerItem.objects.filter(registered_on__gte=p.start, registered_on__lte=p.end), cs
        ),
        sentence=_("建立排查整改台账，登记问题{value}个"),
        evidence=lambda c, p: ledger_url(c, **{"from": p.start.isoformat(), "to": p.end.isoformat()}),
        unit=_("个"),
        section=SECTION,
        order=50,
    ),
    Figure(
        key="ledger_closed",
        label=_("整改销号问题"),
        kind="event",
        compute=_closed,
        grouped=lambda cs, p: by_committee(
            LedgerItem.objects.filter(closed_on__gte=p.start, closed_on__lte=p.end), cs
        ),
        sentence=_("已整改销号{value}个"),
        evidence=lambda c, p: ledger_url(c, closed_from=p.start.isoformat(), closed_to=p.end.isoformat()),
        unit=_("个"),
        section=SECTION,
        order=51,
    ),
    Figure(
        key="ledger_overdue",
        label=_("逾期未销号问题"),
        kind="stock",
        compute=_overdue,
        grouped=lambda cs, p: by_committee(LedgerItem.objects.overdue_on(_overdue_on(p)), cs),
        sentence=_("逾期未销号{value}个"),
        evidence=lambda c, p: ledger_url(c, overdue="1", on=_overdue_on(p).isoformat()),
        unit=_("个"),
        section=SECTION,
        order=52,
    ),
)
