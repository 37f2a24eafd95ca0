"""The registry of duty-record kinds. Apps above duty register their kinds with a handler that derives
records from a source row, so duty never imports the apps that feed it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models


@dataclass(frozen=True)
class RecordSpec:
    """One record a source implies: who, what kind, when, in which state."""

    person_id: int
    kind: str
    date: date
    state: str = "counted"
    term_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DutyKind:
    code: str
    label: str
    source: str  # the source model's label, e.g. "party.orglifemeeting"
    derive: Callable[[Any], Iterable[RecordSpec]]


_kinds: dict[str, DutyKind] = {}


def register_kind(kind: DutyKind) -> None:
    if kind.code in _kinds and _kinds[kind.code] != kind:
        raise ImproperlyConfigured(f"duty kind {kind.code!r} registered twice")
    _kinds[kind.code] = kind


def kinds_for(source: models.Model) -> list[DutyKind]:
    label = source._meta.label_lower
    return [k for k in _kinds.values() if k.source == label]


def get_kind(code: str) -> DutyKind:
    return _kinds[code]


def all_kinds() -> list[DutyKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def unregister_kind(code: str) -> None:
    """For tests that register a throwaway kind."""
    _kinds.pop(code, None)
