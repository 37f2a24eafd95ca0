"""Moving an installation to another database (SQLite → PostgreSQL) in one step, verified per table.

The target is brought to exactly the source's migrations, every table is copied with its own IDs in
one transaction on the target, and the copy is committed only if every table's row count and checksum
match the source's, read from one snapshot. The source is only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

from lvzhi.config import env
from lvzhi.core import dataset

TARGET = "lvzhi_move_target"
# Rows Django's own post-migrate step writes into any new database: replaced by the source's.
_REFILLED = {"django_content_type", "auth_permission"}


class MoveError(dataset.DatasetError):
    pass


def add_database(alias: str, url: str) -> None:
    """A connection to a database given by URL, reachable as ``connections[alias]`` for this process.

    It is made for one command and is not a configured database (not in ``connections.settings``).
    """
    try:
        conf = env.database_from_url(url)
    except ValueError as error:
        raise MoveError(f"数据库地址无法识别：{error}") from error
    conf = connections.configure_settings({DEFAULT_DB_ALIAS: conf})[DEFAULT_DB_ALIAS]
    remove_database(alias)
    wrapper = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, alias)
    setattr(connections._connections, alias, wrapper)  # type: ignore[attr-defined]


def remove_database(alias: str) -> None:
    wrapper = getattr(connections._connections, alias, None)  # type: ignore[attr-defined]
    if wrapper is not None:
        wrapper.close()
        delattr(connections._connections, alias)  # type: ignore[attr-defined]


@dataclass
class MoveResult:
    tables: dict[str, dict[str, Any]]
    migrated: int
    target_vendor: str

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())


def move_to(url: str, *, source: str = DEFAULT_DB_ALIAS, target: str = TARGET) -> MoveResult:
    add_database(target, url)
    try:
        return _move(source, target)
    finally:
        remove_database(target)


def _same_database(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


def _move(source: str, target: str) -> MoveResult:
    src, dst = connections[source], connections[target]
    if _same_database(src.settings_dict, dst.settings_dict):
        raise MoveError("目标数据库就是当前数据库，未做任何更改。")
    try:
        dst.ensure_connection()
    except Exception as error:
        raise MoveError(f"无法连接目标数据库（{error}），未做任何更改。") from error
    pending = dataset.pending_migrations(src)
    if pending:
        raise MoveError(f"当前数据库还有 {len(pending)} 个迁移未执行，请先运行 lvzhi upgrade，未做任何更改。")
    migrations = dataset.applied_migrations(src)
    existing = dataset.applied_migrations(dst)
    migrated = 0
    if not existing:
        dataset.migrate_to(dst, migrations)
        migrated = len(migrations)
    elif existing != migrations:
        raise MoveError("目标数据库已建有不同版本的表结构，请换一个空数据库，未做任何更改。")
    apps = dataset.state_apps(src, migrations)
    models = dataset.data_models(apps)
    occupied = [
        m._meta.db_table
        for m in models
        if m._meta.db_table not in _REFILLED and m._base_manager.using(target).exists()
    ]
    if occupied:
        raise MoveError(f"目标数据库已有数据（如表 {occupied[0]}），请换一个空数据库，未做任何更改。")
    copied: dict[str, dict[str, Any]] = {}
    with dataset.snapshot(source), transaction.atomic(using=target):
        with dst.constraint_checks_disabled():
            dataset.empty_tables(models, target)
            for model in models:
                codecs = dataset.encoders(model)
                writer = dataset.TableWriter(model, target, encoded=False)
                fp = dataset.Fingerprint()
                for row in dataset.read_rows(model, source):
                    fp.add(dataset.row_line(dataset.encode_row(row, codecs)))
                    writer.add(row)
                writer.flush()
                copied[model._meta.db_table] = fp.as_dict()
        dataset.finish_load(models, target)
        problems = dataset.compare(copied, dataset.fingerprints(apps, target))
        if problems:
            raise MoveError("复制后的数据与原数据库不一致，已撤销：" + "；".join(problems[:5]))
    return MoveResult(tables=copied, migrated=migrated, target_vendor=dst.vendor)
