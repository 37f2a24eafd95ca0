"""Demo branches: one functional branch per special committee holding all its CPC members (86 in all),
and the office's 机关党支部 for CPC staff."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from lvzhi.core.codes import CPC_CODES
from lvzhi.core.demo import DemoContext
from lvzhi.org.choices import Position
from lvzhi.party.choices import BranchKind, BranchRole
from lvzhi.party.models import PartyMembership
from lvzhi.party.services import branch_create

ORDER = 20


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    established = ctx.objects["term"].start
    memberships = ctx.objects["memberships"]
    branches = []
    rows: list[PartyMembership] = []
    for sc in ctx.objects["special_committees"]:
        cpc = [m for m in memberships if m.special_committee_id == sc.pk and m.person.political in CPC_CODES]
        # The secretary: a CPC member of the committee, senior ones first.
        cpc.sort(
            key=lambda m: (m.position == Position.MEMBER, m.person.political != "01", m.person.stroke_key)
        )
        secretary = cpc[0].person
        branch = branch_create(
            committee=committee,
            name=f"{sc.name}党支部",
            kind=BranchKind.FUNCTIONAL,
            special_committee=sc,
            secretary=secretary,
            established_on=established,
        )
        branches.append(branch)
        rows += [
            PartyMembership(
                committee=committee,
                branch=branch,
                person=m.person,
                role=BranchRole.SECRETARY if m.person == secretary else BranchRole.MEMBER,
            )
            for m in cpc
        ]
    staff_cpc = [p for p in ctx.objects["staff_people"] if p.political in CPC_CODES]
    office = branch_create(
        committee=committee,
        name="政协机关党支部",
        kind=BranchKind.OFFICE,
        secretary=staff_cpc[0],
        established_on=established,
    )
    rows += [
        PartyMembership(
            committee=committee,
            branch=office,
            person=p,
            role=BranchRole.SECRETARY if p == staff_cpc[0] else BranchRole.MEMBER,
        )
        for p in staff_cpc
    ]
    bulk_create_with_history(rows, PartyMembership)
    ctx.objects.update(branches=branches, office_branch=office)
