"""The figures registry: every number lvzhi publishes, with its evidence.

Each app declares its figures in ``figures.py`` and registers them here. A figure counts its own committee
only; a *stock* (members, branches) is taken at the period's end, an *event* (meetings held) is counted
within the period. The summary, the dashboards and the roll-up ask only this registry.

A figure may instead be a *breakdown* (``parts``): one value per code that has data in the period (e.g.
``suggestions_by_form.zhuanti_diaoyan``), each with its own sentence and evidence link. The parts are
emitted as ``<key>.<code>`` entries; the breakdown's own key is not a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import number_format
from django.utils.html import format_html

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Number = int | Decimal


@lru_cache(maxsize=4096)
def _committee_path(view: str, code: str, prefix: str, urlconf: Any) -> str:
    from django.urls import reverse

    return reverse(view, urlconf=urlconf, kwargs={"committee": code})


def committee_path(view: str, committee: Any) -> str:
    """``reverse(view, kwargs={"committee": code})``, remembered: every figure's evidence asks for one,
    and a roll-up for many committees. Keyed by the script prefix and URLconf in use, so it answers what
    ``reverse`` would."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf

    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _committee_path(view, committee.code, get_script_prefix(), urlconf)


def list_url(view: str, committee: Any, **query: str) -> str:
    """The address of a committee's list filtered to the records behind a figure."""
    return f"{committee_path(view, committee)}?{urlencode(query)}"


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
class Part:
    """One value of a breakdown: its code (an ASCII slug, the key's suffix), label, value and evidence."""

    code: str
    label: str
    value: Number
    evidence: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    key: str
    label: StrOrPromise
    kind: Literal["stock", "event"]
    # The value, or None for a breakdown (``parts``).
    compute: Callable[[Any, Period], Number | Measured] | None
    # str.format template over {value} and the Measured context (a part: also {label}, its label)
    sentence: StrOrPromise
    evidence: Callable[[Any, Period], str] | None  # URL of the filtered list of records behind the value
    rollup: Literal["sum", "distinct"] = "sum"
    unit: StrOrPromise = ""
    section: str = ""  # the summary heading it belongs under by default
    order: int = 0
    # A breakdown: the parts with data in the period, each emitted as ``<key>.<code>``.
    parts: Callable[[Any, Period], Iterable[Part]] | None = None
    # A "distinct" figure: the ids of the persons it counts for one committee (a one-column queryset of
    # Person ids), so the roll-up counts a person once across committees. Without it, the roll-up sums
    # the committees' values and marks the total as not deduplicated.
    distinct_ids: Callable[[Any, Period], Any] | None = None
    # ``distinct_ids`` of many committees at once: the ids of the persons counted in any of them.
    distinct_ids_many: Callable[[Sequence[Any], Period], Any] | None = None
    # The values for many committees at once, in a query or a few whatever their number (the roll-up):
    # committee id -> value (a breakdown: the committee's parts). A committee missing from the mapping
    # has 0 (a breakdown: no parts). It must give what ``compute``/``parts`` give committee by committee
    # (tests/reports/test_rollup_grouped.py holds every figure to it); without it the roll-up evaluates
    # the figure per committee.
    grouped: Callable[[Sequence[Any], Period], Mapping[int, Any]] | None = None

    def __post_init__(self) -> None:
        if (self.parts is None) == (self.compute is None or self.evidence is None):
            raise ImproperlyConfigured(f"figure {self.key!r}: give compute and evidence, or parts")


@dataclass(frozen=True)
class FigureValue:
    key: str
    label: str
    value: Number
    sentence: str
    source: str
    unit: str = ""
    sentence_html: str = ""  # a SafeString built with format_html
    figure: str = ""  # the registered figure's key (differs from ``key`` for a breakdown's part)

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
    """A registered figure; a part's key (``<key>.<code>``) gives its breakdown."""
    return _registry[key.split(".", 1)[0]]


def all_figures() -> list[Figure]:
    return sorted(_registry.values(), key=lambda f: (f.order, f.key))


def _value(
    figure: Figure, key: str, title: str, measured: Measured, source: str, **extra: Any
) -> FigureValue:
    link = format_html('<a class="figure-link" href="{}">{}</a>', source, measured.value)
    context = {**measured.context, **extra}
    return FigureValue(
        key=key,
        label=title,
        value=measured.value,
        sentence=str(figure.sentence).format(value=measured.value, **context),
        source=source,
        unit=str(figure.unit),
        # In the web view every number is a link to its records; the context (names) is escaped.
        sentence_html=format_html(str(figure.sentence), value=link, **context),
        figure=figure.key,
    )


def evaluate(committee: Any, period: Period, keys: Iterable[str] | None = None) -> dict[str, FigureValue]:
    """The value, sentence and evidence URL of each figure for one committee and period.

    ``keys`` may name a breakdown (all its parts) or one part (``<key>.<code>``).
    """
    chosen = all_figures() if keys is None else [get(k) for k in dict.fromkeys(keys)]
    wanted = set(keys or ())
    result: dict[str, FigureValue] = {}
    for figure in {f.key: f for f in chosen}.values():
        if figure.parts is not None:
            for part in figure.parts(committee, period):
                key = f"{figure.key}.{part.code}"
                if keys is None or figure.key in wanted or key in wanted:
                    label = f"{figure.label}（{part.label}）"
                    measured = Measured(part.value, part.context)
                    result[key] = _value(figure, key, label, measured, part.evidence, label=part.label)
            continue
        assert figure.compute is not None
        assert figure.evidence is not None
        computed = figure.compute(committee, period)
        measured = computed if isinstance(computed, Measured) else Measured(computed)
        source = figure.evidence(committee, period)
        result[figure.key] = _value(figure, figure.key, str(figure.label), measured, source)
    return result


def by_committee(queryset: Any, committees: Sequence[Any], value: Any = None) -> dict[int, Number]:
    """``value`` (an aggregate; default: the number of rows) of a committee-scoped queryset, per committee,
    in one grouped query. Committees without rows are left out (0 to the caller)."""
    from django.db.models import Count

    rows = (
        queryset.filter(committee_id__in=[c.pk for c in committees])
        .order_by()
        .values("committee_id")
        .annotate(v=Count("pk") if value is None else value)
        .values_list("committee_id", "v")
    )
    return dict(rows)


def evaluate_many(
    committees: Sequence[Any], period: Period, linked: Iterable[int] = ()
) -> dict[int, dict[str, FigureValue]]:
    """The value of every figure for each committee: what ``evaluate`` gives, but without sentences, and
    with the evidence URL only for the committees in ``linked`` (the others' is ""). A figure with
    ``grouped`` costs its few queries for all the committees; the others are evaluated per committee."""
    linked = set(linked)
    result: dict[int, dict[str, FigureValue]] = {c.pk: {} for c in committees}
    for figure in all_figures():
        if figure.grouped is None:
            for c in committees:
                result[c.pk].update(evaluate(c, period, [figure.key]))
            continue
        values = figure.grouped(committees, period)
        label, unit = str(figure.label), str(figure.unit)
        for c in committees:
            out = result[c.pk]
            if figure.parts is not None:
                for part in values.get(c.pk, ()):
                    key = f"{figure.key}.{part.code}"
                    source = part.evidence if c.pk in linked else ""
                    out[key] = FigureValue(
                        key, f"{label}（{part.label}）", part.value, "", source, unit, "", figure.key
                    )
                continue
            assert figure.evidence is not None
            source = figure.evidence(c, period) if c.pk in linked else ""
            value = values.get(c.pk, 0)
            out[figure.key] = FigureValue(figure.key, label, value, "", source, unit, "", figure.key)
    return result
