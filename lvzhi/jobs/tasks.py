"""The one django-tasks task every job travels as: the worker gets a key and runs that job's function."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_job(key: str) -> Any:
    from lvzhi.jobs.services import execute

    return execute(key)
