"""Writes of the party app: branches and who is organized in them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.org.models import Committee, Person, SpecialCommittee
from lvzhi.party.choices import BranchKind, BranchRole
from lvzhi.party.models import PartyBranch, PartyMembership


@transaction.atomic
def branch_create(
    *,
    committee: Committee,
    name: str,
    kind: str = BranchKind.FUNCTIONAL,
    special_committee: SpecialCommittee | None = None,
    secretary: Person | None = None,
    established_on: date | None = None,
    by: Any = None,
) -> PartyBranch:
    order = PartyBranch.objects.filter(committee=committee).count() + 1
    branch = PartyBranch(
        committee=committee,
        name=name,
        kind=kind,
        special_committee=special_committee,
        secretary=secretary,
        established_on=established_on,
        order=order,
    )
    branch.full_clean()
    branch.save()
    audit_log("branch_create", user=by, obj=branch)
    return branch


@transaction.atomic
def branch_update(
    *, branch: PartyBranch, data: dict[str, Any], expected_version: int | None, by: Any = None
) -> PartyBranch:
    branch.claim_version(expected_version)
    for field, value in data.items():
        setattr(branch, field, value)
    branch.full_clean()
    branch.save()
    return branch


@transaction.atomic
def party_member_assign(
    *,
    branch: PartyBranch,
    person: Person,
    role: str = BranchRole.MEMBER,
    on: date | None = None,
    by: Any = None,
) -> PartyMembership:
    """Organize a CPC member in a branch. A person is in one regular (functional or office) branch at a
    time: joining one moves them out of the other, dated, so past figures stay as they were. A person
    never organized before gets no join date (they were in it before records began)."""
    on = on or timezone.localdate()
    current = PartyMembership.objects.filter(committee=branch.committee, person=person).current()
    same = current.filter(branch=branch).first()
    if same is not None:
        if same.role != role:
            same.role = role
            same.full_clean()
            same.save()
        return same
    if branch.kind != BranchKind.TEMPORARY:
        for old in current.exclude(branch__kind=BranchKind.TEMPORARY).select_related("branch"):
            party_member_leave(membership=old, on=on, by=by)
    first_ever = not PartyMembership.objects.filter(committee=branch.committee, person=person).exists()
    membership = PartyMembership(
        committee=branch.committee,
        branch=branch,
        person=person,
        role=role,
        joined_on=None if first_ever else on,
    )
    membership.full_clean()
    membership.save()
    audit_log("party_member_assign", user=by, obj=membership)
    return membership


@transaction.atomic
def party_member_leave(
    *, membership: PartyMembership, on: date | None = None, by: Any = None
) -> PartyMembership:
    on = on or timezone.localdate()
    if membership.left_on is not None:
        raise ValidationError(_("该党员已转出此党支部。"))
    membership.left_on = max(on, membership.joined_on) if membership.joined_on else on
    membership.full_clean()
    membership.save()
    audit_log("party_member_leave", user=by, obj=membership)
    return membership
