"""Helpers for the project's commands: Chinese for people, --json for scripts, non-zero exit on failure."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.core.management.base import CommandError


def committee_by_code(code: str) -> Any:
    model = apps.get_model("org", "Committee")
    committee = model.objects.filter(code=code).first()
    if committee is None:
        raise CommandError(f"没有代码为「{code}」的政协。")
    return committee


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
