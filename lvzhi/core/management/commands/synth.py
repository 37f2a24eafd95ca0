"""`lvzhi synth`: a province of synthetic committees, deterministic for a seed, written in bulk."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import dumps


class Command(BaseCommand):
    help = "生成合成数据（省、市、县三级政协及各项履职记录），用于性能测试；同一随机种子生成相同数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committees", type=int, default=300, help="政协个数（默认300）")
        parser.add_argument("--members", type=int, default=300, help="每个政协的委员人数（默认300）")
        parser.add_argument("--years", type=int, default=3, help="履职记录的年数（默认3）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认1）")
        parser.add_argument("--end", type=date.fromisoformat, default=None, help="记录截止日期（默认今天）")
        parser.add_argument("--code", default="synth", help="省级政协代码，下级代码以此为前缀（默认synth）")
        parser.add_argument("--no-search", action="store_true", help="不建立全文检索索引")
        parser.add_argument("--json", action="store_true", help="以JSON输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        from lvzhi.core.synth import Synth

        call_command("migrate", interactive=False, verbosity=0)
        try:
            synth = Synth(
                committees=options["committees"],
                members=options["members"],
                years=options["years"],
                seed=options["seed"],
                end=options["end"],
                code=options["code"],
                search=not options["no_search"],
                progress=None if options["json"] else lambda text: self.stderr.write(text),
            )
            result = synth.run()
        except ValueError as e:
            raise CommandError(str(e)) from None
        summary = {
            "committees": len(result.committees),
            "rows": result.rows,
            "seconds": round(result.seconds, 1),
            "write_seconds": round(result.write_seconds, 1),
            "rows_per_second": round(result.rate),
            "cpu_seconds": round(result.cpu_seconds, 1),
            "tables": result.by_table,
        }
        if options["json"]:
            self.stdout.write(dumps(summary))
            return
        self.stdout.write(
            f"已生成 {summary['committees']} 个政协、{result.rows:,} 行数据，用时 {summary['seconds']} 秒"
            f"（写入 {summary['write_seconds']} 秒，每秒 {summary['rows_per_second']:,} 行）。"
        )
