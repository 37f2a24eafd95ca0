"""Who may do what with 社情民意信息; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _author(scope: Scope, obj: Any) -> bool:
    if scope.person_id is None or obj._meta.label_lower == "org.committee":
        return False
    return scope.person_id in obj.author_ids()


def _writer(scope: Scope, obj: Any) -> bool:
    """The member who wrote the draft (its first author)."""
    return scope.person_id is not None and getattr(obj, "lead_id", None) == scope.person_id


register(
    {
        # The list: the committee's readers all of it; a member their own.
        "opinions.list": any_of(reads_committee, has_role(Role.MEMBER)),
        "opinions.view": any_of(reads_committee, _author),
        "opinions.draft": any_of(has_role(Role.MEMBER), has_role(Role.STAFF)),
        "opinions.edit_draft": any_of(_writer, has_role(Role.STAFF)),
        "opinions.manage": has_role(Role.STAFF),
    }
)
