"""Who may do what in rules; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import has_role, reads_committee, register
from lvzhi.core.roles import Role

register(
    {
        "rules.view": reads_committee,
        "rules.manage": has_role(Role.STAFF),
    }
)
