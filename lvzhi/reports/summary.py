"""The work summary (工作综述) written from the figures: every number bound to its figure and evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from lvzhi.core import figures
from lvzhi.core.figures import FigureValue, Period
from lvzhi.org.models import Committee, Term


@dataclass(frozen=True)
class Section:
    heading: str
    figures: list[FigureValue]

    @property
    def text(self) -> str:
        return "，".join(f.sentence for f in self.figures) + "。" if self.figures else ""

    @property
    def html(self) -> SafeString:
        # Each sentence_html is already escaped by format_html; joining safe pieces stays safe.
        return (
            mark_safe("，".join(f.sentence_html for f in self.figures) + "。")
            if self.figures
            else SafeString("")
        )


@dataclass(frozen=True)
class Summary:
    committee: Committee
    period: Period
    figures: dict[str, FigureValue]
    sections: list[Section]

    @property
    def text(self) -> str:
        return "\n".join(f"{s.heading}：{s.text}" for s in self.sections if s.text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee.code,
            "period": self.period.as_dict(),
            "figures": {k: v.as_dict() for k, v in self.figures.items()},
            "text": self.text,
        }

    def as_markdown(self, *, base_url: str = "") -> str:
        lines = [
            f"# {self.committee.name}工作综述",
            "",
            f"统计期间：{self.period.start.isoformat()} 至 {self.period.end.isoformat()}",
            "",
        ]
        for section in self.sections:
            lines += [f"## {section.heading}", "", section.text, ""]
        lines += ["## 数据来源", "", "| 指标 | 数值 | 明细 |", "| --- | ---: | --- |"]
        lines += [f"| {f.label} | {f.value} | {base_url}{f.source} |" for f in self.figures.values()]
        return "\n".join(lines) + "\n"


def default_period(committee: Committee, today: date) -> Period:
    """The current term up to today (a committee without a term: this year up to today)."""
    term = Term.objects.in_force(committee, today)
    start = term.start if term is not None else date(today.year, 1, 1)
    return Period(start, today)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def build_summary(committee: Committee, period: Period, keys: Iterable[str] | None = None) -> Summary:
    values = figures.evaluate(committee, period, keys)
    sections: dict[str, list[FigureValue]] = {}
    for figure in figures.all_figures():
        for value in values.values():  # a breakdown contributes one value per part
            if value.figure == figure.key:
                sections.setdefault(str(figure.section) or "其他", []).append(value)
    return Summary(
        committee=committee,
        period=period,
        figures=values,
        sections=[Section(heading, items) for heading, items in sections.items()],
    )
