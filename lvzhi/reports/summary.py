"""The work summary (工作综述) written from the figures: every number bound to its figure and evidence.

The text comes from the committee's template (``lvzhi.reports.models``) or, while it has none, from the
figures' sections (加强组织建设 / 深化理论学习 / 优化融合发展). A paragraph is text with placeholders:
``{key}`` is a figure's value, ``{key:sentence}`` its whole sentence; a breakdown's key (e.g.
``suggestions_by_form``) stands for all its parts. Nothing else in the text may be a digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lvzhi.core import figures
from lvzhi.core.figures import FigureValue, Period
from lvzhi.org.models import Committee

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?)(:sentence)?\}")
DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Changed:
    key: str
    label: str
    before: str
    now: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    html: SafeString
    source: str  # the text with its placeholders, as staff wrote it
    keys: list[str] = field(default_factory=list)  # the figure values it shows
    changed: list[Changed] = field(default_factory=list)
    pk: int | None = None
    version: int = 0


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[Paragraph]
    before: str = ""
    after: str = ""
    pk: int | None = None
    version: int = 0
    number: str = ""  # 一、 二、 …

    @property
    def lines(self) -> list[str]:
        """The section's paragraphs as plain text: fixed text before, the paragraphs, fixed text after."""
        parts = [self.before, *(p.text for p in self.paragraphs), self.after]
        return [line.strip() for part in parts for line in part.splitlines() if line.strip()]

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def html(self) -> SafeString:
        return mark_safe("".join(p.html for p in self.paragraphs))  # each escaped by format_html


@dataclass(frozen=True)
class Summary:
    committee: Committee
    period: Period
    figures: dict[str, FigureValue]
    sections: list[Section]
    customised: bool = False

    @property
    def title(self) -> str:
        return _("%(name)s工作综述") % {"name": self.committee.name}

    @property
    def text(self) -> str:
        return "\n".join(f"{s.heading}：{s.text}" for s in self.sections if s.text)

    @property
    def changed(self) -> list[Changed]:
        return [c for s in self.sections for p in s.paragraphs for c in p.changed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee.code,
            "period": self.period.as_dict(),
            "title": self.title,
            "figures": {k: v.as_dict() for k, v in self.figures.items()},
            "sections": [{"heading": s.heading, "paragraphs": s.lines} for s in self.sections],
            "text": self.text,
        }

    def as_markdown(self, *, base_url: str = "") -> str:
        lines = [
            f"# {self.title}",
            "",
            f"统计期间：{self.period.start.isoformat()} 至 {self.period.end.isoformat()}",
            "",
        ]
        for section in self.sections:
            lines += [f"## {section.heading}", ""]
            for line in section.lines:
                lines += [line, ""]
        lines += ["## 数据来源", "", "| 指标 | 数值 | 明细 |", "| --- | ---: | --- |"]
        lines += [f"| {f.label} | {f.value} | {base_url}{f.source} |" for f in self.figures.values()]
        return "\n".join(lines) + "\n"

    def as_lines(self) -> list[str]:
        """The body of the official document: 一、heading, then its paragraphs."""
        body: list[str] = []
        for section in self.sections:
            body.append(f"{section.number}{section.heading}")
            body.extend(section.lines)
        return body


def cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def default_period(committee: Committee, today: date) -> Period:
    """The year up to today: from the day after the same date a year ago, to today.

    An office writes its summary for the past year (its annual report, a year-end 综述), at whatever time
    of year; a calendar year or any range is one choice away. The demo lays its records over the year up
    to the day it is loaded, so its summary by default states the article's figures.
    """
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = date(today.year - 1, 2, 28)
    return Period(year_ago + timedelta(days=1), today)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


# Placeholders --------------------------------------------------------------------------------------------


def _is_breakdown(key: str) -> bool:
    return "." not in key and figures.get(key).parts is not None


def _expand(key: str, values: dict[str, FigureValue]) -> list[str]:
    """The value keys a placeholder shows: a breakdown's key stands for all of its parts."""
    if "." not in key and _is_breakdown(key):
        return [k for k in values if k.startswith(f"{key}.")]
    return [key]


def placeholder_keys(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(text)))


def validate_text(text: str) -> None:
    """Refused: a typed number outside a placeholder, or a placeholder naming no figure."""
    bare = PLACEHOLDER.sub("", text)
    if DIGIT.search(bare):
        raise ValidationError(
            {"text": _("正文不能直接输入数字：数字须插入指标（如 {members}），以便随记录更新并链接到记录。")}
        )
    for key in placeholder_keys(text):
        try:
            figures.get(key)
        except KeyError:
            raise ValidationError({"text": _("正文中的指标“%(key)s”不存在。") % {"key": key}}) from None


def _number(value: FigureValue | None) -> tuple[str, SafeString]:
    if value is None:  # a breakdown's part without data in the period
        return "0", SafeString("0")
    return str(value.value), format_html('<a class="figure-link" href="{}">{}</a>', value.source, value.value)


def fill(text: str, values: dict[str, FigureValue]) -> tuple[str, SafeString, list[str]]:
    """The text with each placeholder replaced: plain, as escaped HTML with links, and the keys shown."""
    plain: list[str] = []
    html: list[str] = []
    shown: list[str] = []
    position = 0
    empty = False  # the last placeholder was a sentence with nothing to say (a breakdown without parts)

    def literal(piece: str) -> None:
        nonlocal empty
        if empty and piece.startswith(("，", "、", "；")):
            piece = piece[1:]  # "…，{empty}，…": one comma, not two
        elif empty and plain and plain[-1].endswith(("，", "、", "；")) and (not piece or piece[0] in "。；"):
            plain[-1], html[-1] = plain[-1][:-1], html[-1][:-1]  # "…，{empty}。": no comma before the stop
        empty = False
        plain.append(piece)
        html.append(conditional_escape(piece))

    for match in PLACEHOLDER.finditer(text):
        literal(text[position : match.start()])
        position = match.end()
        key, sentence = match.group(1), bool(match.group(2))
        try:
            figures.get(key)
        except KeyError:
            plain.append(match.group(0))
            html.append(conditional_escape(match.group(0)))
            continue
        keys = _expand(key, values)
        shown += [k for k in keys if k in values]
        if sentence:
            chosen = [values[k] for k in keys if k in values]
            if chosen:
                plain.append("，".join(v.sentence for v in chosen))
                html.append("，".join(str(v.sentence_html) for v in chosen))
            empty = not chosen
        elif "." not in key and _is_breakdown(key):
            total = sum(values[k].value for k in keys if k in values)
            plain.append(str(total))
            html.append(str(conditional_escape(str(total))))
        else:
            p, h = _number(values.get(key))
            plain.append(p)
            html.append(h)
    literal(text[position:])
    return "".join(plain), mark_safe("".join(html)), list(dict.fromkeys(shown))  # pieces escaped above


def snapshot(text: str, values: dict[str, FigureValue]) -> dict[str, str]:
    """The values a text shows, as stored when it is edited (strings, so decimals compare exactly)."""
    result: dict[str, str] = {}
    for key in placeholder_keys(text):
        try:
            keys = _expand(key, values)
        except KeyError:
            continue
        for k in keys:
            result[k] = str(values[k].value) if k in values else "0"
    return result


# The template --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateParagraph:
    text: str
    pk: int | None = None
    version: int = 0
    values_at_edit: dict[str, str] = field(default_factory=dict)
    period: Period | None = None


@dataclass(frozen=True)
class TemplateHeading:
    title: str
    paragraphs: list[TemplateParagraph]
    before: str = ""
    after: str = ""
    pk: int | None = None
    version: int = 0


def default_template() -> list[TemplateHeading]:
    """The article's structure: one heading per figure section, one paragraph of the figures' sentences."""
    sections: dict[str, list[str]] = {}
    for figure in figures.all_figures():
        sections.setdefault(str(figure.section) or _("其他"), []).append(f"{{{figure.key}:sentence}}")
    return [
        TemplateHeading(title, [TemplateParagraph("，".join(keys) + "。")])
        for title, keys in sections.items()
    ]


def stored_template(committee: Committee) -> list[TemplateHeading] | None:
    from lvzhi.reports.models import SummaryTemplate

    template = SummaryTemplate.objects.filter(committee=committee).first()
    if template is None:
        return None
    headings = template.headings.prefetch_related("paragraphs")
    return [
        TemplateHeading(
            h.title,
            [
                TemplateParagraph(
                    p.text,
                    p.pk,
                    p.version,
                    dict(p.values_at_edit or {}),
                    Period(p.period_start, p.period_end) if p.period_start and p.period_end else None,
                )
                for p in h.paragraphs.all()
            ],
            h.before,
            h.after,
            h.pk,
            h.version,
        )
        for h in headings
    ]


def _changes(
    committee: Committee, paragraph: TemplateParagraph, period: Period, values: dict[str, FigureValue]
) -> list[Changed]:
    """The figures whose value differs now from when the text was last edited (over the period it was
    edited for: the records changed, not the period)."""
    if not paragraph.values_at_edit:
        return []
    if paragraph.period is not None and paragraph.period != period:
        keys = [k.split(".", 1)[0] for k in paragraph.values_at_edit]
        values = figures.evaluate(committee, paragraph.period, keys)
    changes = []
    for key, before in paragraph.values_at_edit.items():
        now = str(values[key].value) if key in values else "0"
        if now != before:
            label = values[key].label if key in values else str(figures.get(key).label)
            changes.append(Changed(key, label, before, now))
    return changes


def build_summary(committee: Committee, period: Period, keys: Iterable[str] | None = None) -> Summary:
    values = figures.evaluate(committee, period, keys)
    if keys is not None:  # figures only (the dashboard): no text
        return Summary(committee=committee, period=period, figures=values, sections=[])
    stored = stored_template(committee)
    template = stored if stored is not None else default_template()
    sections = []
    for n, heading in enumerate(template):
        paragraphs = []
        for p in heading.paragraphs:
            text, html, shown = fill(p.text, values)
            changes = _changes(committee, p, period, values)
            paragraphs.append(Paragraph(text, html, p.text, shown, changes, p.pk, p.version))
        sections.append(
            Section(
                heading.title,
                paragraphs,
                heading.before,
                heading.after,
                heading.pk,
                heading.version,
                number=f"{cn_number(n + 1)}、",
            )
        )
    return Summary(
        committee=committee, period=period, figures=values, sections=sections, customised=stored is not None
    )
