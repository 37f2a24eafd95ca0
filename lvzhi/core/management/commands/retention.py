"""`lvzhi retention [--apply] [--committee CODE] [--on DATE] [--json]`: erase personal data after 届满."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.core.retention import retention_apply, retention_days


class Command(BaseCommand):
    help = (
        "清除离任委员的个人信息（手机号码、身份证号，含修改历史）：任职结束超过保留期限"
        "（LVZHI_PII_RETENTION_DAYS）的人员。姓名、任职和履职记录及各项统计不变。默认只列出，--apply 才执行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="执行清除（默认只列出将被清除的人数）")
        parser.add_argument("--committee", help="只处理这个政协（代码）")
        parser.add_argument("--on", help="以该日期计算（YYYY-MM-DD，默认今天）")
        parser.add_argument("--days", type=int, help=f"保留天数（默认 {retention_days()}）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as error:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from error
        committee = committee_by_code(options["committee"]) if options["committee"] else None
        result = retention_apply(
            on=on, days=options["days"], committee=committee, dry_run=not options["apply"]
        )
        if options["json"]:
            self.stdout.write(dumps(result.as_dict()))
            return
        verb = "已清除" if result.applied else "将清除"
        self.stdout.write(
            f"保留期限 {result.days} 天：任职在 {result.cutoff.isoformat()} 前结束的委员，{verb}个人信息 {result.persons} 人。"
        )
        for code, ids in result.by_committee.items():
            self.stdout.write(f"  {code}：{len(ids)}人")
        if not result.applied and result.persons:
            self.stdout.write("加上 --apply 执行清除；清除记入审计日志，无法撤销（请先备份）。")
