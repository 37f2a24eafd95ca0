"""Who may do what in study; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _a_person_of_the_committee(scope: Scope, obj: Any) -> bool:
    """Any role in the committee with a person behind the account: a 委员 logs their own reading."""
    return scope.person_id is not None and bool(scope.roles_in(committee_id_of(obj)))


def _own_log(scope: Scope, obj: Any) -> bool:
    """On a committee: may keep reading logs there; on a log: it is the user's own."""
    if obj._meta.label_lower == "org.committee":
        return _a_person_of_the_committee(scope, obj)
    return _a_person_of_the_committee(scope, obj) and obj.person_id == scope.person_id


def _group_leader(scope: Scope, session: Any) -> bool:
    """The leader of the session's study group records its attendance."""
    return (
        scope.person_id is not None
        and bool(scope.roles_in(committee_id_of(session)))
        and getattr(session, "group", None) is not None
        and session.group.leader_id == scope.person_id
    )


register(
    {
        "study.view": reads_committee,
        "study.manage": has_role(Role.STAFF),
        "study.record_attendance": any_of(has_role(Role.STAFF), _group_leader),
        "study.log_reading": _own_log,
        # The reading logs: everyone's for those who read the committee, one's own for a 委员.
        "study.read_reading": any_of(reads_committee, _a_person_of_the_committee),
        "study.manage_reading": any_of(has_role(Role.STAFF), _own_log),
    }
)
