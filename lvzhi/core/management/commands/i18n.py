"""`lvzhi i18n update|compile|check`: the zh-Hant catalogue, generated from the Simplified source strings.

Source strings are Simplified Chinese. ``update`` collects them (makemessages) and fills every missing
Traditional translation with OpenCC (s2t); ``compile`` writes the .mo files in Python (no gettext tools
needed on an office PC); ``check`` fails when a source string has no translation, for CI.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

LOCALE = "zh_Hant"


def catalogue() -> Path:
    return Path(settings.BASE_DIR) / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


def converter() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def fill(po: polib.POFile) -> int:
    """Translate every empty or fuzzy entry with OpenCC; returns how many were filled."""
    cc = converter()
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if entry.fuzzy or not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: cc.convert(entry.msgid), 1: cc.convert(entry.msgid_plural)}
                filled += 1
        elif entry.fuzzy or not entry.msgstr:
            entry.msgstr = cc.convert(entry.msgid)
            filled += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return filled


def collect() -> None:
    """makemessages over the package (it scans the current directory, so run it from there)."""
    with contextlib.chdir(settings.BASE_DIR):
        call_command(
            "makemessages",
            locale=[LOCALE],
            domain="django",
            ignore_patterns=["static/*", "migrations/*"],
            no_obsolete=True,
            no_location=True,
            verbosity=0,
        )


class Command(BaseCommand):
    help = "繁体中文翻译目录：update 收集并用 OpenCC 补齐，compile 编译，check 检查是否完整。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")()

    def do_update(self) -> None:
        collect()
        po = polib.pofile(str(catalogue()))
        po.metadata.update({"Language": "zh_Hant", "Content-Type": "text/plain; charset=UTF-8"})
        n = fill(po)
        po.save()
        self.do_compile()
        self.stdout.write(f"已更新 {catalogue()}：补齐 {n} 条，共 {len(po)} 条。")

    def do_compile(self) -> None:
        po_path = catalogue()
        if not po_path.exists():
            raise CommandError(f"缺少翻译目录 {po_path}，请先运行 lvzhi i18n update")
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))

    def do_check(self) -> None:
        """Collect into a scratch copy and compare: every current source string must be translated."""
        po_path = catalogue()
        with tempfile.TemporaryDirectory() as tmp:
            saved = Path(tmp) / "django.po"
            shutil.copy2(po_path, saved)
            try:
                collect()
                fresh = polib.pofile(str(po_path))
            finally:
                shutil.copy2(saved, po_path)
        known = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete}
        missing = []
        for entry in fresh:
            if entry.obsolete:
                continue
            old = known.get((entry.msgctxt, entry.msgid))
            translated = (
                old is not None
                and not old.fuzzy
                and (all(old.msgstr_plural.values()) if old.msgid_plural else bool(old.msgstr))
            )
            if not translated:
                missing.append(entry.msgid)
        if missing:
            listing = "\n".join(f"  {m}" for m in missing[:50])
            raise CommandError(f"繁体中文翻译缺少 {len(missing)} 条（运行 lvzhi i18n update）：\n{listing}")
        self.stdout.write(f"繁体中文翻译完整：{len(known)} 条。")
