"""Who may do what in consult; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _is_member(scope: Scope, obj: Any) -> bool:
    """A 委员 opens the lists and sees in them what is their own (``visible_to`` decides what)."""
    return scope.has_role(committee_id_of(obj), Role.MEMBER)


def _answering_unit(scope: Scope, obj: Any) -> bool:
    """A handling unit's account, for a suggestion assigned to its unit (a committee: any of them)."""
    units = scope.units.get(committee_id_of(obj), frozenset())
    if not units:
        return False
    if obj._meta.label_lower == "org.committee":
        return True
    return obj.units.filter(pk__in=units).exists()


register(
    {
        "consult.view": reads_committee,
        "consult.list": any_of(reads_committee, _is_member),
        "consult.manage": has_role(Role.STAFF),
        # The suggestion list: readers all, a 委员 their own, a handling unit what was assigned to it.
        "consult.suggestions": any_of(reads_committee, _is_member, has_role(Role.UNIT)),
        # 答复: staff enter a reply received on paper; a unit answers what was assigned to it.
        "consult.reply": any_of(has_role(Role.STAFF), _answering_unit),
    }
)
