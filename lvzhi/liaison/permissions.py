"""Who may do what in liaison; the matrix is in docs/permissions.md.

Staff manage everything; a leader records visits and problems on the projects they take on; those who
read the committee read it all; a plain 委员 sees only the projects they lead themselves (if any), and a
承办单位 account sees nothing of liaison.
"""

from typing import Any

from django.utils import timezone

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _a_leading_person(scope: Scope, obj: Any) -> bool:
    """A person behind the account with a role other than 承办单位 in the object's committee."""
    return scope.person_id is not None and bool(scope.roles_in(committee_id_of(obj)) - {Role.UNIT})


def _project_of(obj: Any) -> Any:
    label = obj._meta.label_lower
    if label == "liaison.keyproject":
        return obj
    if label in ("liaison.sitevisit", "liaison.problem", "liaison.leaderassignment"):
        return obj.project
    return None


def _leads_project(scope: Scope, obj: Any) -> bool:
    """The user takes on the object's project today (a current 联系包抓)."""
    project = _project_of(obj)
    if project is None or not _a_leading_person(scope, obj):
        return False
    return bool(
        project.assignments.filter(person_id=scope.person_id).in_force_on(timezone.localdate()).exists()
    )


register(
    {
        "liaison.view": reads_committee,
        # What the API lists: everything for readers, the projects they lead for a leader with a 委员 account.
        "liaison.read": any_of(reads_committee, _a_leading_person),
        "liaison.manage": has_role(Role.STAFF),
        # Record a site visit, raise a problem on it and move problems along.
        "liaison.record": any_of(has_role(Role.STAFF), _leads_project),
        # 我的包抓项目: any person of the committee (a 主席会议成员 may hold only a 委员 account).
        "liaison.mine": _a_leading_person,
        # Whether the menu offers 我的包抓项目 (no query: the leaders' accounts).
        "liaison.lead": lambda scope, obj: (
            _a_leading_person(scope, obj) and scope.has_role(committee_id_of(obj), Role.LEADER)
        ),
    }
)
