"""Summary figures of the party app: branches and the CPC members among the members."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.codes import CPC_CODES
from lvzhi.core.figures import (
    Figure,
    Measured,
    Number,
    Period,
    by_committee,
    committee_path,
    list_url,
    register,
)
from lvzhi.org.figures import SECTION, members_url
from lvzhi.org.models import Committee, TermMembership
from lvzhi.party.choices import AttendanceStatus, BranchKind
from lvzhi.party.coverage import coverage
from lvzhi.party.models import Attendance, Meeting, PartyBranch, PartyMembership
from lvzhi.party.orglife import LEADER_POSITIONS, leader_ids


def _party_branches(committee: Committee, period: Period) -> Measured:
    """Functional branches of special committees; office and temporary ones are named, not counted."""
    branches = PartyBranch.objects.filter(committee=committee).active_on(period.end)
    functional = branches.functional().count()
    others = [str(b.name) for b in branches.exclude(kind=BranchKind.FUNCTIONAL)]
    note = f"（另有{'、'.join(others)}，不计入）" if others else ""
    return Measured(functional, {"others": note})


def _cpc_members(committee: Committee, period: Period) -> int:
    return (
        TermMembership.objects.current(committee, period.end).filter(person__political__in=CPC_CODES).count()
    )


def _cpc_members_in_branches(committee: Committee, period: Period) -> int:
    return coverage(committee, period.end).party_org.covered


def _cpc_current_many(committees: Sequence[Committee], period: Period) -> QuerySet[TermMembership]:
    return TermMembership.objects.current_many(committees, period.end).filter(person__political__in=CPC_CODES)


def _cpc_in_branches_many(committees: Sequence[Committee], period: Period) -> dict[int, Number]:
    """As ``coverage``: a CPC member is covered by a membership, active on the day, of a branch of the
    same committee active on the day and not temporary."""
    on = period.end
    in_branch = (
        PartyMembership.objects.filter(committee_id=OuterRef("committee_id"), person_id=OuterRef("person_id"))
        .active_on(on)
        .filter(branch__in=PartyBranch.objects.active_on(on), branch__committee_id=OuterRef("committee_id"))
        .exclude(branch__kind=BranchKind.TEMPORARY)
    )
    return by_committee(_cpc_current_many(committees, period).filter(Exists(in_branch)), committees)


register(
    Figure(
        key="party_branches",
        label=_("专委会党支部"),
        kind="stock",
        compute=_party_branches,
        grouped=lambda cs, p: by_committee(PartyBranch.objects.active_on(p.end).functional(), cs),
        sentence=_("组建{value}个专委会党支部{others}"),
        evidence=lambda c, p: (
            f"{committee_path('party:branches', c)}?kind=functional&as_of={p.end.isoformat()}"
        ),
        unit=_("个"),
        section=SECTION,
        order=20,
    ),
    Figure(
        key="cpc_members",
        label=_("党员委员"),
        kind="stock",
        compute=_cpc_members,
        grouped=lambda cs, p: by_committee(_cpc_current_many(cs, p), cs),
        sentence=_("党员委员{value}名"),
        evidence=lambda c, p: members_url(c, p, party="cpc"),
        unit=_("名"),
        section=SECTION,
        order=21,
    ),
    Figure(
        key="cpc_members_in_branches",
        label=_("纳入党支部管理的党员委员"),
        kind="stock",
        compute=_cpc_members_in_branches,
        grouped=_cpc_in_branches_many,
        sentence=_("其中{value}名纳入党支部管理"),
        evidence=lambda c, p: members_url(c, p, party="cpc", branch="any"),
        unit=_("名"),
        section=SECTION,
        order=22,
    ),
)


def _orglife_meetings(committee: Committee, period: Period) -> int:
    return (
        Meeting.objects.filter(committee=committee, held_on__gte=period.start, held_on__lte=period.end)
        .counted()
        .count()
    )


def _dual_orglife(committee: Committee, period: Period) -> int:
    """Leaders (主席、副主席、秘书长 serving at the period's end) present at branch meetings as members."""
    return Attendance.objects.filter(
        committee=committee,
        status=AttendanceStatus.PRESENT,
        meeting__branch__isnull=False,  # a branch's life, not the 党组's 民主生活会
        person_id__in=leader_ids(committee, period.end),
        meeting__in=Meeting.objects.filter(
            committee=committee, held_on__gte=period.start, held_on__lte=period.end
        ).counted(),
    ).count()


def _counted_meetings(period: Period) -> QuerySet[Meeting]:
    return Meeting.objects.filter(held_on__gte=period.start, held_on__lte=period.end).counted()


def _dual_orglife_many(committees: Sequence[Committee], period: Period) -> dict[int, Number]:
    leaders = TermMembership.objects.current_many(committees, period.end).filter(
        position__in=LEADER_POSITIONS,
        committee_id=OuterRef("committee_id"),
        person_id=OuterRef("person_id"),
    )
    attendances = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        meeting__branch__isnull=False,
        meeting__in=_counted_meetings(period),
        meeting__committee_id=F("committee_id"),
    ).filter(Exists(leaders))
    return by_committee(attendances, committees)


def _meetings_url(committee: Committee, period: Period, **query: str) -> str:
    return list_url(
        "party:meetings",
        committee,
        **{"from": period.start.isoformat(), "to": period.end.isoformat()},
        **query,
    )


register(
    Figure(
        key="orglife_meetings",
        label=_("组织生活"),
        kind="event",
        compute=_orglife_meetings,
        grouped=lambda cs, p: by_committee(_counted_meetings(p), cs),
        sentence=_("各党支部开展“三会一课”等组织生活{value}次"),
        evidence=lambda c, p: _meetings_url(c, p, counted="1"),
        unit=_("次"),
        section=SECTION,
        order=23,
    ),
    Figure(
        key="dual_orglife_attendances",
        label=_("领导干部参加双重组织生活"),
        kind="event",
        compute=_dual_orglife,
        grouped=_dual_orglife_many,
        sentence=_("领导干部以普通党员身份参加双重组织生活{value}人次"),
        evidence=lambda c, p: _meetings_url(c, p, counted="1", dual="1"),
        unit=_("人次"),
        section=SECTION,
        order=24,
    ),
)
