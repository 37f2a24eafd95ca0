"""`lvzhi backup` / `lvzhi restore`: identical after a round trip; a corrupt, foreign or inconsistent
archive is refused and the database stays as it was."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lvzhi.core import backup, dataset
from lvzhi.core.models import AuditEvent
from lvzhi.org.models import Person, TermMembership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "home" / "media"
    (root / "attachments" / "2026" / "12").mkdir(parents=True)
    (root / "attachments" / "2026" / "12" / "会议纪要.pdf").write_bytes(bytes(range(256)) * 40)
    (root / "portal").mkdir()
    (root / "portal" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def data(committee, member, member_user, other_committee):
    extra = factories.make_member(committee, name="李四", mobile="13800138000")
    factories.make_member(other_committee, name="张三")
    return extra


def current() -> dict:
    return dataset.fingerprints(dataset.state_apps(connection), "default")


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_it_restores_every_table_and_file_identically(tmp_path, media, data):
    archive = tmp_path / "lvzhi.tar.gz"
    person = data.person
    id_number = person.id_number
    call_command("backup", str(archive), stdout=io.StringIO())
    before, files_before = current(), files_of(media)

    # Change everything a restore must undo: rows added, edited and deleted, files edited, added, removed.
    Person.objects.filter(pk=person.pk).update(mobile="13999999999", name="改过")
    TermMembership.objects.filter(person__name="张三").delete()
    factories.make_member(data.committee, name="新来的")
    (media / "portal" / "photo.jpg").write_bytes(b"changed")
    (media / "new.txt").write_text("added after the backup")
    shutil.rmtree(media / "attachments")
    assert current() != before

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)

    after = current()
    restored_audit = after.pop("core_auditevent")
    expected_audit = before.pop("core_auditevent")
    assert after == before
    assert restored_audit["rows"] == expected_audit["rows"] + 1  # the restore itself is logged
    assert AuditEvent.objects.filter(action="system.restore").count() == 1
    assert AuditEvent.objects.filter(action="system.backup").count() == 1
    assert files_of(media) == files_before
    person.refresh_from_db()
    assert (person.name, person.mobile, person.id_number) == ("李四", "13800138000", id_number)
    assert "均与备份清单一致" in out.getvalue()


def test_the_manifest_describes_the_archive(tmp_path, media, data):
    result = backup.backup_create(tmp_path / "b.tar.gz")
    manifest = result.manifest
    assert manifest["format"] == "lvzhi-backup"
    assert ["org", "0001_initial"] in manifest["migrations"]
    assert manifest["tables"]["org_person"]["rows"] == Person.objects.count()
    assert set(manifest["media"]) == {"attachments/2026/12/会议纪要.pdf", "portal/photo.jpg"}
    assert manifest["keys"] == {}
    with tarfile.open(result.path) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json"
    assert not any(name.startswith("keys/") for name in names)


def test_it_includes_the_keys_only_when_asked(tmp_path, media, data, monkeypatch):
    home = tmp_path / "home"
    (home / "keys").mkdir()
    (home / "keys" / "field.key").write_text("a-key")
    monkeypatch.setenv("LVZHI_HOME", str(home))
    result = backup.backup_create(tmp_path / "k.tar.gz", include_keys=True)
    assert set(result.manifest["keys"]) == {"field.key"}
    with tarfile.open(result.path) as tar:
        assert tar.extractfile("keys/field.key").read() == b"a-key"  # type: ignore[union-attr]


def _refused(archive: Path, media: Path, message: str) -> None:
    before, files_before = current(), files_of(media)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert message in str(refused.value)
    assert "未做任何更改" in str(refused.value)
    assert current() == before
    assert files_of(media) == files_before


def test_it_refuses_a_corrupt_archive(tmp_path, media, data):
    archive = tmp_path / "b.tar.gz"
    backup.backup_create(archive)
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    archive.write_bytes(bytes(raw))
    Person.objects.filter(name="李四").update(mobile="13911112222")
    _refused(archive, media, "损坏")
    assert Person.objects.get(name="李四").mobile == "13911112222"


def test_it_refuses_a_truncated_archive(tmp_path, media, data):
    archive = tmp_path / "b.tar.gz"
    backup.backup_create(archive)
    archive.write_bytes(archive.read_bytes()[:-2000])
    _refused(archive, media, "损坏")


def test_it_refuses_a_foreign_archive(tmp_path, media, data):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        payload = json.dumps({"format": "something-else"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    _refused(archive, media, "不是 lvzhi 的备份文件")
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    _refused(plain, media, "不是 lvzhi 的备份文件")


def _rewrite(archive: Path, target: Path, table: str, edit) -> None:
    """A tampered archive whose file checksums are made to agree, so only the load can find it out."""
    work = target.parent / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text())
    data_file = work / manifest["tables"][table]["file"]
    rows = [json.loads(line) for line in data_file.read_text().splitlines()]
    data_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in edit(rows)))
    manifest["tables"][table]["sha256"] = backup._sha256_file(data_file)
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    with tarfile.open(target, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())


def test_it_rolls_back_an_archive_whose_rows_break_references(tmp_path, media, data):
    archive = tmp_path / "b.tar.gz"
    backup.backup_create(archive)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    person_column = manifest["tables"]["org_termmembership"]["columns"].index("person_id")

    def dangling(rows):
        rows[0][person_column] = 987654
        return rows

    _rewrite(archive, tmp_path / "bad.tar.gz", "org_termmembership", dangling)
    _refused(tmp_path / "bad.tar.gz", media, "引用不完整")


def test_it_rolls_back_an_archive_whose_rows_disagree_with_the_manifest(tmp_path, media, data):
    archive = tmp_path / "b.tar.gz"
    backup.backup_create(archive)
    _rewrite(archive, tmp_path / "bad.tar.gz", "core_auditevent", lambda rows: rows[:-1])
    _refused(tmp_path / "bad.tar.gz", media, "行数不一致")


def test_it_refuses_an_archive_made_under_another_field_key(tmp_path, media, data, settings):
    archive = tmp_path / "b.tar.gz"
    backup.backup_create(archive)
    settings.LVZHI_FIELD_KEY = b"k" * 32
    _refused(archive, media, "加密密钥")
