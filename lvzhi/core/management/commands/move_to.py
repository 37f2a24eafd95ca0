"""`lvzhi move-to DATABASE_URL [--json]`: copy the whole database to another one (SQLite → PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import dumps
from lvzhi.core.dataset import DatasetError
from lvzhi.core.move import move_to


class Command(BaseCommand):
    help = "把当前数据库完整复制到另一个空数据库（如从 SQLite 迁移到 PostgreSQL），并逐表核对行数和校验和。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="目标数据库地址，如 postgres://lvzhi:密码@127.0.0.1:5432/lvzhi")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出各表的行数和校验和")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = move_to(options["url"])
        except DatasetError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(dumps({"tables": result.tables, "rows": result.rows, "verified": True}))
            return
        for table, info in result.tables.items():
            self.stdout.write(f"  {table}: {info['rows']}行 ✓")
        self.stdout.write(
            self.style.SUCCESS(
                f"迁移完成：{len(result.tables)}张表、{result.rows}行已复制到新数据库，行数和校验和逐表一致。"
            )
        )
        self.stdout.write("下一步：把环境变量 DATABASE_URL 设为新数据库的地址，然后重新启动 lvzhi。")
