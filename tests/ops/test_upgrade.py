"""`lvzhi upgrade`: a backup, the pending migrations, and a report of versions and migrations."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

import lvzhi
from lvzhi.core import dataset
from lvzhi.core.models import AuditEvent

MIGRATION = ("proposals", "0002_alter_proposal_created_by")


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_migrates_and_reports(tmp_path, committee):
    call_command("migrate", "proposals", "0001_initial", verbosity=0)
    assert MIGRATION in dataset.pending_migrations(connection)
    archive = tmp_path / "before.tar.gz"

    out = io.StringIO()
    call_command("upgrade", "--backup-file", str(archive), "--json", stdout=out)
    report = json.loads(out.getvalue())

    assert report["version_before"] is None  # nothing recorded before the first upgrade
    assert report["version_after"] == lvzhi.__version__
    assert "proposals.0002_alter_proposal_created_by" in report["migrations"]
    assert dataset.pending_migrations(connection) == []
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert list(MIGRATION) not in manifest["migrations"]  # the backup is of the database before
    assert manifest["tables"]["org_committee"]["rows"] == 2  # city and county
    event = AuditEvent.objects.get(action="system.upgrade")
    assert event.detail["migrations"] == report["migrations"]

    again = io.StringIO()
    call_command("upgrade", "--no-backup", stdout=again)
    assert f"版本：{lvzhi.__version__} → {lvzhi.__version__}" in again.getvalue()
    assert "没有需要执行的迁移" in again.getvalue()
