"""`lvzhi backup` / `lvzhi restore`: the database and the uploaded files in one archive.

The archive (tar.gz) holds ``manifest.json`` (format, lvzhi version, migrations, per table its columns,
row count and checksum, per file its size and SHA-256), one JSON-lines file per table under ``data/``
and the files of MEDIA_ROOT under ``media/``. Rows are written engine-neutral, so an archive taken on
SQLite restores on PostgreSQL and back. The keys in $LVZHI_HOME/keys are not in it unless asked for:
ID numbers are encrypted with them, and they belong in a separate, safer place.

A restore checks the whole archive before touching anything, replaces every table in one transaction,
and verifies the result against the manifest before committing: a corrupt or foreign archive, or a
mismatch found at the end, leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

import lvzhi
from lvzhi.config import env
from lvzhi.core import crypto, dataset

FORMAT = "lvzhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024


class BackupError(dataset.DatasetError):
    """Refused or failed; nothing was changed. The message says why, in Chinese."""


def key_fingerprint() -> str:
    """Identifies the field key without revealing it: ID numbers read back only under the same key."""
    return crypto.lookup_digest("lvzhi field key check")[:16]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def keys_dir() -> Path:
    return env.home() / "keys"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())

    @property
    def files(self) -> int:
        return len(self.manifest["media"])


def backup_create(path: Path, *, using: str = DEFAULT_DB_ALIAS, include_keys: bool = False) -> BackupResult:
    """Write the archive to ``path`` (through a temporary file, so a failed backup leaves no half file)."""
    from lvzhi.core.audit import audit_log

    connection = connections[using]
    migrations = dataset.applied_migrations(connection)
    apps = dataset.state_apps(connection, migrations)
    if using == DEFAULT_DB_ALIAS and not dataset.pending_migrations(connection):
        audit_log("system.backup", detail={"file": path.name, "include_keys": include_keys})
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".lvzhi-backup-", dir=path.parent) as work:
        workdir = Path(work)
        (workdir / "data").mkdir()
        tables: dict[str, Any] = {}
        with dataset.snapshot(using):
            for model in dataset.data_models(apps):
                table = model._meta.db_table
                member = f"data/{table}.jsonl"
                fp = dataset.Fingerprint()
                with (workdir / member).open("w", encoding="utf-8") as out:
                    for line in dataset.encoded_lines(model, using):
                        fp.add(line)
                        out.write(line + "\n")
                tables[table] = {
                    "model": model._meta.label_lower,
                    "columns": dataset.columns_of(model),
                    "file": member,
                    "sha256": _sha256_file(workdir / member),
                    **fp.as_dict(),
                }
        media = {
            p.relative_to(media_root()).as_posix(): {"size": p.stat().st_size, "sha256": _sha256_file(p)}
            for p in _files_under(media_root())
        }
        keys = {}
        if include_keys:
            keys = {p.name: _sha256_file(p) for p in _files_under(keys_dir())}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "lvzhi_version": lvzhi.__version__,
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "migrations": sorted([list(m) for m in migrations]),
            "field_key_fingerprint": key_fingerprint(),
            "tables": tables,
            "media": media,
            "keys": keys,
        }
        (workdir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = workdir / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(workdir / MANIFEST, arcname=MANIFEST)
            for info in tables.values():
                tar.add(workdir / info["file"], arcname=info["file"])
            for rel in media:
                tar.add(media_root() / rel, arcname=f"media/{rel}")
            for name in keys:
                tar.add(keys_dir() / name, arcname=f"keys/{name}")
        os.replace(partial, path)
    return BackupResult(path=path, manifest=manifest)


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


def read_archive(path: Path, into: Path) -> dict[str, Any]:
    """Check the archive completely and unpack it into ``into``; the manifest, or BackupError."""
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    try:
        with tarfile.open(path, "r:*") as tar:
            try:
                first = tar.extractfile(MANIFEST)
            except KeyError:
                first = None
            if first is None:
                raise BackupError("这不是 lvzhi 的备份文件（缺少清单 manifest.json），未做任何更改。")
            try:
                manifest = json.loads(first.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise BackupError("备份文件已损坏：清单无法读取，未做任何更改。") from error
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError("这不是 lvzhi 的备份文件（清单格式不符），未做任何更改。")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"备份文件格式版本为 {manifest.get('format_version')}，本版本只能恢复版本 {FORMAT_VERSION}。"
                )
            expected = _expected_members(manifest)
            seen: set[str] = set()
            for info in tar:
                if info.name == MANIFEST:
                    continue
                if not info.isfile() or not _safe_member(info.name) or info.name not in expected:
                    raise BackupError(f"备份文件包含清单之外的内容（{info.name}），未做任何更改。")
                source = tar.extractfile(info)
                assert source is not None
                target = into / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected[info.name]:
                    raise BackupError(f"备份文件已损坏：{info.name} 的校验和不符，未做任何更改。")
                seen.add(info.name)
            missing = set(expected) - seen
            if missing:
                raise BackupError(
                    f"备份文件不完整：缺少 {sorted(missing)[0]} 等 {len(missing)} 项，未做任何更改。"
                )
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"备份文件已损坏或不是 lvzhi 的备份文件（{error}），未做任何更改。") from error
    return manifest


def _expected_members(manifest: dict[str, Any]) -> dict[str, str]:
    try:
        expected = {t["file"]: t["sha256"] for t in manifest["tables"].values()}
        expected |= {f"media/{rel}": f["sha256"] for rel, f in manifest["media"].items()}
        expected |= {f"keys/{name}": digest for name, digest in manifest.get("keys", {}).items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise BackupError("备份文件已损坏：清单内容不完整，未做任何更改。") from error
    if not all(_safe_member(name) for name in expected):
        raise BackupError("备份文件的清单含有不安全的路径，未做任何更改。")
    return expected


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: dict[str, dict[str, Any]]
    migrated: bool = False
    keys_restored: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())


def restore(
    path: Path, *, using: str = DEFAULT_DB_ALIAS, with_keys: bool = False, media: bool = True
) -> RestoreResult:
    """Replace the database (and, unless told otherwise, MEDIA_ROOT) with the archive's contents."""
    connection = connections[using]
    media_parent = media_root().parent
    media_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".lvzhi-restore-", dir=media_parent) as work:
        workdir = Path(work)
        manifest = read_archive(path, workdir)
        wanted = {(m[0], m[1]) for m in manifest["migrations"]}
        applied = dataset.applied_migrations(connection)
        migrated = False
        if not applied:
            dataset.migrate_to(connection, wanted)
            applied, migrated = dataset.applied_migrations(connection), True
        if applied != wanted:
            newer = len(applied - wanted)
            older = len(wanted - applied)
            raise BackupError(
                "备份的数据库结构与当前数据库不一致"
                f"（当前数据库多 {newer} 个迁移、少 {older} 个迁移），未做任何更改。"
                "请用与备份相同版本的 lvzhi 恢复到一个空数据库，再运行 lvzhi upgrade。"
            )
        if manifest["field_key_fingerprint"] != key_fingerprint() and not (with_keys and manifest["keys"]):
            raise BackupError(
                "备份使用的身份证号加密密钥与本机的不同（$LVZHI_HOME/keys/field.key 或 LVZHI_FIELD_KEY），"
                "恢复后身份证号将无法读取。请先放回备份时的密钥，未做任何更改。"
            )
        apps = dataset.state_apps(connection, wanted)
        models = dataset.data_models(apps)
        by_table = {m._meta.db_table: m for m in models}
        if set(by_table) != set(manifest["tables"]):
            raise BackupError("备份中的数据表与当前数据库结构不符，未做任何更改。")
        for table, info in manifest["tables"].items():
            if info["columns"] != dataset.columns_of(by_table[table]):
                raise BackupError(f"备份中表 {table} 的字段与当前数据库结构不符，未做任何更改。")
        with transaction.atomic(using=using):
            with connection.constraint_checks_disabled():
                dataset.empty_tables(models, using)
                for table, info in manifest["tables"].items():
                    writer = dataset.TableWriter(by_table[table], using, encoded=True)
                    with (workdir / info["file"]).open(encoding="utf-8") as rows:
                        for line in rows:
                            writer.add(json.loads(line))
                    writer.flush()
            dataset.finish_load(models, using)
            loaded = dataset.fingerprints(apps, using)
            expected = {
                t: {"rows": i["rows"], "checksum": i["checksum"]} for t, i in manifest["tables"].items()
            }
            problems = dataset.compare(expected, loaded)
            if problems:
                raise BackupError(
                    "恢复后的数据与备份清单不一致，已撤销，未做任何更改：" + "；".join(problems[:5])
                )
        if media:
            _swap_media(workdir / "media")
        keys_restored = _restore_keys(workdir / "keys", manifest) if with_keys else []
    if using == DEFAULT_DB_ALIAS and not dataset.pending_migrations(connection):
        from lvzhi.core.audit import audit_log

        rows = sum(t["rows"] for t in loaded.values())
        audit_log(
            "system.restore", detail={"file": path.name, "created_at": manifest["created_at"], "rows": rows}
        )
    return RestoreResult(manifest=manifest, tables=loaded, migrated=migrated, keys_restored=keys_restored)


def _swap_media(unpacked: Path) -> None:
    """Put the archive's files in place of MEDIA_ROOT; the old folder is removed only once replaced."""
    root = media_root()
    if not unpacked.exists():
        unpacked.mkdir()
    old = root.with_name(f".{root.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        os.replace(root, old)
    os.replace(unpacked, root)
    if old.exists():
        shutil.rmtree(old)


def _restore_keys(unpacked: Path, manifest: dict[str, Any]) -> list[str]:
    written = []
    target = keys_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in manifest["keys"]:
        dest = target / name
        if dest.exists() and _sha256_file(dest) == manifest["keys"][name]:
            continue
        if dest.exists():
            os.replace(dest, dest.with_name(f"{name}.before-restore"))
        shutil.copyfile(unpacked / name, dest)
        os.chmod(dest, 0o600)
        written.append(name)
    return written
