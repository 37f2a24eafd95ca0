"""Summary figures of the rules app: work rules revised and documents issued in the period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Period, by_committee, list_url, register
from lvzhi.org.figures import SECTION
from lvzhi.org.models import Committee
from lvzhi.rules.choices import RegulationKind
from lvzhi.rules.models import Regulation, RegulationQuerySet


def _in_period(committee: Committee, period: Period) -> RegulationQuerySet:
    return Regulation.objects.filter(committee=committee).issued_within(period.start, period.end)


def _revisions(period: Period) -> RegulationQuerySet:
    return Regulation.objects.issued_within(period.start, period.end).filter(
        kind=RegulationKind.RULE, replaces__isnull=False
    )


def _documents(period: Period) -> RegulationQuerySet:
    return Regulation.objects.issued_within(period.start, period.end).filter(kind=RegulationKind.DOCUMENT)


def _revised(committee: Committee, period: Period) -> int:
    return _in_period(committee, period).filter(kind=RegulationKind.RULE, replaces__isnull=False).count()


def _issued(committee: Committee, period: Period) -> int:
    return _in_period(committee, period).filter(kind=RegulationKind.DOCUMENT).count()


def rules_url(committee: Committee, period: Period, **query: str) -> str:
    return list_url(
        "rules:list", committee, **{"from": period.start.isoformat(), "to": period.end.isoformat()}, **query
    )


register(
    Figure(
        key="rules_revised",
        label=_("修订的工作制度"),
        kind="event",
        compute=_revised,
        grouped=lambda cs, p: by_committee(_revisions(p), cs),
        sentence=_("修订完善工作制度{value}项"),
        evidence=lambda c, p: rules_url(c, p, kind=RegulationKind.RULE, revision="1"),
        unit=_("项"),
        section=SECTION,
        order=40,
    ),
    Figure(
        key="rules_issued",
        label=_("印发的文件"),
        kind="event",
        compute=_issued,
        grouped=lambda cs, p: by_committee(_documents(p), cs),
        sentence=_("印发文件{value}个"),
        evidence=lambda c, p: rules_url(c, p, kind=RegulationKind.DOCUMENT),
        unit=_("个"),
        section=SECTION,
        order=41,
    ),
)
