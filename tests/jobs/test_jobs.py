"""The job ledger: one run per key, the scheduler's keys per day, the reaper's rules, all-or-nothing jobs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from lvzhi.core.models import AuditEvent, Notification
from lvzhi.jobs import schedule
from lvzhi.jobs.models import Job
from lvzhi.jobs.services import enqueue, execute, job, reap

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@job()
def write_then_fail(*, n: int) -> None:
    for i in range(n):
        AuditEvent.objects.create(action="jobtest", object_id=str(i))
    raise RuntimeError("half-way")


@job()
def write(*, n: int) -> int:
    for i in range(n):
        AuditEvent.objects.create(action="jobtest", object_id=str(i))
    return n


def not_a_job() -> None:
    pass


def test_one_key_one_run() -> None:
    row, created = enqueue(write, key="k1", n=3)
    assert created
    again, created_again = enqueue(write, key="k1", n=3)
    assert not created_again
    assert again.pk == row.pk
    assert execute("k1") == 3
    assert execute("k1") is None  # a second delivery of the same key does nothing
    row.refresh_from_db()
    assert (row.status, row.attempts, row.result) == (Job.Status.DONE, 1, 3)
    assert AuditEvent.objects.filter(action="jobtest").count() == 3
    enqueue(write, key="k1", n=3)  # done stays done
    assert AuditEvent.objects.filter(action="jobtest").count() == 3


def test_only_marked_functions_run() -> None:
    with pytest.raises(ValueError, match="not a job"):
        enqueue("tests.jobs.test_jobs.not_a_job", key="x")
    assert not Job.objects.exists()


def test_failed_job_leaves_nothing_half_written() -> None:
    enqueue(write_then_fail, key="k2", n=4)
    with pytest.raises(RuntimeError):
        execute("k2")
    row = Job.objects.get(key="k2")
    assert row.status == Job.Status.FAILED
    assert "half-way" in row.error
    assert not AuditEvent.objects.filter(action="jobtest").exists()


def test_reaper_requeues_a_silent_worker_then_gives_up() -> None:
    row, _ = enqueue(write, key="k3", n=1)
    now = timezone.now()
    # Running on another machine whose heartbeat stopped ten minutes ago.
    Job.objects.filter(pk=row.pk).update(
        status=Job.Status.RUNNING,
        worker="elsewhere:123:9",
        attempts=1,
        heartbeat_at=now - timedelta(minutes=10),
    )
    assert reap(now=now)["requeued"] == ["k3"]
    row.refresh_from_db()
    assert row.status == Job.Status.QUEUED
    assert "died" in row.error
    # A live heartbeat is left alone.
    Job.objects.filter(pk=row.pk).update(
        status=Job.Status.RUNNING, worker="elsewhere:123:9", heartbeat_at=now
    )
    assert reap(now=now)["requeued"] == []
    # The third death of the same job is the last: it fails instead of killing workers for ever.
    Job.objects.filter(pk=row.pk).update(attempts=3, heartbeat_at=now - timedelta(minutes=10))
    assert reap(now=now)["failed"] == ["k3"]
    assert Job.objects.get(pk=row.pk).status == Job.Status.FAILED


def test_reaper_sees_a_dead_process_on_this_host() -> None:
    import socket
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    row, _ = enqueue(write, key="k4", n=1)
    Job.objects.filter(pk=row.pk).update(
        status=Job.Status.RUNNING, worker=f"{socket.gethostname()}:{dead.pid}:1", heartbeat_at=timezone.now()
    )
    assert reap()["requeued"] == ["k4"]
    assert execute("k4") == 1


@override_settings(
    LVZHI_SCHEDULE=[
        {"name": "daily-write", "task": "tests.jobs.test_jobs.write", "kwargs": {"n": 1}, "daily": "07:00"},
        {"name": "hourly", "task": "tests.jobs.test_jobs.write", "kwargs": {"n": 1}, "every_minutes": 60},
    ]
)
def test_scheduler_queues_each_period_once() -> None:
    early = datetime(2026, 3, 2, 6, 59, tzinfo=SHANGHAI)
    assert schedule.tick(now=early)["queued"] == ["hourly:2026-03-02T06:00+08:00"]
    due = datetime(2026, 3, 2, 7, 1, tzinfo=SHANGHAI)
    assert schedule.tick(now=due)["queued"] == ["daily-write:2026-03-02", "hourly:2026-03-02T07:00+08:00"]
    assert schedule.tick(now=due + timedelta(minutes=20))["queued"] == []  # a restarted scheduler
    assert schedule.tick(now=due + timedelta(days=1))["queued"][0] == "daily-write:2026-03-03"


def test_orglife_remind_through_the_scheduler_reminds_once(committee, economy, economy_branch, staff) -> None:
    """The daily `orglife remind` as a scheduled job on a day when meetings are due: the reminders go out
    once, and neither a second tick nor a run by hand sends them again."""
    day = date(2025, 9, 26)  # Q3's 党员大会 and September's monthly meetings are due (tests/party)
    with (
        override_settings(LVZHI_SCHEDULE=[s for s in schedule_settings() if s["name"] == "orglife-remind"]),
        mock.patch("django.utils.timezone.localdate", return_value=day),
    ):
        [key] = schedule.tick(now=datetime(2025, 9, 26, 8, 0, tzinfo=SHANGHAI))["queued"]
        assert key == "orglife-remind:2025-09-26"
        execute(key)
        first = Notification.objects.filter(user=staff).count()
        assert first > 0
        assert schedule.tick(now=datetime(2025, 9, 26, 20, 0, tzinfo=SHANGHAI))["queued"] == []
        call_command("jobs", "run", "orglife-remind")  # by hand: another key, the same reminders
        execute(Job.objects.exclude(key=key).get().key)
    assert Job.objects.get(key=key).result["command"] == "orglife remind"
    assert Notification.objects.filter(user=staff).count() == first


def schedule_settings() -> list[dict]:
    from django.conf import settings

    return list(settings.LVZHI_SCHEDULE)
