"""`lvzhi committee add CODE NAME [--parent CODE] [--level county]` and `lvzhi committee list`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.org.choices import Level
from lvzhi.org.models import Committee
from lvzhi.org.services import committee_create


class Command(BaseCommand):
    help = "管理政协：add 新建，list 列出。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="新建政协")
        add.add_argument("code", help="代码（字母、数字、-），如 shangzhou")
        add.add_argument("name", help="名称，如 商洛市商州区政协")
        add.add_argument("--parent", help="上级政协代码")
        add.add_argument(
            "--level", default=Level.COUNTY, choices=Level.values, help="级别（默认 county 县区）"
        )
        ls = sub.add_parser("list", help="列出政协")
        ls.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            parent = committee_by_code(options["parent"]) if options["parent"] else None
            try:
                committee = committee_create(
                    code=options["code"], name=options["name"], level=options["level"], parent=parent
                )
            except ValidationError as exc:
                raise CommandError(
                    "；".join(f"{k}: {'、'.join(v)}" for k, v in exc.message_dict.items())
                ) from exc
            self.stdout.write(
                self.style.SUCCESS(f"已新建：{committee.name}（{committee.code}），路径 {committee.path}")
            )
            return
        rows = [
            {"code": c.code, "name": c.name, "level": c.level, "parent": c.parent.code if c.parent else None}
            for c in Committee.objects.select_related("parent")
        ]
        if options["json"]:
            self.stdout.write(dumps(rows))
        else:
            for c in Committee.objects.all():
                depth = c.path.count("/") - 2
                self.stdout.write(f"{'  ' * depth}{c.code}\t{c.name}\t{c.get_level_display()}")
