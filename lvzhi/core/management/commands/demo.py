"""`lvzhi demo`: load the demo committee into its own database and serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from lvzhi.core.demo import DEMO_CODE, DEMO_PASSWORD, DemoContext, seeders


class Command(BaseCommand):
    help = "载入示例政协（商洛市商州区政协（示例））并启动网站；重复运行不会重复载入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只载入数据，不启动网站")
        parser.add_argument("--port", default="8000", help="网站端口（默认8000）")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认127.0.0.1）")

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        self.stdout.write(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        from lvzhi.org.models import Committee

        if Committee.objects.filter(code=DEMO_CODE).exists():
            self.stdout.write("示例数据已存在，未重复载入。")
            ctx = None
        else:
            ctx = DemoContext(today=timezone.localdate())
            with transaction.atomic():
                for module in seeders():
                    module.seed(ctx)
            self.stdout.write(self.style.SUCCESS("已载入示例政协：商洛市商州区政协（示例）"))
        self._print_accounts(ctx)
        if not options["no_serve"]:
            address = f"{options['host']}:{options['port']}"
            self.stdout.write(f"\n网站地址：http://{address}/  （按 Ctrl+C 停止）\n")
            call_command("runserver", address, use_reloader=False)

    def _print_accounts(self, ctx: DemoContext | None) -> None:
        from lvzhi.accounts.models import RoleAssignment

        self.stdout.write(f"\n示例账号（密码均为 {DEMO_PASSWORD}）：")
        accounts: dict[str, tuple[str, list[str]]] = {}
        rows = (
            RoleAssignment.objects.filter(user__username__startswith="demo-")
            .select_related("user", "committee")
            .order_by("user__username", "role")
        )
        for assignment in rows:
            _name, roles = accounts.setdefault(assignment.user.username, (assignment.committee.name, []))
            roles.append(assignment.get_role_display())
        for username, (committee_name, roles) in accounts.items():
            self.stdout.write(f"  {username:<16} {'、'.join(roles):<14} {committee_name}")
