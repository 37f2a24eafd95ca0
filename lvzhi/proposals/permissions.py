"""Who may do what with proposals; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _unit_of(scope: Scope, obj: Any) -> bool:
    """A handling unit's account, for the proposals assigned to its unit (a committee: any of them)."""
    units = scope.units.get(committee_id_of(obj), frozenset())
    if not units:
        return False
    if obj._meta.label_lower == "org.committee":
        return True
    return obj.assignments.filter(unit_id__in=units).exists()


def _proposer(scope: Scope, obj: Any) -> bool:
    if scope.person_id is None:
        return False
    if obj._meta.label_lower == "org.committee":
        return False
    return scope.person_id in obj.proposer_ids() or obj.cosigners.filter(person_id=scope.person_id).exists()


def _author(scope: Scope, obj: Any) -> bool:
    return scope.person_id is not None and getattr(obj, "lead_id", None) == scope.person_id


register(
    {
        # The proposal list: the committee's readers all of it; members their own; units what they handle.
        "proposals.list": any_of(reads_committee, has_role(Role.MEMBER), has_role(Role.UNIT)),
        "proposals.view": any_of(reads_committee, _proposer, _unit_of),
        # A member drafts their own; staff may enter one for a member or a body.
        "proposals.draft": any_of(has_role(Role.MEMBER), has_role(Role.STAFF)),
        "proposals.edit_draft": any_of(_author, has_role(Role.STAFF)),
        "proposals.manage": has_role(Role.STAFF),
        "proposals.reply": any_of(_unit_of, has_role(Role.STAFF)),
        "proposals.feedback": _proposer,
    }
)
