"""Who may do what in rules; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def member_reads_public(scope: Scope, obj: Any) -> bool:
    """A 委员 reads their committee's texts marked public (the list, and each such text)."""
    if not scope.has_role(committee_id_of(obj), Role.MEMBER):
        return False
    return obj._meta.label_lower == "org.committee" or bool(getattr(obj, "is_public", False))


register(
    {
        "rules.view": any_of(reads_committee, member_reads_public),
        "rules.manage": has_role(Role.STAFF),
    }
)
