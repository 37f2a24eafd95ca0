"""`lvzhi import KIND FILE --committee CODE [--dry-run] [--create-missing] [--json]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.core.transfer import importers


class Command(BaseCommand):
    help = "从 Excel（.xlsx/.xls）或 CSV 文件导入记录；任何一行有错误时整个文件都不导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="记录类型：" + "、".join(sorted(importers)) if importers else "记录类型"
        )
        parser.add_argument("file")
        parser.add_argument("--committee", required=True, help="政协代码")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--create-missing", action="store_true", help="自动创建系统中没有的界别、专委会、党支部"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = importers.get(options["kind"])
        if importer is None:
            raise CommandError(f"未知的记录类型「{options['kind']}」，可用：{'、'.join(sorted(importers))}")
        committee = committee_by_code(options["committee"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        report = importer.run(
            committee=committee,
            data=path.read_bytes(),
            filename=path.name,
            by=None,
            dry_run=options["dry_run"],
            create_missing=options["create_missing"],
        )
        if options["json"]:
            self.stdout.write(dumps(report.as_dict()))
        elif report.ok:
            verb = "检查通过（未写入）" if options["dry_run"] else "导入完成"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb}：{report.rows}行，新增{report.created}，更新{report.updated}，未变{report.unchanged}。"
                )
            )
            for kind, names in report.created_names.items():
                self.stdout.write(f"新建{kind}：{'、'.join(names)}")
        else:
            self.stderr.write(f"发现{len(report.errors)}处错误，文件未导入：")
            for error in report.errors:
                self.stderr.write(f"  {error}")
        if not report.ok:
            sys.exit(1)
