"""Pages of service campaigns: the campaigns with their staff deployments, members taking part and
donations; the lists behind the figures; the donation import."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import (
    add_service_errors,
    committee_for,
    date_param,
    import_upload,
    require,
    xlsx_response,
)
from lvzhi.org.models import Committee
from lvzhi.service import io, services
from lvzhi.service.forms import CampaignForm, DeploymentForm, DonationForm, ParticipationForm
from lvzhi.service.models import (
    ActivityParticipant,
    CampaignParticipation,
    Deployment,
    Donation,
    DonationQuerySet,
    ServiceCampaign,
)
from lvzhi.service.selectors import participating_members

PAGE_SIZE = 50


def _url(name: str, c: Committee) -> str:
    return reverse(f"service:{name}", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("服务行动"), _url("campaigns", c)), *tail]


def _form_page(
    request: HttpRequest, form: Any, title: str, crumbs: list[tuple[str, str | None]], deletable: bool = False
) -> HttpResponse:
    return render(
        request,
        "service/form.html",
        {"form": form, "title": title, "breadcrumbs": crumbs, "deletable": deletable},
    )


def _period(request: HttpRequest) -> dict[str, Any]:
    return {"start": date_param(request, "from"), "end": date_param(request, "to")}


def _campaigns(request: HttpRequest, c: Committee) -> QuerySet[ServiceCampaign]:
    return ServiceCampaign.objects.visible_to(request.user).filter(committee=c)


def _campaign_param(request: HttpRequest) -> int | None:
    value = request.GET.get("campaign", "")
    return int(value) if value.isdigit() else None


# 服务行动 -------------------------------------------------------------------------------------------------


@login_required
def campaigns(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    rows = (
        _campaigns(request, c)
        .annotate(
            n_deployed=Count("deployments__person", distinct=True),
            n_participants=Count("participations", distinct=True),
            n_donations=Count("donations", distinct=True),
        )
        .order_by("-start_on", "-id")
    )
    sums = {
        row["campaign_id"]: (row["money"] or 0) + (row["goods"] or 0)
        for row in Donation.objects.filter(committee=c)
        .values("campaign_id")
        .annotate(money=Sum("money"), goods=Sum("goods_value"))
        .order_by()
    }
    rows_list = list(rows)
    for campaign in rows_list:
        campaign.donation_total = sums.get(campaign.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "service/campaigns.html",
        {
            "rows": rows_list,
            "can_manage": can(request.user, "service.manage", c),
            "breadcrumbs": [(c.name, None), (_("服务行动"), None)],
        },
    )


@login_required
def campaign_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.manage")
    form = CampaignForm(request.POST or None, initial={"start_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(committee=c, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立服务行动。"))
            return redirect(campaign)
    title = _("建立服务行动")
    return _form_page(request, form, title, _crumbs(c, (title, None)))


def _campaign(request: HttpRequest, c: Committee, pk: int) -> ServiceCampaign:
    return get_object_or_404(_campaigns(request, c).select_related("committee"), pk=pk)


@login_required
def campaign_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    campaign = _campaign(request, c, pk)
    deployments = campaign.deployments.select_related("person").order_by("start_on", "person__stroke_key")
    participations = campaign.participations.select_related("person").order_by("person__stroke_key")
    donations = campaign.donations.select_related("donor_person").order_by("-donated_on", "-id")
    return render(
        request,
        "service/campaign_detail.html",
        {
            "campaign": campaign,
            "deployments": deployments,
            "n_deployed": deployments.values("person").distinct().count(),
            "participations": participations,
            "donations": donations,
            "totals": Donation.objects.filter(campaign=campaign).totals(),
            "can_manage": can(request.user, "service.manage", campaign),
            "breadcrumbs": _crumbs(c, (campaign.name, None)),
        },
    )


@login_required
def campaign_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    campaign = _campaign(request, c, pk)
    require(request, "service.manage", campaign)
    initial = {f: getattr(campaign, f) for f in services.CAMPAIGN_FIELDS}
    initial["version"] = campaign.version
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                campaign=campaign,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(campaign)
    title = _("编辑服务行动：%s") % campaign.name
    return _form_page(
        request, form, title, _crumbs(c, (campaign.name, campaign.get_absolute_url()), (title, None))
    )


# 机关干部下沉 ---------------------------------------------------------------------------------------------


@login_required
def deployment_create(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    campaign = _campaign(request, c, pk)
    require(request, "service.manage", campaign)
    form = DeploymentForm(request.POST or None, committee=c, initial={"start_on": campaign.start_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.deployment_create(campaign=campaign, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记干部下沉。"))
            return redirect(campaign)
    title = _("登记干部下沉")
    return _form_page(
        request, form, title, _crumbs(c, (campaign.name, campaign.get_absolute_url()), (title, None))
    )


@login_required
def deployment_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    deployment = get_object_or_404(
        Deployment.objects.visible_to(request.user).filter(committee=c).select_related("campaign"), pk=pk
    )
    require(request, "service.manage", deployment)
    campaign = deployment.campaign
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.deployment_delete(deployment=deployment, by=request.user)
        messages.success(request, _("已删除。"))
        return redirect(campaign)
    initial = {f: getattr(deployment, f) for f in services.DEPLOYMENT_FIELDS}
    initial["version"] = deployment.version
    form = DeploymentForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.deployment_update(
                deployment=deployment,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(campaign)
    title = _("编辑干部下沉：%s") % deployment.person.name
    crumbs = _crumbs(c, (campaign.name, campaign.get_absolute_url()), (title, None))
    return _form_page(request, form, title, crumbs, deletable=True)


@login_required
def deployments(request: HttpRequest, committee: str) -> HttpResponse:
    """The deployments under way in a period (the evidence of ``staff_deployed``)."""
    c = committee_for(request, committee, "service.view")
    qs = Deployment.objects.visible_to(request.user).filter(committee=c)
    filters = _period(request)
    if filters["start"] or filters["end"]:
        qs = qs.within(filters["start"] or date.min, filters["end"] or date.max)
    if (campaign := _campaign_param(request)) is not None:
        qs = qs.filter(campaign_id=campaign)
        filters["campaign"] = campaign
    rows = qs.select_related("person", "campaign__committee").order_by("start_on", "person__stroke_key", "id")
    counts = qs.aggregate(people=Count("person_id", distinct=True), places=Count("place", distinct=True))
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "service_deployments"})
        return xlsx_response(io.deployments_workbook(rows), f"{c.code}-deployments.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "service/deployments.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "people": counts["people"],
            "places": counts["places"],
            "campaigns": _campaigns(request, c),
            "breadcrumbs": _crumbs(c, (_("干部下沉"), None)),
        },
    )


# 委员参与 ------------------------------------------------------------------------------------------------


@login_required
def participation_create(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    campaign = _campaign(request, c, pk)
    require(request, "service.manage", campaign)
    form = ParticipationForm(request.POST or None, committee=c, initial={"start_on": campaign.start_on})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if CampaignParticipation.objects.filter(campaign=campaign, person=data["person"]).exists():
            form.add_error("person", _("该委员已在参与名单中。"))
        else:
            try:
                services.campaign_join(campaign=campaign, by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记委员参与。"))
                return redirect(campaign)
    title = _("登记委员参与")
    return _form_page(
        request, form, title, _crumbs(c, (campaign.name, campaign.get_absolute_url()), (title, None))
    )


@login_required
def participation_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    participation = get_object_or_404(
        CampaignParticipation.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("campaign", "person"),
        pk=pk,
    )
    require(request, "service.manage", participation)
    campaign = participation.campaign
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.participation_remove(participation=participation, by=request.user)
        messages.success(request, _("已删除。"))
        return redirect(campaign)
    initial = {f: getattr(participation, f) for f in services.PARTICIPATION_FIELDS}
    initial.update(person=participation.person_id, version=participation.version)
    form = ParticipationForm(request.POST or None, committee=c, initial=initial)
    form.fields["person"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.service_data().items() if k != "person"}
        try:
            services.participation_update(
                participation=participation,
                data=data,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(campaign)
    title = _("编辑委员参与：%s") % participation.person.name
    crumbs = _crumbs(c, (campaign.name, campaign.get_absolute_url()), (title, None))
    return _form_page(request, form, title, crumbs, deletable=True)


@login_required
def participants(request: HttpRequest, committee: str) -> HttpResponse:
    """The members who took part in a period (the evidence of ``members_participating``)."""
    c = committee_for(request, committee, "service.view")
    filters = _period(request)
    start, end = filters["start"] or date.min, filters["end"] or date.max
    people = participating_members(c, start, end).official_order()
    in_campaigns = dict(
        CampaignParticipation.objects.filter(committee=c)
        .within(start, end)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
        .order_by()
    )
    in_activities = dict(
        ActivityParticipant.objects.filter(
            committee=c, activity__held_on__gte=start, activity__held_on__lte=end
        )
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
        .order_by()
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, in_campaigns.get(p.pk, 0), in_activities.get(p.pk, 0)) for p in page.object_list]
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "service_participants"})
        everyone = [(p.name, in_campaigns.get(p.pk, 0), in_activities.get(p.pk, 0)) for p in people]
        return xlsx_response(io.participants_workbook(everyone), f"{c.code}-service-participants.xlsx")
    return render(
        request,
        "service/participants.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "breadcrumbs": _crumbs(c, (_("参与服务的委员"), None)),
        },
    )


# 捐款捐物 ------------------------------------------------------------------------------------------------


def filtered_donations(request: HttpRequest, c: Committee) -> tuple[DonationQuerySet, dict[str, Any]]:
    qs = Donation.objects.visible_to(request.user).filter(committee=c)
    filters = _period(request)
    if filters["start"] or filters["end"]:
        qs = qs.within(filters["start"] or date.min, filters["end"] or date.max)
    if (campaign := _campaign_param(request)) is not None:
        qs = qs.filter(campaign_id=campaign)
        filters["campaign"] = campaign
    filters["q"] = request.GET.get("q", "")[:100]
    if filters["q"]:
        qs = qs.filter(
            Q(donor_name__icontains=filters["q"])
            | Q(donor_person__name__icontains=filters["q"])
            | Q(goods__icontains=filters["q"])
            | Q(receipt_no__icontains=filters["q"])
        )
    return qs, filters


@login_required
def donations(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    qs, filters = filtered_donations(request, c)
    rows = qs.select_related("donor_person", "campaign__committee").order_by("-donated_on", "-id")
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "service_donations"})
        return xlsx_response(io.donations_workbook(rows), f"{c.code}-donations.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "service/donations.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "totals": qs.totals(),
            "campaigns": _campaigns(request, c),
            "can_manage": can(request.user, "service.manage", c),
            "breadcrumbs": _crumbs(c, (_("捐款捐物"), None)),
        },
    )


@login_required
def donation_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.manage")
    initial: dict[str, Any] = {"donated_on": timezone.localdate()}
    if (campaign_id := _campaign_param(request)) is not None:
        initial["campaign"] = campaign_id
    form = DonationForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            donation = services.donation_create(
                campaign=form.cleaned_data["campaign"], data=form.service_data(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记捐款捐物。"))
            return redirect(donation.campaign)
    title = _("登记捐款捐物")
    return _form_page(request, form, title, _crumbs(c, (_("捐款捐物"), _url("donations", c)), (title, None)))


@login_required
def donation_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "service.view")
    donation = get_object_or_404(
        Donation.objects.visible_to(request.user).filter(committee=c).select_related("campaign"), pk=pk
    )
    require(request, "service.manage", donation)
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.donation_delete(donation=donation, by=request.user)
        messages.success(request, _("已删除。"))
        return redirect(_url("donations", c))
    initial = {f: getattr(donation, f) for f in services.DONATION_FIELDS}
    initial.update(campaign=donation.campaign_id, version=donation.version)
    form = DonationForm(request.POST or None, committee=c, initial=initial)
    form.fields["campaign"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.donation_update(
                donation=donation,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_url("donations", c))
    title = _("编辑捐款捐物：%s") % donation.donor_label
    crumbs = _crumbs(c, (_("捐款捐物"), _url("donations", c)), (title, None))
    return _form_page(request, form, title, crumbs, deletable=True)


@login_required
def donation_import(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "service.manage")
    if request.GET.get("template") == "1":
        return xlsx_response(io.template(), "donations-template.xlsx")
    report = None
    if request.method == "POST":
        upload = import_upload(request)
        if upload is not None:
            report = io.donations_import(
                committee=c,
                data=upload.read(),
                filename=upload.name or "",
                dry_run=request.POST.get("dry_run") == "1",
                by=request.user,
            )
    return render(
        request,
        "service/import.html",
        {
            "report": report,
            "breadcrumbs": _crumbs(c, (_("捐款捐物"), _url("donations", c)), (_("导入捐款捐物"), None)),
        },
    )
