"""`lvzhi coverage --committee CODE [--json] [--on DATE]`: the two 全覆盖 with every uncovered member."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.party.coverage import coverage


class Command(BaseCommand):
    help = "检查「党的组织对党员委员全覆盖、党的工作对政协委员全覆盖」，列出未覆盖的委员及原因。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--on", help="日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = committee_by_code(options["committee"])
        on = timezone.localdate()
        if options["on"]:
            on = parse_date(options["on"]) or on
            if parse_date(options["on"]) is None:
                raise CommandError(f"无法识别的日期：{options['on']}")
        result = coverage(committee, on)
        data = result.as_dict()
        data["committee"] = committee.code
        if options["json"]:
            data.pop("on")
            self.stdout.write(dumps(data))
            return
        self.stdout.write(
            f"{committee.name}：本届委员{result.members}名，党员委员{result.cpc_members}名（{on}）"
        )
        for title, part in (
            ("党的组织对党员委员全覆盖", result.party_org),
            ("党的工作对政协委员全覆盖", result.party_work),
        ):
            mark = "已全覆盖" if part.full else "未全覆盖"
            self.stdout.write(f"{title}：{part.covered}/{part.total}（{mark}）")
            for u in part.uncovered:
                self.stdout.write(f"  {u.name}：{u.reason}")
