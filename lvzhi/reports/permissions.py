"""Who may do what in reports; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import has_role, reads_committee, register
from lvzhi.core.roles import Role

register(
    {
        "reports.view_summary": reads_committee,
        # the summary's template and its texts: headings, paragraphs, fixed text
        "reports.edit_summary": has_role(Role.STAFF),
        # The roll-up reads like the summary: the committee's readers and those above it.
        "reports.view_rollup": reads_committee,
        # Importing subordinates' signed reports and registering their keys: the committee's own staff.
        "reports.import_rollup": has_role(Role.STAFF),
        "reports.manage_rollup_keys": has_role(Role.STAFF, Role.SYSADMIN),
    }
)
