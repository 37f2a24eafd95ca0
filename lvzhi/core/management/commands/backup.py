"""`lvzhi backup FILE [--include-keys] [--json]`: the database and uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.backup import backup_create
from lvzhi.core.cli import dumps
from lvzhi.core.dataset import DatasetError


class Command(BaseCommand):
    help = "备份数据库和上传的文件到一个压缩包（含清单：版本、迁移、各表行数和校验和）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件路径，如 lvzhi-2026-12-03.tar.gz")
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="把 $LVZHI_HOME/keys 中的密钥一并放入备份（默认不放：密钥应另行妥善保存）",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出清单")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(Path(options["file"]), include_keys=options["include_keys"])
        except DatasetError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(dumps({"file": str(result.path), **result.manifest}))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}（{len(result.manifest['tables'])}张表，{result.rows}行，"
                f"{result.files}个上传文件）。"
            )
        )
        if not options["include_keys"]:
            self.stdout.write("提醒：身份证号加密密钥（$LVZHI_HOME/keys）不在备份中，请另行备份并妥善保管。")
