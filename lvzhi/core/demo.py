"""The demo committee: each app seeds its part in its own ``demo.py`` (``ORDER`` and ``seed(ctx)``),
so later apps add their records to the same demo. Everything is deterministic and laid relative to today."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps

DEMO_CODE = "shangzhou"
DEMO_PASSWORD = "Lvzhi@Demo2026"


@dataclass
class DemoContext:
    """What the seeders share: today, a seeded random generator, and what earlier seeders made."""

    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(20230524))
    objects: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, note)


def seeders() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lvzhi."):
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return sorted((m for m in modules if hasattr(m, "seed")), key=lambda m: m.ORDER)
