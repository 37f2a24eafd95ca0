"""`lvzhi committee add CODE NAME [--parent CODE] [--level county]`, `term-change` (换届) and `list`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from lvzhi.core import crypto
from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.core.idnumber import IdNumberError, normalize_id_number
from lvzhi.org.choices import Level
from lvzhi.org.models import Committee, Person, TermMembership
from lvzhi.org.roster import roster_import
from lvzhi.org.services import committee_create, term_change


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
        change = sub.add_parser("term-change", help="换届：上一届届满，新一届开始")
        change.add_argument("code", help="政协代码")
        change.add_argument("--number", type=int, required=True, help="新一届的届次，如 16")
        change.add_argument("--start", required=True, help="新一届开始日期 YYYY-MM-DD")
        change.add_argument("--carry-over", action="store_true", help="上一届在任委员全部连任")
        change.add_argument(
            "--leave",
            action="append",
            default=[],
            metavar="身份证号",
            help="与 --carry-over 同用：不连任的委员，可重复",
        )
        change.add_argument("--roster", help="新一届加入的委员名册（按名册模板），换届后导入新一届")
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
        if options["action"] == "term-change":
            self._term_change(options)
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

    def _term_change(self, options: dict[str, Any]) -> None:
        committee = committee_by_code(options["code"])
        start = parse_iso_date(options["start"])
        if start is None:
            raise CommandError("日期格式应为 YYYY-MM-DD。")
        continuing: list[Person] = []
        leaving = set()
        for given in options["leave"]:
            try:
                leaving.add(crypto.lookup_digest(normalize_id_number(given)))
            except IdNumberError as exc:
                raise CommandError(f"--leave {given}：{exc}") from exc
        if leaving and not options["carry_over"]:
            raise CommandError("--leave 须与 --carry-over 同用。")
        roster = Path(options["roster"]) if options["roster"] else None
        if roster is not None and not roster.is_file():
            raise CommandError(f"找不到文件：{roster}")
        if options["carry_over"]:
            serving = TermMembership.objects.current(committee, start - timedelta(days=1)).select_related(
                "person"
            )
            unknown = leaving - {m.person.id_number_digest for m in serving}
            if unknown:
                raise CommandError(f"有{len(unknown)}个 --leave 身份证号不是上一届的在任委员。")
            continuing = [m.person for m in serving if m.person.id_number_digest not in leaving]
        try:
            with transaction.atomic():
                term = term_change(
                    committee=committee, number=options["number"], start=start, continuing=continuing
                )
                report = None
                if roster is not None:
                    report = roster_import(
                        committee=committee, data=roster.read_bytes(), filename=roster.name, on=start
                    )
                    if not report.applied:
                        # The whole change is undone: a term without its roster is not what was asked.
                        raise CommandError("新一届名册未导入，换届未进行：\n" + "\n".join(report.errors))
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        joined = f"，新加入委员{report.created}名" if report is not None else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"已换届：第{term.number}届自{term.start:%Y-%m-%d}起，连任委员{len(continuing)}名{joined}。"
            )
        )


def parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
