"""The figures registry: every number lvzhi publishes, with its evidence.

Each app declares its figures in ``figures.py`` and registers them here. A figure counts its own committee
only; a *stock* (members, branches) is taken at the period's end, an *event* (meetings held) is counted
within the period. The summary, the dashboards and the roll-up ask only this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import number_format
from django.utils.html import format_html

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Number = int | Decimal


def list_url(view: str, committee: Any, **query: str) -> str:
    """The address of a committee's list filtered to the records behind a figure."""
    from django.urls import reverse

    return f"{reverse(view, kwargs={'committee': committee.code})}?{urlencode(query)}"


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end]."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("period start after end")

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class Measured:
    """A figure's value with the context its sentence needs (e.g. the names of uncounted branches)."""

    value: Number
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    key: str
    label: StrOrPromise
    kind: Literal["stock", "event"]
    compute: Callable[[Any, Period], Number | Measured]
    sentence: StrOrPromise  # str.format template over {value} and the Measured context
    evidence: Callable[[Any, Period], str]  # URL of the filtered list of records behind the value
    rollup: Literal["sum", "distinct"] = "sum"
    unit: StrOrPromise = ""
    section: str = ""  # the summary heading it belongs under by default
    order: int = 0


@dataclass(frozen=True)
class FigureValue:
    key: str
    label: str
    value: Number
    sentence: str
    source: str
    unit: str = ""
    sentence_html: str = ""  # a SafeString built with format_html

    def as_dict(self) -> dict[str, Any]:
        value: Any = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {"value": value, "label": self.label, "sentence": self.sentence, "source": self.source}

    @property
    def display(self) -> str:
        return number_format(self.value, force_grouping=True)


_registry: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    for figure in figures:
        if figure.key in _registry and _registry[figure.key] != figure:
            raise ImproperlyConfigured(f"figure {figure.key!r} registered twice")
        _registry[figure.key] = figure


def get(key: str) -> Figure:
    return _registry[key]


def all_figures() -> list[Figure]:
    return sorted(_registry.values(), key=lambda f: (f.order, f.key))


def evaluate(committee: Any, period: Period, keys: Iterable[str] | None = None) -> dict[str, FigureValue]:
    """The value, sentence and evidence URL of each figure for one committee and period."""
    chosen = all_figures() if keys is None else [get(k) for k in keys]
    result: dict[str, FigureValue] = {}
    for figure in chosen:
        measured = figure.compute(committee, period)
        if not isinstance(measured, Measured):
            measured = Measured(measured)
        source = figure.evidence(committee, period)
        link = format_html('<a class="figure-link" href="{}">{}</a>', source, measured.value)
        result[figure.key] = FigureValue(
            key=figure.key,
            label=str(figure.label),
            value=measured.value,
            sentence=str(figure.sentence).format(value=measured.value, **measured.context),
            source=source,
            unit=str(figure.unit),
            # In the web view every number is a link to its records; the context (names) is escaped.
            sentence_html=format_html(str(figure.sentence), value=link, **measured.context),
        )
    return result
