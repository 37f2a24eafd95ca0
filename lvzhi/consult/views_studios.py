"""Pages of the 委员工作室: the list, one studio (members, 五上墙, its log and the 微协商 it hosts), the forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.consult import services
from lvzhi.consult.choices import CHECKLIST
from lvzhi.consult.forms import StudioForm, StudioLogForm
from lvzhi.consult.models import Studio
from lvzhi.consult.views import form_page, url
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, require
from lvzhi.org.models import Committee


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("委员工作室"), url("studios", c)), *tail]


@login_required
def studio_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.view")
    studios = (
        Studio.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("convenor", "committee")
        .annotate(
            n_members=Count("members", distinct=True),
            n_consultations=Count("consultations", distinct=True),
            n_logs=Count("logs", distinct=True),
        )
    )
    return render(
        request,
        "consult/studios.html",
        {
            "studios": studios,
            "checklist": CHECKLIST,
            "can_manage": can(request.user, "consult.manage", c),
            "breadcrumbs": [(c.name, None), (_("委员工作室"), None)],
        },
    )


def _studio(request: HttpRequest, c: Committee, pk: int) -> Studio:
    return get_object_or_404(
        Studio.objects.visible_to(request.user).filter(committee=c).select_related("convenor", "committee"),
        pk=pk,
    )


@login_required
def studio_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    form = StudioForm(request.POST or None, committee=c)
    if request.method == "POST" and form.is_valid():
        try:
            studio = services.studio_create(
                committee=c,
                data=form.data_for_service(),
                members=form.cleaned_data["members"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立委员工作室。"))
            return redirect(studio)
    return form_page(request, form, _("建立委员工作室"), _crumbs(c, (_("建立委员工作室"), None)))


@login_required
def studio_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    studio = _studio(request, c, pk)
    require(request, "consult.manage", studio)
    initial = {
        f: getattr(studio, f)
        for f in ("kind", "name", "address", "established_on", "convenor", "checklist", "version")
    }
    initial["members"] = list(studio.members.all())
    form = StudioForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.studio_update(
                studio=studio,
                data=form.data_for_service(),
                members=form.cleaned_data["members"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(studio)
    title = _("编辑：%s") % studio.name
    return form_page(request, form, title, _crumbs(c, (title, None)))


@login_required
def studio_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "consult.view")
    studio = _studio(request, c, pk)
    log_form = StudioLogForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        require(request, "consult.manage", studio)
        if log_form.is_valid():
            try:
                services.studio_log_add(studio=studio, by=request.user, **log_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(log_form, exc)
            else:
                messages.success(request, _("已记入工作日志。"))
                return redirect(studio)
    return render(
        request,
        "consult/studio.html",
        {
            "studio": studio,
            "members": studio.members.all(),
            "logs": studio.logs.all(),
            "consultations": studio.consultations.select_related("form").annotate(n=Count("suggestions")),
            "log_form": log_form,
            "can_manage": can(request.user, "consult.manage", studio),
            "breadcrumbs": _crumbs(c, (studio.name, None)),
        },
    )
