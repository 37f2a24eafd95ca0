"""Who may do what with the committee's meetings; the matrix is in docs/permissions.md.

Leave (请假) is decided, following domain.md §4.3 (宣威: 主席 for 全体会议/常委会议, 专委会负责人 for committee
activities; 威海: the 秘书处 for the 主席), by:

* 全体会议, 常委会议, 专题议政性常委会议 and 主席会议: a 主席会议成员 (主席、副主席、秘书长 of the term in force)
  who holds a role in the committee, or the office staff;
* 专委会会议: the 专委会主任 (the director role, serving in that special committee), or the office staff.

Nobody decides their own leave.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lvzhi.core.permissions import any_of, committee_id_of, has_role, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope
from lvzhi.meetings.choices import MeetingType
from lvzhi.org.choices import Position

CHAIRS_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)


def _meeting_of(obj: Any) -> Any:
    return obj.meeting if hasattr(obj, "meeting_id") else obj


def _invitee(scope: Scope, obj: Any) -> bool:
    """The user's person is invited to the meeting (to ask for leave, to see their invitation)."""
    if obj._meta.label_lower == "org.committee" or scope.person_id is None:
        return False
    meeting = _meeting_of(obj)
    return (
        bool(scope.roles_in(meeting.committee_id))
        and meeting.invitees.filter(person_id=scope.person_id).exists()
    )


def _a_person_of_the_committee(scope: Scope, obj: Any) -> bool:
    return scope.person_id is not None and bool(scope.roles_in(committee_id_of(obj)))


def _leave_approver(scope: Scope, obj: Any) -> bool:
    """A 主席会议成员 (or for a 专委会会议 its 主任) who is not the one asking; see the module's docstring."""
    from lvzhi.org.models import TermMembership

    if scope.person_id is None or obj._meta.label_lower == "org.committee":
        return False
    meeting = _meeting_of(obj)
    if getattr(obj, "person_id", None) == scope.person_id and hasattr(obj, "meeting_id"):
        return False
    roles = scope.roles_in(meeting.committee_id)
    if not roles:
        return False
    serving = TermMembership.objects.current(meeting.committee, timezone.localdate()).filter(
        person_id=scope.person_id
    )
    if meeting.type == MeetingType.SPECIAL:
        return (
            Role.COMMITTEE_DIRECTOR in roles
            and serving.filter(special_committee_id=meeting.special_committee_id).exists()
        )
    return serving.filter(position__in=CHAIRS_POSITIONS).exists()


def _staff_not_own(scope: Scope, obj: Any) -> bool:
    if hasattr(obj, "meeting_id") and getattr(obj, "person_id", None) == scope.person_id:
        return False
    return scope.has_role(committee_id_of(_meeting_of(obj)), Role.STAFF)


register(
    {
        "meetings.view": reads_committee,
        # Create and edit meetings, their agenda and invitees, send the notice, record minutes.
        "meetings.manage": has_role(Role.STAFF),
        # Mark present / absent on the list (also corrects a check-in).
        "meetings.mark_attendance": has_role(Role.STAFF),
        # Ask for leave: an invitee for themselves (staff may file one for an invitee: 电话/书面请假).
        "meetings.request_leave": any_of(has_role(Role.STAFF), _invitee),
        "meetings.decide_leave": any_of(_staff_not_own, _leave_approver),
        "meetings.see_invitation": any_of(reads_committee, _invitee),
        # 我的会议: anyone with a person behind the account.
        "meetings.mine": _a_person_of_the_committee,
    }
)
