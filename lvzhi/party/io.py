"""The 党支部 column of the roster: shown in the member list, filtered on, imported and exported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lvzhi.core.audit import audit_log_many
from lvzhi.core.codes import CPC_CODES, Political
from lvzhi.org.extensions import RowContext
from lvzhi.org.models import Committee, Person, SpecialCommittee, Term
from lvzhi.party.choices import BranchKind, BranchRole
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.party.services import branch_create

NOT_IN_BRANCH = "none"
IN_ANY_BRANCH = "any"  # organized in a regular (not temporary) branch: the figure cpc_members_in_branches


@dataclass
class _ImportState:
    committee: Committee
    create_missing: bool
    by_name: dict[str, PartyBranch]
    to_create: list[str] = field(default_factory=list)


class BranchField:
    header = "党支部"
    filter_name = "branch"
    filter_label = "党支部"

    def choices(self, committee: Committee) -> list[tuple[str, str]]:
        branches = PartyBranch.objects.filter(committee=committee).order_by("order", "pk")
        return [
            *((str(b.pk), b.name) for b in branches),
            (IN_ANY_BRANCH, "已编入党支部"),
            (NOT_IN_BRANCH, "未编入党支部"),
        ]

    def filter(self, memberships: QuerySet, value: str, on: date) -> QuerySet:
        active = PartyMembership.objects.active_on(on).filter(
            person_id=OuterRef("person_id"), branch__in=PartyBranch.objects.active_on(on)
        )
        regular = active.exclude(branch__kind=BranchKind.TEMPORARY)
        if value == NOT_IN_BRANCH:
            return memberships.filter(~Exists(regular))
        if value == IN_ANY_BRANCH:
            return memberships.filter(Exists(regular))
        if not value.isdigit():
            return memberships.none()
        return memberships.filter(Exists(active.filter(branch_id=int(value))))

    def values(self, committee: Committee, person_ids: Iterable[int], on: date) -> Mapping[int, str]:
        """The regular branch only: a temporary branch is not the member's organization, and the column
        must import back as it was exported."""
        return dict(
            PartyMembership.objects.filter(committee=committee, person_id__in=list(person_ids))
            .active_on(on)
            .exclude(branch__kind=BranchKind.TEMPORARY)
            .values_list("person_id", "branch__name")
        )

    def prepare(
        self, committee: Committee, *, create_missing: bool, special_committees: Iterable[str]
    ) -> Any:
        branches = {b.name: b for b in PartyBranch.objects.filter(committee=committee)}
        return _ImportState(committee=committee, create_missing=create_missing, by_name=branches)

    def check(self, state: Any, value: str, row: RowContext) -> str | None:
        if row.political not in CPC_CODES:
            label = Political(row.political).label if row.political else "未知"
            return f"政治面貌为「{label}」，只有中共党员（含预备党员）才能编入党支部"
        if value in state.by_name and state.by_name[value].kind == BranchKind.TEMPORARY:
            return f"「{value}」是临时党支部，此列填写党员所在的功能型或机关党支部"
        if value in state.by_name or value in state.to_create:
            return None
        if len(value) > PartyBranch.NAME_MAX_LENGTH:
            return f"党支部名称不能超过{PartyBranch.NAME_MAX_LENGTH}个字"
        if state.create_missing:
            state.to_create.append(value)
            return None
        return f"系统中没有党支部「{value}」（可在导入时选择自动创建）"

    def created(self, state: Any) -> list[str]:
        return list(state.to_create)

    def apply(self, state: Any, assignments: Mapping[int, str], *, on: date, by: Any) -> dict[str, int]:
        """Organize each person in the named branch, as ``party_member_assign`` does one at a time (out of
        the other regular branch, dated; no join date for a person never organized before), in bulk."""
        committee = state.committee
        term = Term.objects.in_force(committee, on)
        established = term.start if term is not None else on
        for name in state.to_create:
            state.by_name[name] = _create_branch(committee, name, established_on=established, by=by)
        ever: set[int] = set()
        current_regular: dict[int, list[PartyMembership]] = defaultdict(list)
        current: set[tuple[int, int]] = set()
        for pm in PartyMembership.objects.filter(
            committee=committee, person_id__in=list(assignments)
        ).select_related("branch", "person"):
            ever.add(pm.person_id)
            if pm.left_on is None:
                current.add((pm.person_id, pm.branch_id))
                if pm.branch.kind != BranchKind.TEMPORARY:
                    current_regular[pm.person_id].append(pm)
        persons = Person.objects.in_bulk(
            [pid for pid, name in assignments.items() if (pid, state.by_name[name].pk) not in current]
        )
        left: list[PartyMembership] = []
        joined: list[PartyMembership] = []
        for person_id, name in assignments.items():
            branch = state.by_name[name]
            if (person_id, branch.pk) in current:
                continue
            for old in current_regular.get(person_id, []):
                old.left_on = max(on, old.joined_on) if old.joined_on else on
                left.append(old)
            joined.append(
                PartyMembership(
                    committee=committee,
                    branch=branch,
                    person=persons[person_id],
                    role=BranchRole.MEMBER,
                    joined_on=on if person_id in ever else None,
                )
            )
        user = by if getattr(by, "pk", None) else None
        if left:
            bulk_update_with_history(left, PartyMembership, ["left_on"], batch_size=500, default_user=user)
            audit_log_many("party_member_leave", left, user=by)
        if joined:
            bulk_create_with_history(joined, PartyMembership, batch_size=500, default_user=user)
            audit_log_many("party_member_assign", joined, user=by)
        return {"党支部编入": len(joined)} if joined else {}


def _create_branch(committee: Committee, name: str, *, established_on: date, by: Any) -> PartyBranch:
    """A branch the import creates: named after a special committee plus 党支部, it is that committee's
    functional branch; any other name becomes an office branch, for staff to correct if needed. It is
    established on the start of the term whose roster is imported, so an earlier term's figures do not
    count it."""
    for sc in SpecialCommittee.objects.filter(committee=committee):
        names = {f"{sc.name}党支部"} | ({f"{sc.short_name}党支部"} if sc.short_name else set())
        if name in names and not sc.branches.filter(kind=BranchKind.FUNCTIONAL).exists():
            return branch_create(
                committee=committee,
                name=name,
                kind=BranchKind.FUNCTIONAL,
                special_committee=sc,
                established_on=established_on,
                by=by,
            )
    return branch_create(
        committee=committee, name=name, kind=BranchKind.OFFICE, established_on=established_on, by=by
    )


def political_change_problems(person: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """A person still organized in a branch cannot become non-CPC: the transfer out comes first."""
    political = values.get("political")
    if political is None or political in CPC_CODES or person.pk is None or person.political not in CPC_CODES:
        return {}  # only a CPC member becoming non-CPC can still be in a branch
    branches = list(
        PartyMembership.objects.filter(committee_id=person.committee_id, person=person)
        .current()
        .values_list("branch__name", flat=True)
    )
    if not branches:
        return {}
    label = Political(political).label
    return {
        "political": f"该人员仍在「{'、'.join(branches)}」，请先在党支部页面为其办理转出，再将政治面貌改为「{label}」"
    }
