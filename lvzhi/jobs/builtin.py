"""Jobs the scheduler runs out of the box: a management command, and the tidying of the job tables."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from lvzhi.jobs.services import job, prune


@job()
def command(*, argv: list[str]) -> dict[str, Any]:
    """Run ``lvzhi <argv...>`` (e.g. ``orglife remind``); its output becomes the job's result."""
    out = io.StringIO()
    call_command(*argv, stdout=out, stderr=out)
    return {"command": " ".join(argv), "output": out.getvalue()[-2000:]}


@job()
def tidy(*, days: int = 30) -> dict[str, int]:
    """Forget finished jobs, and the database backend's finished results, older than ``days``."""
    removed = {"jobs": prune(days=days)}
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return removed
    cutoff = timezone.now() - timedelta(days=days)
    removed["task_results"] = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]
    return removed
