"""Summary figures of consult: consultations held, suggestions put forward (with how many were adopted),
and suggestions by consultation form — one value per form of the committee that has data in the period."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.consult.choices import ADOPTED
from lvzhi.consult.models import Consultation, ConsultationForm, Suggestion
from lvzhi.core.figures import Figure, Measured, Part, Period, list_url, register
from lvzhi.org.models import Committee

SECTION = "优化融合发展"


def consultations_url(committee: Committee, period: Period, **query: str) -> str:
    return list_url("consult:consultations", committee, **period.as_dict(), **query)


def suggestions_url(committee: Committee, period: Period, **query: str) -> str:
    return list_url("consult:suggestions", committee, **period.as_dict(), **query)


def _consultations(committee: Committee, period: Period) -> int:
    return Consultation.objects.filter(committee=committee).within(period.start, period.end).count()


def _suggestions(committee: Committee, period: Period) -> Measured:
    counts = (
        Suggestion.objects.filter(committee=committee)
        .within(period.start, period.end)
        .aggregate(n=Count("id"), adopted=Count("id", filter=Q(status__in=ADOPTED)))
    )
    return Measured(counts["n"], {"adopted": counts["adopted"]})


def _by_form(committee: Committee, period: Period) -> list[Part]:
    counts = dict(
        Suggestion.objects.filter(committee=committee, consultation__isnull=False)
        .within(period.start, period.end)
        .order_by()
        .values_list("consultation__form_id")
        .annotate(n=Count("id"))
    )
    return [
        Part(form.code, form.name, counts[form.pk], suggestions_url(committee, period, form=form.code))
        for form in ConsultationForm.objects.filter(committee=committee, pk__in=list(counts))
    ]


register(
    Figure(
        key="consultations",
        label=_("协商活动"),
        kind="event",
        compute=_consultations,
        sentence=_("开展各类协商活动{value}次"),
        evidence=consultations_url,
        unit=_("次"),
        section=SECTION,
        order=70,
    ),
    Figure(
        key="suggestions",
        label=_("意见建议"),
        kind="event",
        compute=_suggestions,
        sentence=_("提出意见建议{value}条，其中被采纳或部分采纳{adopted}条"),
        evidence=suggestions_url,
        unit=_("条"),
        section=SECTION,
        order=71,
    ),
    Figure(
        key="suggestions_by_form",
        label=_("意见建议"),
        kind="event",
        compute=None,
        sentence=_("通过{label}提出意见建议{value}条"),
        evidence=None,
        parts=_by_form,
        unit=_("条"),
        section=SECTION,
        order=72,
    ),
)
