"""Private PostgreSQL databases for the tests that need one of their own (named lvzhi_dataops_*)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER = os.environ.get("LVZHI_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def _admin():  # type: ignore[no-untyped-def]
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable")


@contextmanager
def fresh_database(purpose: str) -> Iterator[str]:
    """An empty database for one test, dropped afterwards; yields its URL."""
    name = f"lvzhi_dataops_{purpose}_{secrets.token_hex(4)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _exists(admin, name: str) -> bool:  # type: ignore[no-untyped-def]
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def migrated_template() -> str:
    """A migrated, empty database to copy from (CREATE DATABASE … TEMPLATE), built once per schema."""
    import hashlib

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from lvzhi.core import move

    nodes = sorted(MigrationLoader(connection, ignore_no_migrations=True).graph.nodes)
    name = "lvzhi_dataops_template_" + hashlib.sha1(repr(nodes).encode()).hexdigest()[:12]
    with _admin() as admin:
        if _exists(admin, name):
            return name
        building = f"{name}_building"
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{building}"')
    move.add_database("pg_template", f"{SERVER}/{building}")
    try:
        call_command("migrate", database="pg_template", interactive=False, verbosity=0)
    finally:
        move.remove_database("pg_template")
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


@contextmanager
def copy_of_template(purpose: str) -> Iterator[str]:
    name = f"lvzhi_dataops_{purpose}_{secrets.token_hex(4)}"
    template = migrated_template()
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
