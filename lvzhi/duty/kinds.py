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
    """A kind of DutyRecord and its handlers.

    ``derive(source)`` yields the records a source implies. The optional hooks:
    ``describe(record) -> str`` — the archive's one line (default: the detail's title, topic or meeting);
    ``url(record) -> str | None`` — the source page (default: none), built from ``record.committee.code``
    and ``record.source_id`` without loading the source;
    ``correct(record, appeal, by)`` — carry out an approved appeal by correcting the source through the
    app's own service (which re-syncs the record); a kind without it cannot have appeals approved;
    ``derive_for(source, person_ids)`` — the records ``derive`` yields for those persons only, found without
    going through everyone else (a check-in re-syncs one person of a 2,000-invitee meeting); without it a
    per-person sync filters what ``derive`` yields.
    """

    code: str
    label: str
    source: str  # the source model's label, e.g. "party.orglifemeeting"
    derive: Callable[[Any], Iterable[RecordSpec]]
    describe: Callable[[Any], str] | None = None
    url: Callable[[Any], str | None] | None = None
    correct: Callable[[Any, Any, Any], None] | None = None
    derive_for: Callable[[Any, frozenset[int]], Iterable[RecordSpec]] | None = None

    def derive_persons(self, source: Any, person_ids: frozenset[int]) -> Iterable[RecordSpec]:
        if self.derive_for is not None:
            return self.derive_for(source, person_ids)
        return (s for s in self.derive(source) if s.person_id in person_ids)


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


DESCRIBED_BY = ("title", "topic", "meeting", "name")


def describe(record: Any) -> str:
    """The one line the archive shows for a record: its kind's ``describe``, else the detail's title,
    topic or meeting (whichever it carries first)."""
    kind = _kinds.get(record.kind)
    if kind is not None and kind.describe is not None:
        return kind.describe(record)
    detail = record.detail or {}
    return next((str(detail[k]) for k in DESCRIBED_BY if detail.get(k)), "")


def source_url(record: Any) -> str | None:
    kind = _kinds.get(record.kind)
    if kind is None or kind.url is None:
        return None
    return kind.url(record)


def label_of(code: str) -> str:
    kind = _kinds.get(code)
    return kind.label if kind is not None else code


def unregister_kind(code: str) -> None:
    """For tests that register a throwaway kind."""
    _kinds.pop(code, None)
