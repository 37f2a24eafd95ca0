"""Who may do what in reports; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import has_role, reads_committee, register
from lvzhi.core.roles import Role

register(
    {
        "reports.view_summary": reads_committee,
        # the summary's template and its texts: headings, paragraphs, fixed text
        "reports.edit_summary": has_role(Role.STAFF),
    }
)
