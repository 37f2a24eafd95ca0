"""Core's background jobs."""

from __future__ import annotations

from lvzhi.core.audit import audit_prune
from lvzhi.jobs.services import job


@job()
def prune_audit_trail() -> dict[str, int]:
    """The audit trail's retention rule (LVZHI_AUDIT_RETENTION_DAYS, never under 180 days)."""
    return {k: v for k, v in audit_prune().items() if v}
