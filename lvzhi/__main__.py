"""The `lvzhi` console script: Django's manage.py plus the project's own commands."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.config.settings.dev")
    if len(argv) > 1 and argv[1] == "move-to":
        argv[1] = "move_to"  # the documented spelling; Django's command modules need an underscore
    if len(argv) > 1 and argv[1] == "demo" and not os.environ.get("DATABASE_URL"):
        # The demo keeps its own database, so a real installation never starts with demo data.
        from lvzhi.config import env

        os.environ.setdefault("LVZHI_DEFAULT_SQLITE", str(env.home() / "demo" / "lvzhi-demo.sqlite3"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
