"""Who may do what with the duty archive and its scores; the matrix is in docs/permissions.md.

The archive's object is the Person whose archive it is (or the committee, for the committee-wide pages).
"""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _own(scope: Scope, obj: Any) -> bool:
    """The person is the user themself, and the user holds a role in its committee."""
    if scope.person_id is None or not scope.roles_in(committee_id_of(obj)):
        return False
    if obj._meta.label_lower == "org.committee":
        return True  # on the committee: the user has an archive there
    person_id = obj.pk if obj._meta.label_lower == "org.person" else obj.person_id
    return bool(person_id == scope.person_id)


register(
    {
        # a member's own archive; staff and leaders see anyone's
        "duty.view_archive": any_of(has_role(Role.STAFF, Role.LEADER), _own),
        "duty.respond": _own,  # confirm or appeal one's own records; write one's own 履职报告
        "duty.resolve_appeal": has_role(Role.STAFF),
        "duty.submit_report": has_role(Role.STAFF),
        "duty.view_scores": has_role(Role.STAFF, Role.LEADER),
        "duty.manage_rules": has_role(Role.STAFF),
        "duty.finalize": has_role(Role.STAFF),
    }
)
