"""A job for the fault tests: it writes audit events one by one and, on its first run, stops half-way
until it is killed, as a long import would be."""

from __future__ import annotations

import time
from pathlib import Path

from lvzhi.core.models import AuditEvent
from lvzhi.jobs.services import job


@job()
def write_events(*, count: int, marker: str) -> int:
    for i in range(count):
        AuditEvent.objects.create(action="jobtest", object_id=str(i))
        if i == count // 2 and not Path(marker).exists():
            Path(marker).write_text("half-way")
            while True:  # the first run waits here to be killed
                time.sleep(0.05)
    return count
