"""`lvzhi jobs worker|scheduler|reap|list|retry|run`: the background workers, the scheduler and the reaper."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from lvzhi.core.cli import dumps
from lvzhi.jobs import schedule
from lvzhi.jobs.models import Job
from lvzhi.jobs.services import enqueue, reap, retry


class Command(BaseCommand):
    help = "后台任务：工作进程、定时调度、回收中断的任务"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        worker = sub.add_parser("worker", help="运行工作进程（数据库队列，或配置了 REDIS_URL 时的 RQ）")
        worker.add_argument("--batch", action="store_true", help="处理完已排队的任务后退出")
        worker.add_argument("--queue", default="default", help="队列名（默认 default）")
        sched = sub.add_parser("scheduler", help="定时调度：按 LVZHI_SCHEDULE 排队周期任务，并回收中断的任务")
        sched.add_argument("--once", action="store_true", help="只运行一轮")
        sched.add_argument("--interval", type=float, default=30.0, help="两轮之间的秒数（默认30）")
        sub.add_parser("reap", help="把工作进程已中断的任务重新排队")
        ls = sub.add_parser("list", help="列出最近的任务")
        ls.add_argument("--status", choices=Job.Status.values, help="只列出此状态")
        ls.add_argument("--json", action="store_true", help="输出 JSON")
        again = sub.add_parser("retry", help="把失败的任务重新排队")
        again.add_argument("key", help="任务键")
        now = sub.add_parser("run", help="立即排队一个定时任务（按名称），不等到点")
        now.add_argument("name", help="LVZHI_SCHEDULE 中的名称，如 orglife-remind")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "worker":
            self._worker(batch=options["batch"], queue=options["queue"])
        elif action == "scheduler":
            self._scheduler(once=options["once"], interval=options["interval"])
        elif action == "reap":
            self._print_report(reap())
        elif action == "list":
            self._list(options.get("status"), as_json=options["json"])
        elif action == "retry":
            row = Job.objects.filter(key=options["key"]).first()
            if row is None:
                raise CommandError(f"没有键为「{options['key']}」的任务")
            if row.status in (Job.Status.QUEUED, Job.Status.RUNNING):
                raise CommandError(f"任务「{row.key}」正在排队或运行，不能重新排队")
            retry(row)
            self.stdout.write(f"已重新排队：{row.key}")
        elif action == "run":
            entry = next((e for e in schedule.entries() if e.name == options["name"]), None)
            if entry is None:
                names = "、".join(e.name for e in schedule.entries())
                raise CommandError(f"没有名为「{options['name']}」的定时任务（可选：{names}）")
            key = f"{entry.name}:manual:{timezone.now().isoformat(timespec='seconds')}"
            enqueue(entry.task, key=key, **entry.kwargs)
            self.stdout.write(f"已排队：{key}")

    def _worker(self, *, batch: bool, queue: str) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        if backend.startswith("django_tasks_rq"):
            options: dict[str, Any] = {"job_class": "django_tasks_rq.Job", "with_scheduler": False}
            if batch:
                options["burst"] = True
            call_command("rqworker", queue, **options)
        else:
            call_command(
                "db_worker", queue_name=queue, batch=batch, reload=False, startup_delay=not batch, interval=1
            )

    def _scheduler(self, *, once: bool, interval: float) -> None:
        names = "、".join(e.name for e in schedule.entries()) or "（无）"
        self.stdout.write(f"定时调度已启动，周期任务：{names}")
        while True:
            close_old_connections()
            try:
                self._print_report(schedule.tick(), quiet=True)
            except Exception as exc:  # the database may be away for a moment: try again next round
                if once:
                    raise
                self.stderr.write(f"本轮调度失败，稍后重试：{exc}")
            if once:
                return
            time.sleep(interval)

    def _print_report(self, report: dict[str, list[str]], *, quiet: bool = False) -> None:
        labels = {
            "requeued": "重新排队",
            "failed": "多次中断，标为失败",
            "resent": "重新发送",
            "queued": "已排队",
        }
        lines = [f"{labels[k]}：{key}" for k, keys in report.items() for key in keys]
        for line in lines:
            self.stdout.write(line)
        if not lines and not quiet:
            self.stdout.write("没有需要处理的任务")

    def _list(self, status: str | None, *, as_json: bool) -> None:
        rows = Job.objects.all()
        if status:
            rows = rows.filter(status=status)
        rows = rows[:100]
        if as_json:
            fields = ("key", "task", "status", "attempts", "worker", "created_at", "finished_at", "error")
            self.stdout.write(dumps([{f: getattr(r, f) for f in fields} for r in rows]))
            return
        for r in rows:
            self.stdout.write(f"{r.created_at:%Y-%m-%d %H:%M} {r.get_status_display()} ×{r.attempts} {r.key}")
