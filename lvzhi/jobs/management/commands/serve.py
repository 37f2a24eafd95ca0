"""`lvzhi serve`: the web server, a job worker and the scheduler together (what `make run` starts).

Each runs as its own process; when one of them stops, or on Ctrl-C, the others are stopped too.
Production runs them as separate services instead (deploy/*.service, docs/deploy.md).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "同时启动网站、后台任务工作进程和定时调度"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认127.0.0.1）")
        parser.add_argument("--port", default="8000", help="网站端口（默认8000）")
        parser.add_argument("--gunicorn", action="store_true", help="用 gunicorn 而不是开发服务器")

    def handle(self, *args: Any, **options: Any) -> None:
        lvzhi = [sys.executable, "-m", "lvzhi"]
        bind = f"{options['host']}:{options['port']}"
        if options["gunicorn"]:
            web = [sys.executable, "-m", "gunicorn", "-c", "python:lvzhi.config.gunicorn", "-b", bind]
            web.append("lvzhi.config.wsgi:application")
        else:
            web = [*lvzhi, "runserver", bind]
        commands = {
            "web": web,
            "worker": [*lvzhi, "jobs", "worker"],
            "scheduler": [*lvzhi, "jobs", "scheduler"],
        }
        procs = {name: subprocess.Popen(argv) for name, argv in commands.items()}
        self.stdout.write(f"网站 http://{bind}/ ，工作进程和定时调度已启动（Ctrl-C 停止）")
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping:
                ended = [name for name, p in procs.items() if p.poll() is not None]
                if ended:
                    self.stderr.write(f"{'、'.join(ended)} 已退出，其余进程一并停止")
                    break
                time.sleep(0.5)
        finally:
            for p in procs.values():
                if p.poll() is None:
                    p.terminate()
            for p in procs.values():
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
