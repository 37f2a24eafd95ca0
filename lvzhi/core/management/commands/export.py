"""`lvzhi export KIND --committee CODE -o FILE.xlsx`: an operator's export, in full, written to the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import committee_by_code
from lvzhi.core.transfer import exporters


class Command(BaseCommand):
    help = "导出记录为 Excel 文件（运维命令：身份证号等完整导出，并记入审计日志）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("--committee", required=True)
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--masked", action="store_true", help="身份证号、手机号码脱敏导出")

    def handle(self, *args: Any, **options: Any) -> None:
        exporter = exporters.get(options["kind"])
        if exporter is None:
            raise CommandError(f"未知的记录类型「{options['kind']}」，可用：{'、'.join(sorted(exporters))}")
        committee = committee_by_code(options["committee"])
        data = exporter.run(committee=committee, by=None, full=not options["masked"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出到 {options['output']}"))
