"""`lvzhi upgrade [--backup-file FILE] [--no-backup] [--json]`: back up, migrate, report what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import dumps
from lvzhi.core.dataset import DatasetError
from lvzhi.core.upgrade import upgrade


class Command(BaseCommand):
    help = "升级数据库：先备份（同 lvzhi backup），再执行迁移，最后报告升级前后的版本和执行的迁移。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backup-file", help="备份文件路径（默认 $LVZHI_HOME/backups/ 下按版本和时间命名）"
        )
        parser.add_argument("--no-backup", action="store_true", help="不备份（不推荐）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = upgrade(
                backup_path=Path(options["backup_file"]) if options["backup_file"] else None,
                make_backup=not options["no_backup"],
            )
        except DatasetError as error:
            raise CommandError(f"{error} 升级未执行。") from error
        if options["json"]:
            self.stdout.write(dumps(result.as_dict()))
            return
        if result.backup:
            self.stdout.write(f"升级前的备份：{result.backup}")
        before = result.version_before or "未记录"
        self.stdout.write(f"版本：{before} → {result.version_after}")
        if result.applied:
            self.stdout.write(f"执行了 {len(result.applied)} 个迁移：")
            for app, name in result.applied:
                self.stdout.write(f"  {app}.{name}")
        else:
            self.stdout.write("数据库结构已是最新，没有需要执行的迁移。")
        self.stdout.write(self.style.SUCCESS("升级完成。"))
