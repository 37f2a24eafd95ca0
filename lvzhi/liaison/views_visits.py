"""Pages of liaison's site visits and the problems raised on them, with each problem's moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.attachments import attachment_add, attachments_of
from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.liaison import io, services
from lvzhi.liaison.choices import ProblemStatus
from lvzhi.liaison.forms import ProblemForm, ResolveForm, StartForm, VisitForm
from lvzhi.liaison.models import KeyProject, Problem, ProblemQuerySet, SiteVisit, VisitLeader
from lvzhi.liaison.views import crumbs, form_page, get_project, period_of, pk_param
from lvzhi.org.models import Committee, Person, Unit

PAGE_SIZE = 50


# 现场督导 -------------------------------------------------------------------------------------------------


def _leaders_prefetch() -> Prefetch:
    return Prefetch(
        "attendances", queryset=VisitLeader.objects.select_related("person").order_by("person__stroke_key")
    )


def filtered_visits(request: HttpRequest, c: Committee) -> tuple[QuerySet[SiteVisit], dict[str, Any]]:
    qs = SiteVisit.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("project", "leader", "q")}
    if (project := pk_param(f["project"])) is not None:
        qs = qs.filter(project_id=project)
    if (leader := pk_param(f["leader"])) is not None:
        qs = qs.filter(pk__in=VisitLeader.objects.filter(person_id=leader).values("visit_id"))
    if f["q"]:
        qs = qs.filter(Q(purpose__icontains=f["q"][:100]) | Q(findings__icontains=f["q"][:100]))
    f["start"], f["end"] = period_of(request)
    if f["start"]:
        qs = qs.filter(visited_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(visited_on__lte=f["end"])
    return qs, f


@login_required
def visits(request: HttpRequest, committee: str) -> HttpResponse:
    """Site visits (filters from/to, project, leader): the evidence of ``site_visits``."""
    c = committee_for(request, committee, "liaison.view")
    qs, filters = filtered_visits(request, c)
    rows = (
        qs.select_related("project", "committee")
        .prefetch_related(_leaders_prefetch())
        .annotate(n_problems=Count("problems"))
        .order_by("-visited_on", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison/visits.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "person_times": VisitLeader.objects.filter(visit__in=qs).count(),
            "projects": KeyProject.objects.filter(committee=c).order_by("name"),
            "leaders": Person.objects.filter(
                pk__in=VisitLeader.objects.filter(committee=c).values("person_id")
            ).official_order(),
            "breadcrumbs": crumbs(c, (_("现场督导"), None)),
        },
    )


def _visit(request: HttpRequest, c: Committee, pk: int) -> SiteVisit:
    return get_object_or_404(
        SiteVisit.objects.visible_to(request.user).filter(committee=c).select_related("project", "committee"),
        pk=pk,
    )


@login_required
def visit_create(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """Record a visit to a project (staff, or a leader of the project, who is ticked as going)."""
    c = committee_for(request, committee)
    project = get_project(request, c, pk)
    require(request, "liaison.record", project)
    today = timezone.localdate()
    me = request.user.person_id  # type: ignore[union-attr]
    leaders = list(project.assignments.in_force_on(today).values_list("person_id", flat=True))
    initial = {"visited_on": today, "leaders": [me] if me in leaders else leaders}
    form = VisitForm(request.POST or None, committee=c, on=today, also=leaders, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(
                project=project,
                data=form.service_data(),
                leaders=list(form.cleaned_data["leaders"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录现场督导。发现问题请点击「登记问题」。"))
            return redirect(visit)
    title = _("记录现场督导：%s") % project.name
    return form_page(
        request, form, title, crumbs(c, (project.name, project.get_absolute_url()), (title, None))
    )


@login_required
def visit_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    visit = _visit(request, c, pk)
    may_record = can(request.user, "liaison.record", visit)
    if request.method == "POST":
        if not may_record or request.POST.get("action") != "attach":
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要上传的文件。"))
        else:
            try:
                attachment_add(obj=visit, upload=upload, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已上传附件。"))
        return redirect(visit)
    today = timezone.localdate()
    problems = list(visit.problems.select_related("unit").order_by("raised_on", "id"))
    for p in problems:
        p.overdue = p.is_overdue(today)  # type: ignore[attr-defined]
    project = visit.project
    return render(
        request,
        "liaison/visit_detail.html",
        {
            "visit": visit,
            "leaders": [
                a.person for a in visit.attendances.select_related("person").order_by("person__stroke_key")
            ],
            "problems": problems,
            "attachments": attachments_of(visit),
            "can_attach": may_record,
            "may_record": may_record,
            "breadcrumbs": crumbs(
                c, (project.name, project.get_absolute_url()), (str(visit.visited_on), None)
            ),
        },
    )


@login_required
def visit_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    visit = _visit(request, c, pk)
    require(request, "liaison.record", visit)
    current = list(visit.attendances.values_list("person_id", flat=True))
    initial = {f: getattr(visit, f) for f in services.VISIT_FIELDS}
    initial.update(leaders=current, version=visit.version)
    form = VisitForm(request.POST or None, committee=c, on=visit.visited_on, also=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(
                visit=visit,
                data=form.service_data(),
                leaders=list(form.cleaned_data["leaders"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(visit)
    title = _("编辑现场督导：%s") % visit
    return form_page(request, form, title, crumbs(c, (str(visit), visit.get_absolute_url()), (title, None)))


# 协调问题 -------------------------------------------------------------------------------------------------


def filtered_problems(request: HttpRequest, c: Committee) -> tuple[ProblemQuerySet, dict[str, Any]]:
    """The problem list's filters. ``overdue=1`` keeps those overdue on ``on`` (default today)."""
    qs = Problem.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("status", "project", "unit", "q", "overdue")}
    if f["status"] in ProblemStatus.values:
        qs = qs.filter(status=f["status"])
    if (project := pk_param(f["project"])) is not None:
        qs = qs.filter(project_id=project)
    if (unit := pk_param(f["unit"])) is not None:
        qs = qs.filter(unit_id=unit)
    if f["q"]:
        qs = qs.filter(Q(description__icontains=f["q"][:100]) | Q(outcome__icontains=f["q"][:100]))
    f["on"] = date_param(request, "on")
    if f["overdue"] == "1":
        qs = qs.overdue_on(f["on"] or timezone.localdate())
    f["start"], f["end"] = period_of(request)
    if f["start"]:
        qs = qs.filter(raised_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(raised_on__lte=f["end"])
    return qs, f


@login_required
def problems(request: HttpRequest, committee: str) -> HttpResponse:
    """Problems raised (from/to on the date raised), overdue flagged: the evidence of
    ``problems_coordinated``."""
    c = committee_for(request, committee, "liaison.view")
    qs, filters = filtered_problems(request, c)
    rows = qs.select_related("project", "unit", "visit", "committee").order_by("-raised_on", "-id")
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "liaison_problems"})
        return xlsx_response(io.problems_workbook(rows, today), f"{c.code}-liaison-problems.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for p in page.object_list:
        p.overdue = p.is_overdue(today)
    end = filters["end"]
    counts = qs.aggregate(
        resolved=Count("id", filter=Q(resolved_on__lte=end) if end else Q(status=ProblemStatus.RESOLVED)),
        overdue=Count("id", filter=Q(pk__in=qs.overdue_on(today).values("pk"))),
    )
    return render(
        request,
        "liaison/problems.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "counts": counts,
            "statuses": ProblemStatus.choices,
            "projects": KeyProject.objects.filter(committee=c).order_by("name"),
            "units": Unit.objects.filter(committee=c),
            "breadcrumbs": crumbs(c, (_("协调问题"), None)),
        },
    )


def _problem(request: HttpRequest, c: Committee, pk: int) -> Problem:
    return get_object_or_404(
        Problem.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("project", "visit", "unit", "committee"),
        pk=pk,
    )


@login_required
def problem_create(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """Raise a problem found on a visit."""
    c = committee_for(request, committee)
    visit = _visit(request, c, pk)
    require(request, "liaison.record", visit)
    form = ProblemForm(request.POST or None, committee=c, initial={"raised_on": visit.visited_on})
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_raise(visit=visit, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记问题。"))
            return redirect(problem)
    title = _("登记问题：%s") % visit
    return form_page(request, form, title, crumbs(c, (str(visit), visit.get_absolute_url()), (title, None)))


@login_required
def problem_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    problem = _problem(request, c, pk)
    require(request, "liaison.record", problem)
    initial = {f: getattr(problem, f) for f in services.PROBLEM_FIELDS}
    initial["version"] = problem.version
    form = ProblemForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(
                problem=problem,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(problem)
    title = _("编辑问题")
    return form_page(
        request, form, title, crumbs(c, (str(problem), problem.get_absolute_url()), (title, None))
    )


@login_required
def problem_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """A problem with its timeline and the forms of its next moves (开始协调, 协调解决)."""
    c = committee_for(request, committee)
    problem = _problem(request, c, pk)
    may_move = can(request.user, "liaison.record", problem)
    today = timezone.localdate()
    start_form = StartForm(prefix="start", initial={"on": today})
    resolve_form = ResolveForm(prefix="resolve", initial={"resolved_on": today})
    if request.method == "POST":
        if not may_move:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "start":
                start_form = StartForm(request.POST, prefix="start")
                if start_form.is_valid():
                    services.problem_start(problem=problem, **start_form.cleaned_data, by=request.user)
                    messages.success(request, _("已开始协调。"))
                    return redirect(problem)
            elif action == "resolve":
                resolve_form = ResolveForm(request.POST, prefix="resolve")
                if resolve_form.is_valid():
                    services.problem_resolve(problem=problem, **resolve_form.cleaned_data, by=request.user)
                    messages.success(request, _("已解决，已记入协调过程。"))
                    return redirect(problem)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            add_service_errors(start_form if action == "start" else resolve_form, exc)
        problem.refresh_from_db()
    return render(
        request,
        "liaison/problem_detail.html",
        {
            "problem": problem,
            "overdue": problem.is_overdue(today),
            "steps": problem.steps.order_by("at", "id"),
            "may_move": may_move and problem.status != ProblemStatus.RESOLVED,
            "may_edit": may_move,
            "can_start": problem.status == ProblemStatus.PENDING,
            "start_form": start_form,
            "resolve_form": resolve_form,
            "breadcrumbs": crumbs(
                c,
                (problem.project.name, problem.project.get_absolute_url()),
                (_("协调问题"), None),
            ),
        },
    )
