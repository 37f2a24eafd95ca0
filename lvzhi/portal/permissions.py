"""Who may do what in the portal; the matrix is in docs/permissions.md.

Staff write articles and keep the blocked words; staff and leaders do 初审 and 复审; only leaders do 终审.
The services add what a rule cannot see: the author never reviews their own article, and the three stages
of a round are passed by three different people. The public pages need no permission: they show only
published articles."""

from lvzhi.core.permissions import has_role, reads_committee, register
from lvzhi.core.roles import Role

register(
    {
        "portal.view": reads_committee,
        "portal.write": has_role(Role.STAFF),
        "portal.review": has_role(Role.STAFF, Role.LEADER),
        "portal.final_review": has_role(Role.LEADER),
        "portal.settings": has_role(Role.STAFF),
    }
)
