"""The database as a set of tables, engine-neutral: read every row, write it into another database,
and fingerprint each table (row count and checksum) so two copies can be compared across SQLite and
PostgreSQL.

Models come from the migration state the database is at, not from the code: a backup taken just before
an upgrade reads the tables as they are, not as the new code would like them to be.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.apps.registry import Apps
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Field, Model
from django.utils.duration import duration_iso_string

Migration = tuple[str, str]
BATCH = 1000
_MOD = 2**256

# Field types whose Python value is not JSON as is; they are written as text and read back by to_python.
_AS_TEXT = {"DateField", "TimeField", "DecimalField", "UUIDField", "GenericIPAddressField", "IPAddressField"}


class DatasetError(Exception):
    """A database that cannot be read or written as asked; the message is for people, in Chinese."""


def applied_migrations(connection: BaseDatabaseWrapper) -> set[Migration]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return set(loader.applied_migrations or {})


def leaf_nodes(loader: MigrationLoader, migrations: set[Migration]) -> list[Migration]:
    """The last migration of each app within a set, the targets that bring a database to that set."""
    unknown = migrations - set(loader.graph.nodes)
    if unknown:
        names = "、".join(f"{app}.{name}" for app, name in sorted(unknown))
        raise DatasetError(
            f"数据库结构包含本版本 lvzhi 不认识的迁移：{names}。请使用与数据相同或更新的版本。"
        )
    leaves = []
    for node in migrations:
        children = loader.graph.node_map[node].children
        if not any(child[0] == node[0] and child in migrations for child in children):
            leaves.append(node)
    return sorted(leaves)


def state_apps(connection: BaseDatabaseWrapper, migrations: set[Migration] | None = None) -> Apps:
    """The models as the database has them after the given migrations (default: those applied)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    if migrations is None:
        migrations = set(loader.applied_migrations or {})
    if not migrations:
        raise DatasetError("数据库尚未建立（没有执行过任何迁移）。")
    state = loader.project_state(leaf_nodes(loader, migrations), at_end=True)
    return state.apps


def migrate_to(connection: BaseDatabaseWrapper, migrations: set[Migration]) -> None:
    """Bring an empty database to exactly the given migrations."""
    executor = MigrationExecutor(connection)
    targets = leaf_nodes(executor.loader, migrations)
    executor.migrate(targets)


def pending_migrations(connection: BaseDatabaseWrapper) -> list[Migration]:
    """Migrations of the code not yet applied to the database, in the order they would run."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, backwards in plan if not backwards]


def data_models(apps: Apps) -> list[type[Model]]:
    """Every table holding rows: concrete models and many-to-many tables, one per table, by name."""
    by_table: dict[str, type[Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy and not opts.swapped:
            by_table.setdefault(opts.db_table, model)
    return [by_table[name] for name in sorted(by_table)]


def fields_of(model: type[Model]) -> list[Field]:
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _base_field(field: Field) -> Field:
    while field.is_relation and field.target_field is not field:  # type: ignore[attr-defined]
        field = field.target_field  # type: ignore[attr-defined]
    return field


def _encoder(field: Field) -> Callable[[Any], Any]:
    kind = _base_field(field).get_internal_type()
    if kind == "DateTimeField":
        return lambda v: v.astimezone(UTC).isoformat() if v.tzinfo else v.isoformat()
    if kind in _AS_TEXT:
        return lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)
    if kind == "DurationField":
        return duration_iso_string
    if kind == "BinaryField":
        return lambda v: base64.b64encode(bytes(v)).decode()
    return lambda v: v


def _decoder(field: Field) -> Callable[[Any], Any]:
    base = _base_field(field)
    kind = base.get_internal_type()
    if kind == "DateTimeField":
        return datetime.fromisoformat
    if kind in _AS_TEXT or kind in {"DurationField", "BinaryField"}:
        return base.to_python
    return lambda v: v


def encoders(model: type[Model]) -> list[Callable[[Any], Any]]:
    return [_encoder(f) for f in fields_of(model)]


def encode_row(row: Iterable[Any], codecs: list[Callable[[Any], Any]]) -> list[Any]:
    return [None if v is None else codec(v) for v, codec in zip(row, codecs, strict=True)]


def row_line(encoded: list[Any]) -> str:
    """One row as canonical JSON: the same row gives the same text on every engine."""
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)


class Fingerprint:
    """Row count and an order-free checksum (the sum of the rows' SHA-256): engines sort differently."""

    def __init__(self) -> None:
        self.rows = 0
        self._sum = 0

    def add(self, line: str) -> None:
        self.rows += 1
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(line.encode()).digest(), "big")) % _MOD

    @property
    def checksum(self) -> str:
        return f"{self._sum:064x}"

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "checksum": self.checksum}


def read_rows(model: type[Model], using: str) -> Iterator[tuple[Any, ...]]:
    names = [f.attname for f in fields_of(model)]
    qs = model._base_manager.using(using).order_by("pk").values_list(*names)
    return qs.iterator(chunk_size=BATCH)


def encoded_lines(model: type[Model], using: str) -> Iterator[str]:
    codecs = encoders(model)
    for row in read_rows(model, using):
        yield row_line(encode_row(row, codecs))


def fingerprint_table(model: type[Model], using: str) -> Fingerprint:
    fp = Fingerprint()
    for line in encoded_lines(model, using):
        fp.add(line)
    return fp


def fingerprints(apps: Apps, using: str) -> dict[str, dict[str, Any]]:
    """Each table's row count and checksum, by table name."""
    return {m._meta.db_table: fingerprint_table(m, using).as_dict() for m in data_models(apps)}


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """Reads that see one moment of the database while others keep writing."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # A deferred read transaction: a snapshot in WAL mode that does not hold writers back.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")
        return
    yield


def columns_of(model: type[Model]) -> list[str]:
    return [str(f.column) for f in fields_of(model)]


class TableWriter:
    """Writes encoded or Python rows into one table with executemany, in batches."""

    def __init__(self, model: type[Model], using: str, *, encoded: bool) -> None:
        self.connection = connections[using]
        self.fields = fields_of(model)
        self.decoders = [_decoder(f) for f in self.fields] if encoded else None
        qn = self.connection.ops.quote_name
        columns = ", ".join(qn(column) for column in columns_of(model))
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"
        self.batch: list[list[Any]] = []

    def add(self, row: Iterable[Any]) -> None:
        values = list(row)
        if self.decoders is not None:
            values = [None if v is None else d(v) for v, d in zip(values, self.decoders, strict=True)]
        prepared = [f.get_db_prep_save(v, self.connection) for f, v in zip(self.fields, values, strict=True)]
        self.batch.append(prepared)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.batch)
            self.batch = []


def empty_tables(models: list[type[Model]], using: str) -> None:
    """Delete every row of these tables (inside the caller's transaction)."""
    connection = connections[using]
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with foreign-key checks still queued from earlier in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def finish_load(models: list[type[Model]], using: str) -> None:
    """After rows were written with their own IDs: foreign keys checked, sequences past the last ID."""
    connection = connections[using]
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    except Exception as error:
        raise DatasetError(f"数据之间的引用不完整（{error}），未做任何更改。") from error
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    """Chinese lines naming each table whose rows differ; empty when the two agree."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None or got is None:
            problems.append(f"表 {table} 只在一边存在")
        elif want["rows"] != got["rows"]:
            problems.append(f"表 {table} 行数不一致：应为 {want['rows']}，实际 {got['rows']}")
        elif want["checksum"] != got["checksum"]:
            problems.append(f"表 {table} 内容校验和不一致")
    return problems
