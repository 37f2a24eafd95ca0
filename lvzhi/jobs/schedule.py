"""The scheduler: periodic jobs from ``LVZHI_SCHEDULE``, each queued once per period under a key that names
the period, so a restarted scheduler, or two of them, never queue the same day's run twice.

An entry: ``{"name": "orglife-remind", "task": "lvzhi.jobs.builtin.command",
"kwargs": {"argv": ["orglife", "remind"]}, "daily": "06:00"}`` (local time), or ``"every_minutes": 60``
instead of ``daily``. A run missed while the scheduler was down is made up for the same day (or period)
only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from lvzhi.jobs.services import enqueue, reap

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    daily: time | None = None
    every: timedelta | None = None

    def due_key(self, now: datetime) -> str | None:
        """The key of the period ``now`` falls in, once its run is due; None before the daily time."""
        local = timezone.localtime(now)
        if self.daily is not None:
            if local.time() < self.daily:
                return None
            return f"{self.name}:{local.date().isoformat()}"
        assert self.every is not None
        seconds = int(self.every.total_seconds())
        start = int(local.timestamp()) // seconds * seconds
        return f"{self.name}:{datetime.fromtimestamp(start, tz=local.tzinfo).isoformat(timespec='minutes')}"


def entries() -> list[Entry]:
    out = []
    for spec in getattr(settings, "LVZHI_SCHEDULE", []):
        daily = time.fromisoformat(spec["daily"]) if "daily" in spec else None
        every = timedelta(minutes=int(spec["every_minutes"])) if "every_minutes" in spec else None
        if (daily is None) == (every is None):
            raise ValueError(f"LVZHI_SCHEDULE {spec.get('name')!r}: give exactly one of daily, every_minutes")
        out.append(Entry(spec["name"], spec["task"], dict(spec.get("kwargs", {})), daily, every))
    return out


def tick(*, now: datetime | None = None) -> dict[str, list[str]]:
    """One round: reap dead workers' jobs, then queue every entry that is due and not yet queued."""
    now = now or timezone.now()
    report = reap(now=now)
    report["queued"] = []
    for entry in entries():
        key = entry.due_key(now)
        if key is None:
            continue
        _, created = enqueue(entry.task, key=key, **entry.kwargs)
        if created:
            log.info("scheduler: queued %s", key)
            report["queued"].append(key)
    return report
