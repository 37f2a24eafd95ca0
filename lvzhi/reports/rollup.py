"""Roll-up (汇总): a committee's figures together with its subordinates', each summed or counted distinct
as the figure declares, with the values subordinates reported (报送) from their own installations.

Cost: ``figures.evaluate_many`` over the live committees (each figure's grouped queries, one or a few
for the whole tree whatever its size; a figure without a grouped form is evaluated per committee), one
query per "distinct" figure for the whole tree, and one each for the tree and the reports. Every value
comes through ``live_values``, so stored pre-aggregates could replace it later without touching the table
or its users.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format

from lvzhi.core import figures
from lvzhi.core.figures import FigureValue, Number, Period
from lvzhi.org.models import Committee, Person
from lvzhi.reports.models import ReportedFigures

# SQLite's parser nests OR terms; keep each distinct-id query well under its depth limit.
_DISTINCT_CHUNK = 200


@dataclass(frozen=True)
class Cell:
    value: Number | None  # None: no value (the figure does not apply there)
    source: str = ""  # the evidence list behind a live value of one committee
    reported: bool = False  # the value (or part of it) was reported, not counted live

    @property
    def display(self) -> str:
        return "—" if self.value is None else number_format(self.value, force_grouping=True)


@dataclass
class Column:
    committee: Committee
    own: bool = False
    reported: ReportedFigures | None = None  # the subordinate's own report for the period
    committees: list[Committee] = field(default_factory=list)  # counted live in this column
    reports: list[ReportedFigures] = field(default_factory=list)  # reports within this column

    @property
    def is_reported(self) -> bool:
        return bool(self.reports)


@dataclass
class Row:
    key: str
    label: str
    unit: str
    rollup: str  # "sum" or "distinct"
    cells: list[Cell]
    total: Cell
    # False for a "distinct" figure whose total had to be summed (no person ids, or reported values).
    deduplicated: bool = True


@dataclass
class Rollup:
    committee: Committee
    period: Period
    columns: list[Column]
    rows: list[Row]

    @property
    def has_reports(self) -> bool:
        return any(c.is_reported for c in self.columns)

    def totals(self) -> dict[str, Number]:
        return {r.key: r.total.value for r in self.rows if r.total.value is not None}

    def as_dict(self) -> dict[str, Any]:
        def number(value: Number | None) -> Any:
            return float(value) if isinstance(value, Decimal) else value

        return {
            "committee": self.committee.code,
            "period": self.period.as_dict(),
            "columns": [
                {
                    "committee": c.committee.code,
                    "name": c.committee.name,
                    "own": c.own,
                    "reported": c.is_reported,
                }
                for c in self.columns
            ],
            "figures": {
                r.key: {
                    "label": r.label,
                    "rollup": r.rollup,
                    "deduplicated": r.deduplicated,
                    "total": number(r.total.value),
                    "own": number(r.cells[0].value),
                    "subordinates": {
                        col.committee.code: {
                            "value": number(cell.value),
                            "reported": cell.reported,
                            "source": cell.source,
                        }
                        for col, cell in zip(self.columns[1:], r.cells[1:], strict=True)
                    },
                }
                for r in self.rows
            },
        }


def parse_number(text: Any) -> Number:
    """A reported value: an int, or a Decimal when it has a fraction; ValueError otherwise."""
    try:
        value = Decimal(str(text))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return int(value) if value == value.to_integral_value() and "." not in str(text) else value


def live_values(
    committees: Iterable[Committee], period: Period, linked: Iterable[int] = (), *, grouped: bool = True
) -> dict[int, dict[str, FigureValue]]:
    """Every figure of each committee, counted from the records (the place a pre-aggregate would go);
    the evidence URL is given for the committees in ``linked`` (the cells that link to it). With
    ``grouped=False``, each committee's full ``figures.evaluate``, the reference the grouped forms are
    held to."""
    if not grouped:
        return {c.pk: figures.evaluate(c, period) for c in committees}
    return figures.evaluate_many(list(committees), period, linked)


def distinct_identities(
    key: str, committees: list[Committee], period: Period, *, grouped: bool = True
) -> dict[int, set[str]] | None:
    """For a figure with ``distinct_ids``: per committee, the identities of the persons it counts. A
    person is the same across committees when their ID numbers agree (the keyed digest); a person without
    one is known only to their committee. None when the figure gives no ids."""
    figure = figures.get(key)
    if figure.distinct_ids is None or "." in key:
        return None
    result: dict[int, set[str]] = {c.pk: set() for c in committees}
    if grouped and figure.distinct_ids_many is not None:
        ids = figure.distinct_ids_many(committees, period)
        for pk, committee_id, digest in Person.objects.filter(pk__in=ids).values_list(
            "pk", "committee_id", "id_number_digest"
        ):
            result.setdefault(committee_id, set()).add(digest or f"#{pk}")
        return result
    for i in range(0, len(committees), _DISTINCT_CHUNK):
        chunk = committees[i : i + _DISTINCT_CHUNK]
        q = reduce(or_, (Q(pk__in=figure.distinct_ids(c, period)) for c in chunk))
        rows = Person.objects.filter(q).values_list("pk", "committee_id", "id_number_digest")
        for pk, committee_id, digest in rows:
            result.setdefault(committee_id, set()).add(digest or f"#{pk}")
    return result


def _order(key: str) -> tuple[Any, ...]:
    try:
        figure = figures.get(key)
    except KeyError:
        return (1, 0, key, key)
    return (0, figure.order, figure.key, key)


def build_rollup(committee: Committee, period: Period, *, grouped: bool = True) -> Rollup:
    """The committee's own figures, each direct subordinate's (its whole subtree), and the total."""
    tree = list(Committee.objects.subtree(committee))
    reports = {
        r.subordinate_id: r
        for r in ReportedFigures.objects.filter(
            committee=committee, start=period.start, end=period.end
        ).select_related("subordinate")
        if r.subordinate_id != committee.pk and r.subordinate.path.startswith(committee.path)
    }
    # A reported subordinate's whole subtree is in its report: none of it is counted live.
    reported_paths = [r.subordinate.path for r in reports.values()]
    live = [c for c in tree if not any(c.path.startswith(p) for p in reported_paths)]

    columns = [Column(committee, own=True, committees=[committee])]
    for child in (c for c in tree if c.parent_id == committee.pk):
        columns.append(
            Column(
                child,
                reported=reports.get(child.pk),
                committees=[c for c in live if c.path.startswith(child.path)],
                reports=[r for r in reports.values() if r.subordinate.path.startswith(child.path)],
            )
        )
    # Only a column of one committee links to that committee's records.
    linked = {col.committees[0].pk for col in columns if len(col.committees) == 1}
    values = live_values(live, period, linked, grouped=grouped)

    keys: dict[str, str] = {}  # key -> label
    for per_committee in values.values():
        for key, fv in per_committee.items():
            keys.setdefault(key, fv.label)
    for report in reports.values():
        for key, item in report.figures.items():
            keys.setdefault(key, str(item.get("label", key)))

    rows = []
    for key in sorted(keys, key=_order):
        rows.append(_row(key, keys[key], columns, live, values, period, grouped=grouped))
    return Rollup(committee, period, columns, rows)


def _row(
    key: str,
    label: str,
    columns: list[Column],
    live: list[Committee],
    values: dict[int, dict[str, FigureValue]],
    period: Period,
    *,
    grouped: bool = True,
) -> Row:
    try:
        figure: figures.Figure | None = figures.get(key)
    except KeyError:
        figure = None
    rule = figure.rollup if figure else "sum"
    identities = distinct_identities(key, live, period, grouped=grouped) if rule == "distinct" else None

    def reported_value(report: ReportedFigures) -> Number | None:
        item = report.figures.get(key)
        return parse_number(item["value"]) if item else None

    def column_cell(committees: list[Committee], reps: list[ReportedFigures]) -> tuple[Cell, bool]:
        found = [values[c.pk][key] for c in committees if key in values[c.pk]]
        reported = [v for v in (reported_value(r) for r in reps) if v is not None]
        if not found and not reported:
            return Cell(None, reported=bool(reps)), True
        source = found[0].source if len(committees) == 1 and found and not reps else ""
        deduplicated = True
        if identities is not None and len(committees) > 1:
            people: set[str] = set().union(*(identities.get(c.pk, set()) for c in committees))
            live_total: Number = len(people)
        else:
            live_total = sum((fv.value for fv in found), 0)
            deduplicated = rule != "distinct" or len(found) <= 1
        if reported and rule == "distinct" and (found or len(reported) > 1):
            deduplicated = False
        total = live_total + sum(reported, 0)
        return Cell(total, source=source, reported=bool(reported)), deduplicated

    cells = []
    for column in columns:
        cell, _dedup = column_cell(column.committees, column.reports)
        cells.append(cell)
    all_reports = [r for c in columns for r in c.reports]
    total, deduplicated = column_cell(live, all_reports)
    if len(live) == 1 and not all_reports:
        total = Cell(total.value)  # the total links nowhere; the own cell does
    return Row(
        key=key,
        label=label,
        unit=str(figure.unit) if figure else "",
        rollup=rule,
        cells=cells,
        total=Cell(total.value, reported=total.reported),
        deduplicated=deduplicated,
    )


def export_payload(committee: Committee, period: Period, *, now: datetime | None = None) -> dict[str, Any]:
    """What a subordinate reports upwards: the totals of its own roll-up for the period."""
    rollup = build_rollup(committee, period)
    return {
        "committee": {"code": committee.code, "name": committee.name},
        "period": period.as_dict(),
        "signed_at": (now or timezone.now()).isoformat(),
        "figures": {
            r.key: {"value": str(r.total.value), "label": r.label, "rollup": r.rollup}
            for r in rollup.rows
            if r.total.value is not None
        },
    }
