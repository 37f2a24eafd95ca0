"""`lvzhi ledger --committee CODE [--json]`: the ledger's counts by status and its overdue items."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.utils import timezone

from lvzhi.org.models import Committee
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem


class Command(BaseCommand):
    help = "整改台账：按状态统计问题数，列出逾期未销号的问题"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="政协代码")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = Committee.objects.filter(code=options["committee"]).first()
        if committee is None:
            raise CommandError(f"没有代码为「{options['committee']}」的政协")
        today = timezone.localdate()
        items = LedgerItem.objects.filter(committee=committee)
        counts = dict(items.order_by().values_list("status").annotate(n=Count("id")))
        overdue = (
            items.overdue_on(today).select_related("campaign", "responsible").order_by("deadline", "number")
        )
        result: dict[str, Any] = {
            "committee": committee.code,
            "on": today.isoformat(),
            "total": sum(counts.values()),
            "by_status": {str(label): counts.get(value, 0) for value, label in ItemStatus.choices},
            "overdue": [
                {
                    "campaign": i.campaign.name,
                    "number": i.number,
                    "description": i.description,
                    "responsible": i.responsible.name if i.responsible else "",
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                    "status": str(i.get_status_display()),
                }
                for i in overdue
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{committee.name} 整改台账（{today.isoformat()}）：共 {result['total']} 个问题")
        for label, n in result["by_status"].items():
            self.stdout.write(f"  {label}：{n}")
        self.stdout.write(f"逾期未销号：{len(result['overdue'])} 个")
        for o in result["overdue"]:
            self.stdout.write(
                f"  {o['campaign']} 第{o['number']}号 {o['description'][:30]}（责任人 {o['responsible'] or '—'}，时限 {o['deadline']}）"
            )
