"""Every write of reports is one service: the committee's summary template, its headings and paragraphs.
Views and tests call these; each validates, saves and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import figures
from lvzhi.core.audit import audit_log
from lvzhi.core.figures import Period
from lvzhi.org.models import Committee
from lvzhi.reports.models import SummaryHeading, SummaryParagraph, SummaryTemplate
from lvzhi.reports.summary import DIGIT, default_template, placeholder_keys, snapshot, validate_text

HEADING_FIELDS = ("title", "position", "before", "after")


@transaction.atomic
def template_materialize(*, committee: Committee, by: Any) -> SummaryTemplate:
    """The committee's own template, made from the default (the figures' sections) the first time."""
    template, created = SummaryTemplate.objects.get_or_create(committee=committee)
    if created:
        for i, heading in enumerate(default_template()):
            h = SummaryHeading.objects.create(
                committee=committee, template=template, position=(i + 1) * 10, title=heading.title
            )
            for j, paragraph in enumerate(heading.paragraphs):
                SummaryParagraph.objects.create(
                    committee=committee, heading=h, position=(j + 1) * 10, text=paragraph.text
                )
        audit_log("summary_template_create", user=by, obj=template, committee=committee)
    return template


@transaction.atomic
def template_reset(*, committee: Committee, by: Any) -> None:
    """Back to the default template: the stored headings and texts are removed."""
    for template in SummaryTemplate.objects.filter(committee=committee):
        audit_log("summary_template_reset", user=by, obj=template, committee=committee)
        template.delete()


def _heading_data(data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题。")})
    for name in ("before", "after"):
        if DIGIT.search(data.get(name) or ""):
            raise ValidationError({name: _("固定文字不能直接输入数字：数字须放在段落中并绑定指标。")})
    return {**data, "title": title}


@transaction.atomic
def heading_create(*, committee: Committee, data: dict[str, Any], by: Any) -> SummaryHeading:
    template = template_materialize(committee=committee, by=by)
    data = _heading_data(data)
    if data.get("position") is None:
        last = template.headings.order_by("-position").first()
        data["position"] = (last.position if last else 0) + 10
    heading = SummaryHeading(committee=committee, template=template)
    for name in HEADING_FIELDS:
        if name in data:
            setattr(heading, name, data[name])
    heading.save()
    audit_log("summary_heading_create", user=by, obj=heading)
    return heading


@transaction.atomic
def heading_update(
    *, heading: SummaryHeading, data: dict[str, Any], expected_version: int | None, by: Any
) -> SummaryHeading:
    data = _heading_data(data)
    for name in HEADING_FIELDS:
        if name in data and data[name] is not None:
            setattr(heading, name, data[name])
    heading.claim_version(expected_version)
    heading.save()
    audit_log("summary_heading_update", user=by, obj=heading)
    return heading


@transaction.atomic
def heading_delete(*, heading: SummaryHeading, by: Any) -> None:
    audit_log("summary_heading_delete", user=by, obj=heading, detail={"title": heading.title})
    heading.delete()


def _stamp(paragraph: SummaryParagraph, committee: Committee, period: Period, by: Any) -> None:
    """Keep the values the text shows now, to tell later which of them the records have changed."""
    keys = [k.split(".", 1)[0] for k in placeholder_keys(paragraph.text)]
    values = figures.evaluate(committee, period, keys) if keys else {}
    paragraph.values_at_edit = snapshot(paragraph.text, values)
    paragraph.period_start, paragraph.period_end = period.start, period.end
    paragraph.edited_at = timezone.now()
    paragraph.edited_by = by if getattr(by, "pk", None) else None


@transaction.atomic
def paragraph_create(
    *, heading: SummaryHeading, text: str, period: Period, by: Any, position: int | None = None
) -> SummaryParagraph:
    validate_text(text)
    if position is None:
        last = heading.paragraphs.order_by("-position").first()
        position = (last.position if last else 0) + 10
    paragraph = SummaryParagraph(committee=heading.committee, heading=heading, text=text, position=position)
    _stamp(paragraph, heading.committee, period, by)
    paragraph.save()
    audit_log("summary_paragraph_create", user=by, obj=paragraph)
    return paragraph


@transaction.atomic
def paragraph_update(
    *,
    paragraph: SummaryParagraph,
    text: str,
    period: Period,
    expected_version: int | None,
    by: Any,
    position: int | None = None,
) -> SummaryParagraph:
    """Reword a paragraph; refused if someone saved it since it was opened (``expected_version``)."""
    validate_text(text)
    paragraph.text = text
    if position is not None:
        paragraph.position = position
    paragraph.claim_version(expected_version)
    _stamp(paragraph, paragraph.committee, period, by)
    paragraph.save()
    audit_log("summary_paragraph_update", user=by, obj=paragraph)
    return paragraph


@transaction.atomic
def paragraph_delete(*, paragraph: SummaryParagraph, by: Any) -> None:
    audit_log("summary_paragraph_delete", user=by, obj=paragraph)
    paragraph.delete()
