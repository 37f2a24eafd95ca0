"""`lvzhi restore FILE [--with-keys] [--keep-media] [--yes] [--json]`: replace the database from a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.backup import restore
from lvzhi.core.cli import dumps
from lvzhi.core.dataset import DatasetError


class Command(BaseCommand):
    help = "从备份文件恢复数据库和上传的文件；先完整校验备份，任何问题都不改动现有数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--with-keys", action="store_true", help="备份中含有密钥时，一并恢复到 $LVZHI_HOME/keys"
        )
        parser.add_argument("--keep-media", action="store_true", help="只恢复数据库，不替换上传的文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接替换现有数据")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            try:
                answer = input("恢复将用备份替换当前数据库中的全部数据。输入 yes 继续：")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何更改。")
        try:
            result = restore(
                Path(options["file"]), with_keys=options["with_keys"], media=not options["keep_media"]
            )
        except DatasetError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if options["json"]:
            self.stdout.write(
                dumps(
                    {
                        "file": options["file"],
                        "created_at": manifest["created_at"],
                        "lvzhi_version": manifest["lvzhi_version"],
                        "tables": result.tables,
                        "media": len(manifest["media"]),
                        "keys_restored": result.keys_restored,
                    }
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{len(result.tables)}张表，{result.rows}行，{len(manifest['media'])}个上传文件，"
                f"均与备份清单一致（备份于 {manifest['created_at']}，lvzhi {manifest['lvzhi_version']}）。"
            )
        )
        if result.keys_restored:
            self.stdout.write(f"已恢复密钥：{'、'.join(result.keys_restored)}。请重新启动服务。")
