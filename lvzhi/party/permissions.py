"""Who may do what in party; the matrix is in docs/permissions.md."""

from typing import Any

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _secretary_of(scope: Scope, branch: Any) -> bool:
    """The branch's own secretary (支部书记 role in the committee, named secretary of this branch)."""
    return (
        scope.has_role(committee_id_of(branch), Role.BRANCH_SECRETARY)
        and scope.person_id is not None
        and branch.secretary_id == scope.person_id
    )


def _secretary_of_meeting(scope: Scope, meeting: Any) -> bool:
    """A branch meeting's secretary; the 党组's 民主生活会 is staff's to record."""
    return meeting.branch is not None and _secretary_of(scope, meeting.branch)


register(
    {
        "party.view": reads_committee,
        "party.manage_branches": has_role(Role.STAFF),
        "party.assign_members": any_of(has_role(Role.STAFF), _secretary_of),
        # Org life: staff for every branch, a secretary for their own (on a Meeting, its branch decides).
        "party.record_meetings": any_of(has_role(Role.STAFF), _secretary_of),
        "party.approve_late": any_of(has_role(Role.STAFF), lambda scope, m: _secretary_of_meeting(scope, m)),
        "party.record_meeting_attendance": any_of(
            has_role(Role.STAFF), lambda scope, m: _secretary_of_meeting(scope, m)
        ),
    }
)
