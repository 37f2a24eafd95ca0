"""Pages of consultations, the consultation forms and the annual plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.consult import io, services
from lvzhi.consult.filters import filter_consultations
from lvzhi.consult.forms import ConsultationEditForm, FormForm, PlanForm, PlanItemForm, VisitForm
from lvzhi.consult.models import AnnualPlan, Consultation, ConsultationForm, PlanItem, Studio, Suggestion
from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, require, xlsx_response
from lvzhi.org.models import Committee, Sector, SpecialCommittee

PAGE_SIZE = 50


def url(name: str, c: Committee, **kwargs: Any) -> str:
    return reverse(f"consult:{name}", kwargs={"committee": c.code, **kwargs})


def crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("协商活动"), url("consultations", c)), *tail]


def form_page(
    request: HttpRequest, form: Any, title: str, trail: list[tuple[str, str | None]]
) -> HttpResponse:
    return render(request, "form_page.html", {"form": form, "title": title, "breadcrumbs": trail})


# --- consultations --------------------------------------------------------------------------------


@login_required
def consultation_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.list")
    qs, filters = filter_consultations(request, c)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "consultations"})
        return xlsx_response(io.consultations_workbook(qs), f"{c.code}-consultations.xlsx")
    rows = (
        qs.select_related("form", "special_committee", "sector", "studio", "plan_item", "committee")
        .annotate(
            n_suggestions=Count("suggestions", distinct=True),
            n_participants=Count("participants", distinct=True),
        )
        .order_by("-start_on", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consult/consultations.html",
        {
            "page_obj": page,
            "filters": filters,
            "forms": ConsultationForm.objects.filter(committee=c),
            "organizers": [
                (label, [(f"{kind}:{o.pk}", str(o)) for o in model.objects.filter(committee=c)])
                for label, kind, model in (
                    (_("专委会"), "sc", SpecialCommittee),
                    (_("界别"), "sector", Sector),
                    (_("委员工作室"), "studio", Studio),
                )
            ],
            "can_manage": can(request.user, "consult.manage", c),
            "breadcrumbs": [(c.name, None), (_("协商活动"), None)],
        },
    )


def _consultation(request: HttpRequest, c: Committee, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("form", "special_committee", "sector", "studio", "plan_item__plan", "committee"),
        pk=pk,
    )


@login_required
def consultation_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    initial: dict[str, Any] = {"start_on": timezone.localdate()}
    if (plan_item := request.GET.get("plan_item", "")).isdigit():
        item = PlanItem.objects.filter(committee=c, pk=int(plan_item)).first()
        if item is not None:
            initial.update(plan_item=item, form=item.form, topic=item.topic)
    form = ConsultationEditForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                committee=c,
                data=form.data_for_service(),
                participants=form.cleaned_data["participants"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记协商活动。"))
            return redirect(consultation)
    return form_page(request, form, _("登记协商活动"), crumbs(c, (_("登记协商活动"), None)))


@login_required
def consultation_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    consultation = _consultation(request, c, pk)
    require(request, "consult.manage", consultation)
    initial = {
        f: getattr(consultation, f)
        for f in (
            "form", "topic", "start_on", "end_on", "venue", "officials_count", "public_count",
            "experts_count", "other_participants", "summary", "plan_item", "version",
        )
    }  # fmt: skip
    initial["organizer"] = ConsultationEditForm.organizer_of(consultation)
    initial["participants"] = list(consultation.participants.all())
    form = ConsultationEditForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                consultation=consultation,
                data=form.data_for_service(),
                participants=form.cleaned_data["participants"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # what was typed stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(consultation)
    title = _("编辑：%s") % consultation.topic
    return form_page(request, form, title, crumbs(c, (title, None)))


@login_required
def consultation_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    consultation = _consultation(request, c, pk)
    can_manage = can(request.user, "consult.manage", consultation)
    visit_form = VisitForm(request.POST or None)
    if request.method == "POST":
        require(request, "consult.manage", consultation)
        if visit_form.is_valid():
            try:
                services.research_visit_add(
                    consultation=consultation, by=request.user, **visit_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(visit_form, exc)
            else:
                messages.success(request, _("已记录调研。"))
                return redirect(consultation)
    suggestions = (
        Suggestion.objects.visible_to(request.user)
        .filter(consultation=consultation)
        .prefetch_related("proposers")
        .order_by("submitted_on", "id")
    )
    return render(
        request,
        "consult/consultation.html",
        {
            "consultation": consultation,
            "participants": consultation.participants.all(),
            "visits": consultation.visits.all(),
            "suggestions": suggestions,
            "visit_form": visit_form,
            "can_manage": can_manage,
            "breadcrumbs": crumbs(c, (consultation.topic, None)),
        },
    )


# --- consultation forms ---------------------------------------------------------------------------


@login_required
def form_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.view")
    rows = ConsultationForm.objects.filter(committee=c).annotate(n=Count("consultations"))
    return render(
        request,
        "consult/forms.html",
        {
            "rows": rows,
            "can_manage": can(request.user, "consult.manage", c),
            "breadcrumbs": [(c.name, None), (_("协商形式"), None)],
        },
    )


@login_required
def form_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    form = FormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_form_create(
                committee=c,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已增加协商形式。"))
            return redirect(url("forms", c))
    trail = [(c.name, None), (_("协商形式"), url("forms", c)), (_("增加协商形式"), None)]
    return form_page(request, form, _("增加协商形式"), trail)


@login_required
def form_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    obj = get_object_or_404(ConsultationForm.objects.visible_to(request.user).filter(committee=c), pk=pk)
    form = FormForm(
        request.POST or None,
        editing=True,
        initial={"name": obj.name, "order": obj.order, "active": obj.active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_form_update(
                form=obj,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"] or 0,
                active=form.cleaned_data["active"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(url("forms", c))
    title = _("编辑协商形式：%s") % obj.name
    return form_page(request, form, title, [(c.name, None), (_("协商形式"), url("forms", c)), (title, None)])


# --- the annual plan ------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.view")
    done = Consultation.objects.filter(plan_item=OuterRef("pk"))
    plans = (
        AnnualPlan.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("committee")
        .annotate(n_items=Count("items", distinct=True))
    )
    done_counts = dict(
        PlanItem.objects.filter(plan__in=plans)
        .annotate(done=Exists(done))
        .filter(done=True)
        .order_by()
        .values_list("plan_id")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "consult/plans.html",
        {
            "plans": [(p, done_counts.get(p.pk, 0)) for p in plans],
            "can_manage": can(request.user, "consult.manage", c),
            "breadcrumbs": [(c.name, None), (_("年度协商计划"), None)],
        },
    )


@login_required
def plan_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(committee=c, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立年度协商计划。"))
            return redirect(plan)
    trail = [(c.name, None), (_("年度协商计划"), url("plans", c)), (_("建立年度协商计划"), None)]
    return form_page(request, form, _("建立年度协商计划"), trail)


@login_required
def plan_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "consult.view")
    plan = get_object_or_404(AnnualPlan.objects.visible_to(request.user).filter(committee=c), pk=pk)
    can_manage = can(request.user, "consult.manage", plan)
    item_form = PlanItemForm(request.POST or None, committee=c)
    if request.method == "POST":
        require(request, "consult.manage", plan)
        if item_form.is_valid():
            try:
                services.plan_item_add(plan=plan, by=request.user, **item_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(item_form, exc)
            else:
                messages.success(request, _("已增加计划议题。"))
                return redirect(plan)
    items = list(plan.items.select_related("form").prefetch_related("consultations"))
    done = sum(1 for i in items if i.consultations.all())
    return render(
        request,
        "consult/plan.html",
        {
            "plan": plan,
            "items": [(i, list(i.consultations.all())) for i in items],
            "done": done,
            "item_form": item_form,
            "can_manage": can_manage,
            "breadcrumbs": [(c.name, None), (_("年度协商计划"), url("plans", c)), (str(plan), None)],
        },
    )
