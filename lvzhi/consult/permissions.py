"""Who may do what in consult; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _is_member(scope: Scope, obj: Any) -> bool:
    """A 委员 opens the lists and sees in them what is their own (``visible_to`` decides what)."""
    return scope.has_role(committee_id_of(obj), Role.MEMBER)


register(
    {
        "consult.view": reads_committee,
        "consult.list": any_of(reads_committee, _is_member),
        "consult.manage": has_role(Role.STAFF),
    }
)
