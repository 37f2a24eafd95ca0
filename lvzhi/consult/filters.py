"""The list filters from the query string, shared by the pages, the exports and the figures' evidence
links: a value outside the choices is ignored, a malformed date is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lvzhi.consult.choices import OrganizerKind, SuggestionCategory, SuggestionStatus
from lvzhi.consult.models import Consultation, ConsultationQuerySet, Suggestion, SuggestionQuerySet
from lvzhi.core import search
from lvzhi.core.views_helpers import date_param
from lvzhi.org.models import Committee

ORGANIZER_FIELDS = {
    OrganizerKind.SPECIAL_COMMITTEE: "special_committee_id",
    OrganizerKind.SECTOR: "sector_id",
    OrganizerKind.STUDIO: "studio_id",
}


def _year(request: HttpRequest) -> str:
    year = request.GET.get("year", "")
    return year if year.isdigit() and 1949 <= int(year) <= 2100 else ""


def filter_consultations(request: HttpRequest, c: Committee) -> tuple[ConsultationQuerySet, dict[str, Any]]:
    qs = Consultation.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("form", "organizer", "plan", "q")}
    if f["form"]:
        qs = qs.filter(form__code=f["form"][:40])
    kind, _sep, pk = f["organizer"].partition(":")
    if kind in ORGANIZER_FIELDS and pk.isdigit():
        qs = qs.filter(**{ORGANIZER_FIELDS[OrganizerKind(kind)]: int(pk)})
    if f["plan"] == "in":
        qs = qs.filter(plan_item__isnull=False)
    elif f["plan"] == "out":
        qs = qs.filter(plan_item__isnull=True)
    if f["q"]:
        qs = qs.filter(topic__icontains=f["q"][:100])
    f["year"] = _year(request)
    if f["year"]:
        qs = qs.filter(start_on__year=int(f["year"]))
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    return qs.within(f["start"], f["end"]), f


def filter_suggestions(request: HttpRequest, c: Committee) -> tuple[SuggestionQuerySet, dict[str, Any]]:
    qs = Suggestion.objects.visible_to(request.user).filter(committee=c)
    keys = ("status", "form", "category", "unit", "consultation", "proposer", "q", "adopted")
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in keys}
    if f["status"] in SuggestionStatus.values:
        qs = qs.filter(status=f["status"])
    if f["adopted"] == "1":
        qs = qs.adopted()
    if f["form"]:
        qs = qs.filter(consultation__form__code=f["form"][:40])
    if f["category"] in SuggestionCategory.values:
        qs = qs.filter(category=f["category"])
    if f["unit"].isdigit():
        qs = qs.filter(
            pk__in=Suggestion.units.through.objects.filter(unit_id=int(f["unit"])).values("suggestion_id")
        )
    if f["consultation"].isdigit():
        qs = qs.filter(consultation_id=int(f["consultation"]))
    if f["proposer"].isdigit():
        qs = qs.filter(
            pk__in=Suggestion.proposers.through.objects.filter(person_id=int(f["proposer"])).values(
                "suggestion_id"
            )
        )
    if f["q"]:  # full-text, Chinese words (供暖 inside 集中供暖), in the committee's search index
        hits = search.search(c, f["q"][:100], kinds=["suggestion"], limit=5000)
        qs = qs.filter(pk__in=[h.object_id for h in hits])
    f["year"] = _year(request)
    if f["year"]:
        qs = qs.filter(submitted_on__year=int(f["year"]))
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    return qs.within(f["start"], f["end"]), f
