"""Jobs: idempotent by key, carried by django-tasks, re-queued when their worker dies.

``enqueue(task, key=...)`` writes one ledger row per key and hands the key to the task backend (the database
by default, RQ on Redis in production). A worker runs the job through :func:`execute`, which claims the row
(queued → running, so a second delivery of the same key does nothing), runs the function and marks the row
done — by default in one transaction with the job's own writes, so a worker killed half-way leaves nothing
behind and the re-run does the work exactly once. :func:`reap` finds jobs whose worker is gone (its process
no longer exists on this host, or its heartbeat stopped) and queues them again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from lvzhi.jobs.models import Job

log = logging.getLogger(__name__)
F_ = TypeVar("F_", bound=Callable[..., Any])

Status = Job.Status


def job(*, atomic: bool = True, max_attempts: int = 3) -> Callable[[F_], F_]:
    """Mark a function as a job. ``atomic``: its writes and the ledger's "done" commit together."""

    def mark(func: F_) -> F_:
        func.lvzhi_job = {"atomic": atomic, "max_attempts": max_attempts}  # type: ignore[attr-defined]
        return func

    return mark


def task_path(func: Callable[..., Any] | str) -> str:
    return func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"


def resolve(path: str) -> Callable[..., Any]:
    func = import_string(path)
    if not callable(func) or not hasattr(func, "lvzhi_job"):
        raise ValueError(f"{path} is not a job (decorate it with lvzhi.jobs.services.job)")
    return func


def enqueue(func: Callable[..., Any] | str, *, key: str, **kwargs: Any) -> tuple[Job, bool]:
    """Queue ``func(**kwargs)`` once under ``key``; returns (job, created). An existing key is left as it
    is (queued, running, done or failed), so enqueueing the same key twice never runs the work twice."""
    path = task_path(func)
    options = resolve(path).lvzhi_job  # type: ignore[attr-defined]
    with transaction.atomic():
        row, created = Job.objects.get_or_create(
            key=key, defaults={"task": path, "kwargs": kwargs, "max_attempts": options["max_attempts"]}
        )
        if created:
            _dispatch(row)
    return row, created


def retry(row: Job) -> None:
    """Queue a failed (or stuck) job again under its key."""
    with transaction.atomic():
        Job.objects.filter(pk=row.pk).update(status=Status.QUEUED, worker="", error="")
        row.refresh_from_db()
        _dispatch(row)


def _uses_database_backend() -> bool:
    from django_tasks import task_backends

    from lvzhi.jobs.tasks import run_job

    return type(task_backends[run_job.backend]).__module__.startswith("django_tasks_db")


def _dispatch(row: Job) -> None:
    """Hand the key to the task backend: the database backend writes in this transaction; a remote
    queue (RQ) is told after the commit, and the reaper re-sends what a failed hand-over lost."""
    from lvzhi.jobs.tasks import run_job

    def send() -> None:
        result = run_job.enqueue(key=row.key)
        Job.objects.filter(pk=row.pk).update(backend_id=str(result.id)[:64], dispatched_at=timezone.now())

    if _uses_database_backend():
        send()
    else:
        transaction.on_commit(_safe(send, row.key))


def _safe(send: Callable[[], None], key: str) -> Callable[[], None]:
    def run() -> None:
        try:
            send()
        except Exception:  # the queue is down: the row stays queued and the reaper sends it again
            log.exception("job %s could not be handed to the queue", key)

    return run


# --- the worker side -----------------------------------------------------------------------------------


def _process_start(pid: int) -> str:
    """The process's start time in clock ticks (Linux), so a reused pid is not taken for the worker."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return ""
    return fields[19]


def worker_id() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"[:120]


def _process_alive(pid: int, start: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return True  # no /proc: the pid answers, take it as alive
    if fields[0] in ("Z", "X"):  # killed, not yet collected by its parent
        return False
    return not start or fields[19] == start


def heartbeats_enabled() -> bool:
    """SQLite is one machine (the process check suffices) and one writer at a time: no heartbeats."""
    return connection.vendor != "sqlite"


class _Heartbeat(threading.Thread):
    def __init__(self, pk: int, interval: float) -> None:
        super().__init__(daemon=True, name=f"job-heartbeat-{pk}")
        self.pk, self.interval, self.stop = pk, interval, threading.Event()

    def run(self) -> None:
        from django.db import connections

        try:
            while not self.stop.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.pk, status=Status.RUNNING).update(heartbeat_at=timezone.now())
                except Exception:
                    log.warning("job heartbeat failed", exc_info=True)
        finally:
            connections.close_all()


def execute(key: str) -> Any:
    """Run the job ``key`` in this process, if it is still queued; otherwise do nothing."""
    me = worker_id()
    now = timezone.now()
    claimed = Job.objects.filter(key=key, status=Status.QUEUED).update(
        status=Status.RUNNING, worker=me, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now
    )
    if not claimed:
        log.info("job %s is not queued any more: skipped", key)
        return None
    row = Job.objects.get(key=key)
    func = resolve(row.task)
    beat = None
    if heartbeats_enabled():
        beat = _Heartbeat(row.pk, float(getattr(settings, "LVZHI_JOBS_HEARTBEAT_SECONDS", 15)))
        beat.start()
    log.info("job %s started (attempt %s)", key, row.attempts)
    try:
        if func.lvzhi_job["atomic"]:  # type: ignore[attr-defined]
            with transaction.atomic():
                result = func(**row.kwargs)
                _finish(row, me, result)
        else:
            result = func(**row.kwargs)
            with transaction.atomic():
                _finish(row, me, result)
    except Exception as exc:
        Job.objects.filter(pk=row.pk, worker=me, status=Status.RUNNING).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error="".join(traceback.format_exception(exc))[-4000:],
        )
        log.exception("job %s failed", key)
        raise
    finally:
        if beat is not None:
            beat.stop.set()
    log.info("job %s done", key)
    return result


class LostClaim(RuntimeError):
    """Another worker took the job over while this one ran it: this run's writes are rolled back."""


def _finish(row: Job, me: str, result: Any) -> None:
    done = Job.objects.filter(pk=row.pk, worker=me, status=Status.RUNNING).update(
        status=Status.DONE, finished_at=timezone.now(), result=_jsonable(result), error=""
    )
    if not done:
        raise LostClaim(row.key)


def _jsonable(value: Any) -> Any:
    import json

    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


# --- the reaper ----------------------------------------------------------------------------------------


def _worker_dead(row: Job, now: Any, stale: timedelta) -> bool:
    host, _, rest = row.worker.partition(":")
    pid_text, _, start = rest.partition(":")
    if host == socket.gethostname() and pid_text.isdigit():
        return not _process_alive(int(pid_text), start)
    beat = row.heartbeat_at or row.started_at
    return beat is None or now - beat > stale


def _dispatch_lost(row: Job, now: Any, stale: timedelta) -> bool:
    """A queued job the backend no longer has (the queue lost it, or the hand-over failed)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from lvzhi.jobs.tasks import run_job

    if not row.backend_id:
        return now - row.created_at > timedelta(seconds=60)
    try:
        status = run_job.get_result(row.backend_id).status
    except TaskResultDoesNotExist:
        return True
    except Exception:  # the queue itself is unreachable: try again at the next round
        log.warning("job %s: the queue cannot be asked", row.key, exc_info=True)
        return False
    if status == TaskResultStatus.RUNNING:  # delivered to a worker that died before claiming the row
        return (row.dispatched_at or row.created_at) < now - stale
    return status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def reap(*, now: Any = None) -> dict[str, list[str]]:
    """Queue again the running jobs whose worker is gone (failed after ``max_attempts`` deaths), and send
    again the queued jobs the backend lost. Returns the keys by what was done."""
    now = now or timezone.now()
    stale = timedelta(seconds=int(getattr(settings, "LVZHI_JOBS_STALE_SECONDS", 300)))
    report: dict[str, list[str]] = {"requeued": [], "failed": [], "resent": []}
    for row in Job.objects.filter(status=Status.RUNNING):
        if not _worker_dead(row, now, stale):
            continue
        with transaction.atomic():
            if row.attempts >= row.max_attempts:
                changed = Job.objects.filter(pk=row.pk, status=Status.RUNNING, worker=row.worker).update(
                    status=Status.FAILED,
                    finished_at=now,
                    error=f"worker {row.worker} died {row.attempts} times running this job",
                )
                if changed:
                    report["failed"].append(row.key)
                continue
            changed = Job.objects.filter(pk=row.pk, status=Status.RUNNING, worker=row.worker).update(
                status=Status.QUEUED, worker="", error=f"worker {row.worker} died; queued again"
            )
            if changed:
                _mark_backend_failed(row)
                _dispatch(row)
                report["requeued"].append(row.key)
    for row in Job.objects.filter(status=Status.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - timedelta(seconds=60))
    ):
        if _dispatch_lost(row, now, stale):
            with transaction.atomic():
                _dispatch(row)
            report["resent"].append(row.key)
    for what, keys in report.items():
        for key in keys:
            log.warning("reaper: job %s %s", key, what)
    return report


def _mark_backend_failed(row: Job) -> None:
    """Tidy the database backend's own row of the dead run (it would stay "running" for ever)."""
    if not row.backend_id or not _uses_database_backend():
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=row.backend_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def prune(*, days: int = 30, now: Any = None) -> int:
    """Forget finished jobs older than ``days`` (their keys may then be used again)."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Job.objects.filter(status__in=[Status.DONE, Status.FAILED], finished_at__lt=cutoff).delete()[0]
