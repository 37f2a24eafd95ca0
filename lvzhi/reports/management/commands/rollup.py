"""`lvzhi rollup show|export|import|key …`: the roll-up of a committee's subordinates and signed reports
from subordinates that run their own installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.reports import signing
from lvzhi.reports.models import SubordinateKey
from lvzhi.reports.rollup import build_rollup, export_payload
from lvzhi.reports.rollup_services import rollup_import, rollup_key_register, rollup_key_remove
from lvzhi.reports.summary import year_period


def _messages(exc: ValidationError) -> str:
    return "；".join("、".join(v) for v in exc.message_dict.values())


class Command(BaseCommand):
    help = "汇总下级政协的指标：show 查看，export 导出签名报送文件，import 导入下级报送文件，key 管理公钥。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="以 JSON 输出本级、各下级和合计")
        show.add_argument("--committee", required=True)
        show.add_argument("--year", type=int, required=True)
        export = sub.add_parser("export", help="导出本政协某年度指标的签名报送文件")
        export.add_argument("--committee", required=True)
        export.add_argument("--year", type=int, required=True)
        export.add_argument("-o", "--output", required=True)
        imp = sub.add_parser("import", help="核验签名后导入下级政协的报送文件")
        imp.add_argument("file")
        imp.add_argument("--into", required=True, help="导入到的（上级）政协代码")
        key = sub.add_parser("key", help="公钥：show 本系统公钥，register/remove/list 下级公钥")
        keys = key.add_subparsers(dest="key_action", required=True)
        keys.add_parser("show", help="显示本系统的报送公钥（交给上级登记）")
        reg = keys.add_parser("register", help="登记下级政协的公钥")
        reg.add_argument("--committee", required=True, help="本级（上级）政协代码")
        reg.add_argument("--subordinate", required=True, help="下级政协代码")
        reg.add_argument("--public-key", required=True, help="下级系统显示的公钥")
        rm = keys.add_parser("remove", help="删除登记的下级公钥")
        rm.add_argument("--committee", required=True)
        rm.add_argument("--subordinate", required=True)
        ls = keys.add_parser("list", help="列出登记的下级公钥")
        ls.add_argument("--committee", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _show(self, options: dict[str, Any]) -> None:
        committee = committee_by_code(options["committee"])
        self.stdout.write(dumps(build_rollup(committee, year_period(options["year"])).as_dict()))

    def _export(self, options: dict[str, Any]) -> None:
        committee = committee_by_code(options["committee"])
        document = signing.sign(export_payload(committee, year_period(options["year"])))
        Path(options["output"]).write_text(dumps(document) + "\n", encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(f"已写入 {options['output']}（签名公钥指纹 {document['fingerprint'][:16]}）")
        )

    def _import(self, options: dict[str, Any]) -> None:
        into = committee_by_code(options["into"])
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"读不到文件 {options['file']}：{exc.strerror}") from exc
        try:
            report = rollup_import(into=into, document=content)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入「{report.subordinate.name}」{report.start}至{report.end}的报送数据，"
                f"共 {len(report.figures)} 项指标。"
            )
        )

    def _key(self, options: dict[str, Any]) -> None:
        action = options["key_action"]
        if action == "show":
            public = signing.own_public_key()
            self.stdout.write(f"公钥：{public}\n指纹：{signing.fingerprint(public)}")
            return
        committee = committee_by_code(options["committee"])
        if action == "list":
            for key in SubordinateKey.objects.filter(committee=committee).select_related("subordinate"):
                self.stdout.write(f"{key.subordinate.code}\t{key.subordinate.name}\t{key.fingerprint}")
            return
        subordinate = committee_by_code(options["subordinate"])
        if action == "remove":
            found = SubordinateKey.objects.filter(committee=committee, subordinate=subordinate).first()
            if found is None:
                raise CommandError(f"「{committee.name}」没有登记「{subordinate.name}」的公钥。")
            rollup_key_remove(key=found)
            self.stdout.write(self.style.SUCCESS(f"已删除「{subordinate.name}」的公钥。"))
            return
        try:
            key = rollup_key_register(
                committee=committee, subordinate=subordinate, public_key=options["public_key"]
            )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已登记「{subordinate.name}」的公钥，指纹 {key.fingerprint}"))
