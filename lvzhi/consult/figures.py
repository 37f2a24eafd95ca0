"""Summary figures of consult: consultations held, suggestions put forward (with how many were adopted),
and suggestions by consultation form — one value per form of the committee that has data in the period."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.consult.choices import ADOPTED
from lvzhi.consult.models import Consultation, ConsultationForm, Suggestion
from lvzhi.core.figures import Figure, Measured, Part, Period, by_committee, list_url, register
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


def _by_form_many(committees: Sequence[Committee], period: Period) -> dict[int, list[Part]]:
    rows = (
        Suggestion.objects.filter(committee_id__in=[c.pk for c in committees], consultation__isnull=False)
        .within(period.start, period.end)
        .order_by()
        .values_list("committee_id", "consultation__form_id")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[int, int]] = {}
    for committee_id, form_id, n in rows:
        counts.setdefault(committee_id, {})[form_id] = n
    forms = ConsultationForm.objects.filter(
        committee_id__in=list(counts), pk__in=[f for c in counts.values() for f in c]
    )
    by_pk = {c.pk: c for c in committees}
    parts: dict[int, list[Part]] = {}
    for form in forms:
        n = counts[form.committee_id].get(form.pk)
        if n is not None:
            url = suggestions_url(by_pk[form.committee_id], period, form=form.code)
            parts.setdefault(form.committee_id, []).append(Part(form.code, form.name, n, url))
    return parts


register(
    Figure(
        key="consultations",
        label=_("协商活动"),
        kind="event",
        compute=_consultations,
        grouped=lambda cs, p: by_committee(Consultation.objects.within(p.start, p.end), cs),
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
        grouped=lambda cs, p: by_committee(Suggestion.objects.within(p.start, p.end), cs),
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
        grouped=_by_form_many,
        unit=_("条"),
        section=SECTION,
        order=72,
    ),
)
