"""The two 全覆盖 of a committee, as a live audit over the members of the term in force.

- 党的组织对党员委员全覆盖: every CPC member (中共党员 or 预备党员) among the members is organized in one
  of the committee's regular branches (a 临时党支部 does not count);
- 党的工作对政协委员全覆盖: every member belongs to a special committee that has a functional branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lvzhi.core.codes import CPC_CODES
from lvzhi.org.models import Committee, TermMembership
from lvzhi.party.choices import BranchKind
from lvzhi.party.models import PartyBranch, PartyMembership


@dataclass(frozen=True)
class Uncovered:
    person_id: int
    name: str
    reason: str


@dataclass
class CoverageResult:
    total: int = 0
    covered: int = 0
    uncovered: list[Uncovered] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.covered == self.total

    def as_dict(self) -> dict[str, Any]:
        return {
            "covered": self.covered,
            "total": self.total,
            "full": self.full,
            "uncovered": [{"name": u.name, "reason": u.reason} for u in self.uncovered],
        }


@dataclass
class Coverage:
    committee: Committee
    on: date
    members: int
    cpc_members: int
    party_org: CoverageResult
    party_work: CoverageResult

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee.code,
            "on": self.on.isoformat(),
            "members": self.members,
            "cpc_members": self.cpc_members,
            "party_org": self.party_org.as_dict(),
            "party_work": self.party_work.as_dict(),
        }


def coverage(committee: Committee, on: date) -> Coverage:
    """Both coverages on a date, with every uncovered member and why; three queries whatever the size."""
    memberships = list(
        TermMembership.objects.current(committee, on)
        .select_related("person", "special_committee")
        .official_order()
    )
    person_ids = [m.person_id for m in memberships]
    branches_of: dict[int, list[PartyBranch]] = {}
    for pm in (
        PartyMembership.objects.filter(committee=committee, person_id__in=person_ids)
        .active_on(on)
        .filter(branch__in=PartyBranch.objects.filter(committee=committee).active_on(on))
        .select_related("branch")
    ):
        branches_of.setdefault(pm.person_id, []).append(pm.branch)
    functional_scs = set(
        PartyBranch.objects.filter(committee=committee)
        .active_on(on)
        .functional()
        .values_list("special_committee_id", flat=True)
    )

    party_org = CoverageResult()
    party_work = CoverageResult(total=len(memberships))
    for m in memberships:
        person = m.person
        if person.political in CPC_CODES:
            party_org.total += 1
            branches = branches_of.get(person.pk, [])
            regular = [b for b in branches if b.kind != BranchKind.TEMPORARY]
            if regular:
                party_org.covered += 1
            elif branches:
                names = "、".join(b.name for b in branches)
                party_org.uncovered.append(Uncovered(person.pk, person.name, f"仅编入临时党支部（{names}）"))
            else:
                party_org.uncovered.append(Uncovered(person.pk, person.name, "未编入党支部"))
        if m.special_committee_id is None:
            party_work.uncovered.append(Uncovered(person.pk, person.name, "未分配专委会"))
        elif m.special_committee_id not in functional_scs:
            party_work.uncovered.append(
                Uncovered(person.pk, person.name, f"所在专委会「{m.special_committee}」未建立功能型党支部")
            )
        else:
            party_work.covered += 1
    return Coverage(
        committee=committee,
        on=on,
        members=len(memberships),
        cpc_members=party_org.total,
        party_org=party_org,
        party_work=party_work,
    )
