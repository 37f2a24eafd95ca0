"""`lvzhi init`: the setup wizard's steps in the terminal.

Non-interactive with flags (passwords from the environment, so they stay out of the process list);
it asks for what is missing when stdin is a terminal. Steps already done are left as they are, so it can
be run again after a failure or to finish what the wizard began.
"""

from __future__ import annotations

import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.cli import dumps
from lvzhi.core.roles import Role
from lvzhi.org.choices import Level
from lvzhi.setup import services
from lvzhi.setup.services import ADMIN_ROLES, AdminInput, StaffInput

PASSWORD_ENV = {role: f"LVZHI_{role.upper()}_PASSWORD" for role in ADMIN_ROLES}
STAFF_ROLE_NAMES = {"staff": Role.STAFF, "工作人员": Role.STAFF, "leader": Role.LEADER, "领导": Role.LEADER}


class Command(BaseCommand):
    help = "初始设置：本级政协、届次、界别、专委会、三员、名册、党支部、工作人员账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="本级政协名称")
        parser.add_argument("--code", help="代码（字母、数字、-）")
        parser.add_argument("--level", choices=Level.values, default=None, help="级别（默认 county）")
        parser.add_argument("--parent-name", default="", help="上级政协名称")
        parser.add_argument("--parent-code", default="", help="上级政协代码")
        parser.add_argument("--term-number", type=int, help="当前届次，如 15")
        parser.add_argument("--term-start", help="届次开始日期 YYYY-MM-DD")
        parser.add_argument("--term-end", help="届次结束日期 YYYY-MM-DD（可不填）")
        parser.add_argument("--sectors-file", help="界别表格（名称、简称列）；不给则用全国政协界别")
        parser.add_argument("--special-committee", action="append", default=[], help="专委会名称，可重复")
        for role in ADMIN_ROLES:
            parser.add_argument(
                f"--{role}",
                metavar="姓名:用户名",
                help=f"{Role(role).label}；密码取自环境变量 {PASSWORD_ENV[role]}",
            )
        parser.add_argument("--roster", help="委员名册文件（.xlsx/.xls/.csv，按名册模板）")
        parser.add_argument(
            "--create-missing", action="store_true", help="名册中没有的界别、专委会、党支部自动创建"
        )
        parser.add_argument("--no-branches-per-special-committee", action="store_true")
        parser.add_argument("--branch", action="append", default=[], help="其他党支部名称，可重复")
        parser.add_argument("--staff", action="append", default=[], metavar="姓名:用户名:角色", help="可重复")
        parser.add_argument("--no-input", action="store_true", help="不询问，缺少必填项即报错")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        self.options = options
        self.interactive = not options["no_input"] and sys.stdin.isatty()
        if not services.setup_needed():
            self._out({"status": "already_set_up"}, "已完成初始设置，未做任何改动。")
            return
        done: list[str] = []
        for step in services.STEPS:
            row = services.state()
            if row.is_done(step):
                done.append(step)
                continue
            try:
                getattr(self, f"_step_{step}")()
            except ValidationError as exc:
                raise CommandError(f"「{services.STEP_LABELS[step]}」未完成：{_messages(exc)}") from exc
            self.stdout.write(self.style.SUCCESS(f"✓ {services.STEP_LABELS[step]}"))
        committee = services.setup_complete()
        self._out(
            {"status": "set_up", "committee": committee.code, "already_done": done},
            f"初始设置完成：{committee.name}（{committee.code}）。设置令牌已作废。",
        )

    def _out(self, data: dict[str, Any], text: str) -> None:
        self.stdout.write(dumps(data) if self.options["json"] else text)

    def _value(self, key: str, prompt: str, *, required: bool = True, default: str = "") -> str:
        value = self.options.get(key)
        if value:
            return str(value)
        if self.interactive:
            answer = input(f"{prompt}{f'（默认 {default}）' if default else ''}：").strip()
            if answer or not required:
                return answer or default
        if default or not required:
            return default
        raise CommandError(f"缺少 --{key.replace('_', '-')}（{prompt}）。")

    def _step_committee(self) -> None:
        services.setup_committee(
            name=self._value("name", "本级政协名称"),
            code=self._value("code", "代码（字母、数字、-）"),
            level=self._value("level", "级别 national/province/city/county", default=Level.COUNTY),
            parent_name=self._value("parent_name", "上级政协名称（没有可回车）", required=False),
            parent_code=self._value("parent_code", "上级政协代码（没有可回车）", required=False),
        )

    def _step_term(self) -> None:
        end = self._value("term_end", "届次结束日期 YYYY-MM-DD（可回车）", required=False)
        services.setup_term(
            number=_number(self._value("term_number", "当前届次，如 15")),
            start=_date(self._value("term_start", "届次开始日期 YYYY-MM-DD")),
            end=_date(end) if end else None,
        )

    def _step_sectors(self) -> None:
        path = self.options["sectors_file"]
        chosen = services.sectors_from_file(*_read(path)) if path else services.national_sectors()
        services.setup_sectors(chosen=chosen)

    def _step_special_committees(self) -> None:
        names = list(self.options["special_committee"])
        if not names and self.interactive:
            answer = input("专委会名称，用顿号或逗号分隔（可回车跳过）：")
            names = [n for n in answer.replace("、", ",").replace("，", ",").split(",") if n.strip()]
        if names:
            services.setup_special_committees(names=names)
        else:
            services.setup_skip(step="special_committees")

    def _step_admins(self) -> None:
        admins: dict[str, AdminInput] = {}
        for role in ADMIN_ROLES:
            label = Role(role).label
            given = self._value(role, f"{label}（姓名:用户名）")
            name, _sep, username = given.partition(":")
            password = os.environ.get(PASSWORD_ENV[role], "")
            if not password and self.interactive:
                password = getpass.getpass(f"{label}的密码：")
                if getpass.getpass("再输入一次：") != password:
                    raise CommandError(f"{label}：两次输入的密码不一致。")
            if not password:
                raise CommandError(f"缺少{label}的密码：请设置环境变量 {PASSWORD_ENV[role]}。")
            admins[role] = AdminInput(name.strip(), username.strip(), password)
        services.setup_admins(admins=admins)

    def _step_roster(self) -> None:
        path = self.options["roster"]
        if not path and self.interactive:
            path = input("委员名册文件路径（可回车跳过，稍后用 lvzhi import roster 导入）：").strip()
        if not path:
            services.setup_skip(step="roster")
            return
        data, filename = _read(path)
        report = services.setup_roster(
            data=data, filename=filename, create_missing=self.options["create_missing"]
        )
        if not report.applied:
            raise CommandError("名册未导入：\n" + "\n".join(report.errors))
        self.stdout.write(f"  名册：新增{report.created}名委员")

    def _step_branches(self) -> None:
        services.setup_branches(
            per_special_committee=not self.options["no_branches_per_special_committee"],
            others=self.options["branch"],
        )

    def _step_staff(self) -> None:
        accounts = []
        for given in self.options["staff"]:
            parts = [p.strip() for p in given.split(":")]
            if len(parts) != 3 or parts[2] not in STAFF_ROLE_NAMES:
                raise CommandError(
                    f"--staff {given}：应为「姓名:用户名:角色」，角色为 工作人员/staff 或 领导/leader。"
                )
            accounts.append(StaffInput(parts[0], parts[1], STAFF_ROLE_NAMES[parts[2]]))
        if not accounts:
            services.setup_skip(step="staff")
            return
        for user, password in services.setup_staff(accounts=accounts):
            # Shown once, for the office to hand over; changed at the first login.
            self.stdout.write(f"  {user.first_name}\t{user.username}\t初始密码 {password}")


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(f"{k}：{'、'.join(v)}" for k, v in exc.message_dict.items())
    return "；".join(exc.messages)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期「{text}」格式应为 YYYY-MM-DD。") from exc


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise CommandError(f"届次「{text}」应为数字。") from exc


def _read(path: str) -> tuple[bytes, str]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到文件：{path}")
    return file.read_bytes(), file.name
