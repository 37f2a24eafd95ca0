"""`lvzhi orglife compliance --committee CODE --year YYYY [--json]`: the org-life calendar of every branch."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lvzhi.org.models import Committee
from lvzhi.party.orglife import compliance, compliance_json, remind


class Command(BaseCommand):
    help = "组织生活：按规则核查各党支部每个周期是否召开"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("compliance", help="组织生活日历")
        check.add_argument("--committee", required=True, help="政协代码")
        check.add_argument("--year", type=int, default=timezone.localdate().year, help="年度")
        check.add_argument("--json", action="store_true", help="输出 JSON")
        remind = sub.add_parser(
            "remind", help="在周期结束前提醒尚未召开的组织生活（可每天定时运行，重复运行不会重复提醒）"
        )
        remind.add_argument("--committee", help="政协代码；不填则为全部政协")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options.get("committee"))
            return
        committee = Committee.objects.filter(code=options["committee"]).first()
        if committee is None:
            raise CommandError(f"没有代码为「{options['committee']}」的政协")
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度「{year}」不在 2000–2100 之间")
        calendars = compliance(committee, year, timezone.localdate())
        data = compliance_json(calendars)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"committee": committee.code, "year": year, "branches": data},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"{committee.name} {year}年组织生活日历")
        for branch in data:
            self.stdout.write(f"{branch['branch']}：缺 {branch['missing']} 次")
            for rule in branch["rules"]:
                gaps = [p["label"] for p in rule["periods"] if p["status"] == "missing"]
                if gaps:
                    self.stdout.write(
                        f"  {rule['meeting']}（{rule['period']}≥{rule['min_count']}）未召开：{'、'.join(gaps)}"
                    )

    def _remind(self, code: str | None) -> None:
        committees = Committee.objects.all()
        if code:
            committees = committees.filter(code=code)
            if not committees.exists():
                raise CommandError(f"没有代码为「{code}」的政协")
        today = timezone.localdate()
        total = sum(remind(c, today) for c in committees)
        self.stdout.write(f"已发出提醒 {total} 条")
