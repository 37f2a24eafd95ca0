"""Roster fields contributed by apps above org (the 党支部 column, and later others), so the roster's list,
filters, detail page, import and export can show them without org importing those apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db.models import QuerySet


@dataclass
class RowContext:
    """What a roster field's check needs to know about the row it is in."""

    number: int
    person: Any  # the matched Person, or None for a new one
    political: str  # the row's GB/T 4762 code


class RosterField(Protocol):
    header: str  # the column header, e.g. "党支部"
    filter_name: str  # the query parameter of the member list, e.g. "branch"
    filter_label: str

    def choices(self, committee: Any) -> list[tuple[str, str]]: ...

    def filter(self, memberships: QuerySet, value: str, on: date) -> QuerySet: ...

    def values(self, committee: Any, person_ids: Iterable[int], on: date) -> Mapping[int, str]: ...

    def prepare(self, committee: Any, *, create_missing: bool, special_committees: Iterable[str]) -> Any:
        """State for one import: known names, names to create."""

    def check(self, state: Any, value: str, row: RowContext) -> str | None:
        """The reason the cell is wrong, or None."""

    def apply(self, state: Any, assignments: Mapping[int, str], *, on: date, by: Any) -> dict[str, int]:
        """Write the cells (person id → cell text) after the org rows are saved; report counts."""

    def created(self, state: Any) -> list[str]:
        """Names the import would create (for the dry-run report)."""


_fields: list[RosterField] = []


def register_roster_field(field: RosterField) -> None:
    if all(f.header != field.header for f in _fields):
        _fields.append(field)


def roster_fields() -> list[RosterField]:
    return list(_fields)


# A check on a change to a person's fields, from an app above org: (person, new values) → {field: reason}.
# The 党支部 app refuses a 政治面貌 that is no longer CPC while the person is still in a branch.
PersonCheck = Callable[[Any, Mapping[str, Any]], dict[str, str]]
_person_checks: list[PersonCheck] = []


def register_person_check(check: PersonCheck) -> None:
    if check not in _person_checks:
        _person_checks.append(check)


def person_change_problems(person: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """Why the change cannot be made, by field; empty when it can."""
    problems: dict[str, str] = {}
    for check in _person_checks:
        for field, reason in check(person, values).items():
            problems.setdefault(field, reason)
    return problems
