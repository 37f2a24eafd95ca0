"""A roster import killed with SIGKILL in the middle of writing leaves nothing half-written, on SQLite
and on PostgreSQL: the real `lvzhi import` in a subprocess, killed once it has started to write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection

from lvzhi.core.idnumber import synthetic_id_number
from tests.org import sheets

from .pg import copy_of_template

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4000
TABLES = ["org_person", "org_termmembership", "org_historicalperson", "org_sector", "core_auditevent"]


def roster(path: Path) -> Path:
    first = date(1960, 1, 1)
    rows = [
        [f"委员{i:05d}", "男", "汉族", "", "群众", "经济界", "", "委员", f"某单位{i}", "",
         synthetic_id_number(region="611002", birth=first + timedelta(days=i), sequence=i * 2 + 1), ""]
        for i in range(ROWS)
    ]  # fmt: skip
    path.write_bytes(sheets.csv_bytes(rows))
    return path


def lvzhi(env: dict[str, str], *args: str, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def, type-arg]
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "lvzhi.config.settings.test", **env}
    full.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.Popen([sys.executable, "-m", "lvzhi", *args], cwd=ROOT, env=full, **kwargs)


def run(env: dict[str, str], *args: str) -> None:
    process = lvzhi(env, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()


def make_committee(env: dict[str, str]) -> None:
    code = "from tests import factories; factories.make_committee('kill', name='测试区政协')"
    run(env, "shell", "-c", code)


def kill_mid_write(env: dict[str, str], tmp_path: Path, writing: Callable[[], bool]) -> None:
    process = lvzhi(
        env, "import", "roster", str(roster(tmp_path / "roster.csv")), "--committee", "kill", "--create-missing",
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 600
    try:
        while not writing():
            assert process.poll() is None, "the import finished before it could be caught writing"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL


@pytest.mark.django_db(transaction=True)  # no open transaction: the copy below must not wait for it
def test_a_killed_import_leaves_nothing_on_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database; the PostgreSQL case is the next test")
    path = tmp_path / "lvzhi.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # the migrated, empty test database, as a file
    target.close()
    env = {"LVZHI_DEFAULT_SQLITE": str(path), "DATABASE_URL": "", "LVZHI_HOME": str(tmp_path / "home")}
    make_committee(env)
    wal = Path(f"{path}-wal")

    def counts() -> dict[str, int]:
        with sqlite3.connect(path) as db:
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    before = counts()
    base = wal.stat().st_size if wal.exists() else 0

    def writing() -> bool:
        # Uncommitted pages spill into the write-ahead log once the writer's cache is full.
        return wal.exists() and wal.stat().st_size > base + 512 * 1024

    kill_mid_write(env, tmp_path, writing)
    assert counts() == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    run(env, "import", "roster", str(tmp_path / "roster.csv"), "--committee", "kill", "--create-missing")
    assert counts()["org_person"] == before["org_person"] + ROWS  # the same file, run again, goes in whole


@pytest.mark.django_db
def test_a_killed_import_leaves_nothing_on_postgresql(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    with copy_of_template("kill") as url:
        app = f"lvzhi_kill_{os.getpid()}"
        env = {"DATABASE_URL": f"{url}?application_name={app}", "LVZHI_HOME": str(tmp_path / "home")}
        make_committee(env)
        with psycopg.connect(url, autocommit=True) as db:

            def counts() -> dict[str, int]:
                return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

            def writing() -> bool:
                # A transaction gets an ID at its first write: the import is inside its transaction, writing.
                row = db.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL",
                    [app],
                ).fetchone()
                return bool(row and row[0])

            before = counts()
            kill_mid_write(env, tmp_path, writing)
            for _ in range(200):  # the server notices the lost client
                if not db.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE application_name = %s", [app]
                ).fetchone():
                    break
                time.sleep(0.05)
            assert counts() == before
            run(
                env,
                "import",
                "roster",
                str(tmp_path / "roster.csv"),
                "--committee",
                "kill",
                "--create-missing",
            )
            assert counts()["org_person"] == before["org_person"] + ROWS
