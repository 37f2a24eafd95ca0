"""A real worker process killed (SIGKILL) in the middle of a job: the reaper queues the job again, and the
second run does the work once — nothing of the killed run survives, nothing is doubled.

The test's database is shared with the worker processes: on SQLite the migrated test database is copied
to a file; on PostgreSQL the workers use the test database itself. With Redis on the machine the same is
done with RQ workers on a private redis-server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from lvzhi.jobs.services import enqueue

ROOT = Path(__file__).resolve().parents[2]
LVZHI = [sys.executable, "-m", "lvzhi"]
REDIS_PORT = 8541


class SharedDatabase:
    """The test database as the worker processes see it, and a way to read it from here."""

    def __init__(self, tmp: Path) -> None:
        if connection.vendor == "sqlite":
            self.file = tmp / "jobs.sqlite3"
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.file}"
        else:
            s = connection.settings_dict
            self.file = None
            self.url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def scalar(self, sql: str) -> Any:
        if self.file is not None:
            db = sqlite3.connect(self.file)
            try:
                return db.execute(sql).fetchone()[0]
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


def env_for(db: SharedDatabase, redis_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="lvzhi.config.settings.test",
        DATABASE_URL=db.url,
        PYTHONPATH=str(ROOT),
        LVZHI_JOBS_STALE_SECONDS="300",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def lvzhi(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [*LVZHI, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"worker exited early: {proc.stdout.read() if proc.stdout else ''}")
        if time.monotonic() > deadline:
            raise AssertionError("the job never reached half-way")
        time.sleep(0.05)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    proc = subprocess.Popen(
        [server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def kill_mid_job_then_reap(tmp_path: Path, env: dict[str, str], db: SharedDatabase) -> None:
    marker = tmp_path / "half-way"
    worker = subprocess.Popen(
        [*LVZHI, "jobs", "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(marker, worker)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    if "REDIS_URL" in env:  # RQ runs each job in a forked work horse: it must die too
        _kill_work_horses(env)

    # The killed run wrote half of its events inside its transaction: none of them is there.
    assert db.scalar("SELECT status FROM jobs_job WHERE key = 'kill-test'") == "running"
    assert db.scalar("SELECT COUNT(*) FROM core_auditevent WHERE action = 'jobtest'") == 0

    out = lvzhi(env, "jobs", "reap")
    assert "重新排队：kill-test" in out
    assert db.scalar("SELECT status FROM jobs_job WHERE key = 'kill-test'") == "queued"

    lvzhi(env, "jobs", "worker", "--batch")
    assert db.scalar("SELECT status FROM jobs_job WHERE key = 'kill-test'") == "done"
    assert db.scalar("SELECT attempts FROM jobs_job WHERE key = 'kill-test'") == 2
    assert db.scalar("SELECT COUNT(*) FROM core_auditevent WHERE action = 'jobtest'") == 10

    # The reaper and another worker find nothing more to do: the effects stay single.
    assert "没有需要处理的任务" in lvzhi(env, "jobs", "reap")
    lvzhi(env, "jobs", "worker", "--batch")
    assert db.scalar("SELECT COUNT(*) FROM core_auditevent WHERE action = 'jobtest'") == 10


def _kill_work_horses(env: dict[str, str]) -> None:
    """The forked child of the killed RQ worker keeps running the job: find it by its marker and kill it."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"jobs" in cmdline and b"worker" in cmdline and env["REDIS_URL"].encode() in environ:
            os.kill(int(proc.name), signal.SIGKILL)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_job_database_queue(tmp_path: Path) -> None:
    enqueue(
        "tests.jobs.slow_tasks.write_events", key="kill-test", count=10, marker=str(tmp_path / "half-way")
    )
    db = SharedDatabase(tmp_path)
    kill_mid_job_then_reap(tmp_path, env_for(db), db)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_job_rq(tmp_path: Path, redis_url: str) -> None:
    db = SharedDatabase(tmp_path)
    env = env_for(db, redis_url)
    lvzhi(
        env,
        "shell",
        "-c",
        "from lvzhi.jobs.services import enqueue; "
        f"enqueue('tests.jobs.slow_tasks.write_events', key='kill-test', count=10, marker={str(tmp_path / 'half-way')!r})",
    )
    assert db.scalar("SELECT backend_id FROM jobs_job WHERE key = 'kill-test'")  # handed to Redis
    kill_mid_job_then_reap(tmp_path, env, db)
