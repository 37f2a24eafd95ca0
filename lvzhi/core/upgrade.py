"""`lvzhi upgrade`: a backup first, then the migrations, then a report of what changed.

The version that last upgraded the database is read from the audit log (its ``system.upgrade``
events), so the report can say which version the database came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

import lvzhi
from lvzhi.config import env
from lvzhi.core import dataset
from lvzhi.core.backup import backup_create

ACTION = "system.upgrade"


@dataclass
class UpgradeResult:
    version_before: str | None
    version_after: str
    applied: list[dataset.Migration] = field(default_factory=list)
    backup: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "version_before": self.version_before,
            "version_after": self.version_after,
            "migrations": [f"{app}.{name}" for app, name in self.applied],
            "backup": str(self.backup) if self.backup else None,
        }


def recorded_version(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The lvzhi version of the last upgrade recorded in this database, if any."""
    from lvzhi.core.models import AuditEvent

    try:
        details = AuditEvent.objects.using(using).filter(action=ACTION).order_by("-at", "-pk")
        detail = details.values_list("detail", flat=True).first()
    except DatabaseError:
        return None
    return (detail or {}).get("version_after")


def default_backup_path(version: str | None) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return env.home() / "backups" / f"lvzhi-{version or 'unknown'}-before-upgrade-{stamp}.tar.gz"


def upgrade(
    *, backup_path: Path | None = None, make_backup: bool = True, stdout: Any = None
) -> UpgradeResult:
    from lvzhi.core.audit import audit_log

    connection = connections[DEFAULT_DB_ALIAS]
    before = dataset.applied_migrations(connection)
    version_before = recorded_version() if before else None
    result = UpgradeResult(version_before=version_before, version_after=lvzhi.__version__)
    if make_backup and before:
        result.backup = backup_create(backup_path or default_backup_path(version_before)).path
    call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    after = dataset.applied_migrations(connection)
    result.applied = sorted(after - before)
    audit_log(ACTION, detail=result.as_dict())
    return result
