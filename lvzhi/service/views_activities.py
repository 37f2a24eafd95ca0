"""Pages of the sectors' service activities, and a member's own part in public service (我的服务)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.org.models import Committee, Person, Sector
from lvzhi.service import io, services
from lvzhi.service.choices import ActivityKind
from lvzhi.service.forms import ActivityForm
from lvzhi.service.models import (
    ActivityParticipant,
    CampaignParticipation,
    Deployment,
    Donation,
    ServiceActivity,
)
from lvzhi.service.selectors import with_participant_counts

PAGE_SIZE = 50


def _url(name: str, c: Committee) -> str:
    return reverse(f"service:{name}", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("服务活动"), _url("activities", c)), *tail]


def _form_page(
    request: HttpRequest, form: Any, title: str, crumbs: list[tuple[str, str | None]], deletable: bool = False
) -> HttpResponse:
    return render(
        request,
        "service/form.html",
        {"form": form, "title": title, "breadcrumbs": crumbs, "deletable": deletable},
    )


def filtered_activities(
    request: HttpRequest, c: Committee
) -> tuple[QuerySet[ServiceActivity], dict[str, Any]]:
    """The activity list's filters from the query string; values outside the choices are ignored."""
    qs = ServiceActivity.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "")[:100] for k in ("sector", "kind", "q")}
    if f["sector"] == "none":
        qs = qs.filter(sector=None)
    elif f["sector"].isdigit():
        qs = qs.filter(sector_id=int(f["sector"]))
    if f["kind"] in ActivityKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(place__icontains=f["q"]))
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    if f["start"]:
        qs = qs.filter(held_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(held_on__lte=f["end"])
    return qs, f


@login_required
def activities(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    qs, filters = filtered_activities(request, c)
    rows = with_participant_counts(qs.select_related("sector", "committee")).order_by("-held_on", "-id")
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "service_activities"})
        return xlsx_response(io.activities_workbook(rows), f"{c.code}-service-activities.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "service/activities.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "beneficiaries": qs.aggregate(n=Sum("beneficiaries"))["n"] or 0,
            "sectors": Sector.objects.filter(committee=c),
            "kinds": ActivityKind.choices,
            "can_manage": can(request.user, "service.manage", c),
            "breadcrumbs": [(c.name, None), (_("服务活动"), None)],
        },
    )


def _activity(request: HttpRequest, c: Committee, pk: int) -> ServiceActivity:
    return get_object_or_404(
        ServiceActivity.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("sector", "committee"),
        pk=pk,
    )


@login_required
def activity_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    activity = _activity(request, c, pk)
    people = Person.objects.filter(pk__in=activity.participations.values("person_id")).official_order()
    return render(
        request,
        "service/activity_detail.html",
        {
            "activity": activity,
            "people": people,
            "can_manage": can(request.user, "service.manage", activity),
            "breadcrumbs": _crumbs(c, (activity.title, None)),
        },
    )


@login_required
def activity_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.manage")
    form = ActivityForm(request.POST or None, committee=c, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                committee=c,
                data=form.service_data(),
                participants=list(form.cleaned_data["participants"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录服务活动。"))
            return redirect(activity)
    title = _("记录服务活动")
    return _form_page(request, form, title, _crumbs(c, (title, None)))


@login_required
def activity_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    activity = _activity(request, c, pk)
    require(request, "service.manage", activity)
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.activity_delete(activity=activity, by=request.user)
        messages.success(request, _("已删除。"))
        return redirect(_url("activities", c))
    initial = {f: getattr(activity, f) for f in services.ACTIVITY_FIELDS}
    for field in ("starts_at", "ends_at"):
        if initial[field] is not None:
            initial[field] = timezone.localtime(initial[field])
    initial.update(
        participants=list(activity.participations.values_list("person_id", flat=True)),
        version=activity.version,
    )
    form = ActivityForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity,
                data=form.service_data(),
                participants=list(form.cleaned_data["participants"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # what was typed stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(activity)
    title = _("编辑服务活动：%s") % activity.title
    return _form_page(
        request,
        form,
        title,
        _crumbs(c, (activity.title, activity.get_absolute_url()), (title, None)),
        deletable=True,
    )


@login_required
def mine(request: HttpRequest, committee: str) -> HttpResponse:
    """我的服务: a member's own part in campaigns, activities and donations, built for a phone."""
    c = committee_for(request, committee, "service.mine")
    person_id = int(getattr(request.user, "person_id", 0) or 0)
    participations = (
        CampaignParticipation.objects.visible_to(request.user)
        .filter(committee=c, person_id=person_id)
        .select_related("campaign")
        .order_by("-start_on")
    )
    activity_ids = ActivityParticipant.objects.visible_to(request.user).filter(
        committee=c, person_id=person_id
    )
    served = (
        ServiceActivity.objects.filter(committee=c, pk__in=activity_ids.values("activity_id"))
        .select_related("sector")
        .order_by("-held_on")
    )
    donations = (
        Donation.objects.filter(committee=c, donor_person_id=person_id)
        .select_related("campaign")
        .order_by("-donated_on")
    )
    deployments = (
        Deployment.objects.filter(committee=c, person_id=person_id)
        .select_related("campaign")
        .order_by("-start_on")
    )
    return render(
        request,
        "service/mine.html",
        {
            "participations": participations,
            "activities": served,
            "donations": donations,
            "deployments": deployments,
            "breadcrumbs": [(c.name, None), (_("我的服务"), None)],
        },
    )
