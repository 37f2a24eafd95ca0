"""Who may do what in service; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _a_person_of_the_committee(scope: Scope, obj: Any) -> bool:
    """A role in the committee other than a handling unit's, with a person behind the account: they
    see their own participations (a 承办单位 sees nothing of service)."""
    return scope.person_id is not None and bool(scope.roles_in(committee_id_of(obj)) - {Role.UNIT})


register(
    {
        "service.view": reads_committee,
        "service.manage": has_role(Role.STAFF),
        "service.mine": _a_person_of_the_committee,
    }
)
