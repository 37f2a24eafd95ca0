"""The job ledger: one row per job key, whichever task backend carries the job to a worker.

Global by design (no committee): a job is infrastructure, and the work it does is scoped by its own code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    key = models.CharField(max_length=200, unique=True, verbose_name=_("任务键"))
    task = models.CharField(max_length=200, verbose_name=_("任务"))
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("运行次数"))
    max_attempts = models.PositiveIntegerField(default=3)
    worker = models.CharField(max_length=120, blank=True, verbose_name=_("运行进程"))
    backend_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
