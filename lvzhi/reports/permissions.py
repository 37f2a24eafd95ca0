"""Who may do what in reports; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import reads_committee, register

register({"reports.view_summary": reads_committee})
