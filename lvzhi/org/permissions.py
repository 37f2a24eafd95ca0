"""Who may do what in org; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import any_of, has_role, is_own, reads_committee, register
from lvzhi.core.roles import Role

register(
    {
        # Lists of the whole roster: reading roles here or above (a 委员 sees only their own page).
        "org.view_roster": reads_committee,
        "org.add_member": has_role(Role.STAFF),
        "org.change_member": has_role(Role.STAFF),
        "org.import_roster": has_role(Role.STAFF),
        "org.export_roster": has_role(Role.STAFF, Role.LEADER),
        "org.manage_structure": has_role(Role.STAFF),
        # ID numbers and phones in full: the office staff, and a member their own (each reveal audited).
        "org.view_sensitive": any_of(has_role(Role.STAFF), is_own("pk")),
    }
)
