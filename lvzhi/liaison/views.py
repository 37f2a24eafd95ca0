"""Pages of liaison: programmes and key projects, a project's history, leaders' assignments, the leaders
list and a leader's own page (我的包抓项目)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.liaison import io, services
from lvzhi.liaison.choices import ProblemStatus, Stage
from lvzhi.liaison.forms import AssignmentForm, EndAssignmentForm, ProgrammeForm, ProjectForm
from lvzhi.liaison.models import (
    KeyProject,
    LeaderAssignment,
    Problem,
    Programme,
    SiteVisit,
    VisitLeader,
)
from lvzhi.org.models import Committee, Person

FAR_PAST, FAR_FUTURE = date(1900, 1, 1), date(2999, 12, 31)


def url(name: str, c: Committee, **kwargs: Any) -> str:
    return reverse(f"liaison:{name}", kwargs={"committee": c.code, **kwargs})


def crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("重点项目"), url("projects", c)), *tail]


def form_page(
    request: HttpRequest, form: Any, title: str, trail: list[tuple[str, str | None]]
) -> HttpResponse:
    return render(request, "form_page.html", {"form": form, "title": title, "breadcrumbs": trail})


def pk_param(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def period_of(request: HttpRequest) -> tuple[date | None, date | None]:
    return date_param(request, "from"), date_param(request, "to")


# 项目计划 -------------------------------------------------------------------------------------------------


@login_required
def programme_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "liaison.manage")
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_create(committee=c, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立项目计划。"))
            return redirect(url("projects", c))
    title = _("新建项目计划")
    return form_page(request, form, title, crumbs(c, (title, None)))


@login_required
def programme_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "liaison.view")
    programme = get_object_or_404(Programme.objects.visible_to(request.user).filter(committee=c), pk=pk)
    require(request, "liaison.manage", programme)
    initial = {f: getattr(programme, f) for f in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(url("projects", c))
    title = _("编辑项目计划：%s") % programme
    return form_page(request, form, title, crumbs(c, (title, None)))


# 重点项目 -------------------------------------------------------------------------------------------------


def filtered_projects(request: HttpRequest, c: Committee) -> tuple[QuerySet[KeyProject], dict[str, Any]]:
    """The project list's filters; ``from``/``to`` keep the projects in liaison at some time in between."""
    qs = KeyProject.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("programme", "stage", "leader", "q")}
    if (programme := pk_param(f["programme"])) is not None:
        qs = qs.filter(programme_id=programme)
    if f["stage"] in Stage.values:
        qs = qs.filter(stage=f["stage"])
    if (leader := pk_param(f["leader"])) is not None:
        qs = qs.filter(assignments__person_id=leader).distinct()
    if f["q"]:
        q = f["q"][:100]
        qs = qs.filter(Q(name__icontains=q) | Q(owner_unit__icontains=q) | Q(place__icontains=q))
    f["start"], f["end"] = period_of(request)
    if f["start"] or f["end"]:
        qs = qs.in_liaison_within(f["start"] or FAR_PAST, f["end"] or FAR_FUTURE)
    return qs, f


def with_counts(projects: QuerySet[KeyProject]) -> QuerySet[KeyProject]:
    today = timezone.localdate()
    return projects.select_related("programme").annotate(
        n_visits=Count("visits", distinct=True),
        n_problems=Count("problems", distinct=True),
        n_open=Count("problems", filter=~Q(problems__status=ProblemStatus.RESOLVED), distinct=True),
        n_overdue=Count(
            "problems",
            filter=~Q(problems__status=ProblemStatus.RESOLVED) & Q(problems__deadline__lt=today),
            distinct=True,
        ),
    )


def _assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=LeaderAssignment.objects.select_related("person").order_by(
            "started_on", "person__stroke_key"
        ),
    )


@login_required
def projects(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "liaison.view")
    qs, filters = filtered_projects(request, c)
    rows = list(
        with_counts(qs)
        .prefetch_related(_assignments_prefetch())
        .order_by("programme__year", "programme_id", "name")
    )
    today = timezone.localdate()
    me = request.user.person_id  # type: ignore[union-attr]
    for p in rows:
        p.current_leaders = [a.person for a in p.assignments.all() if a.in_force_on(today)]  # type: ignore[attr-defined]
        p.mine = any(x.pk == me for x in p.current_leaders)  # type: ignore[attr-defined]
    rows.sort(key=lambda p: not p.mine)  # type: ignore[attr-defined]  # a leader's own projects first
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "liaison_projects"})
        return xlsx_response(io.projects_workbook(rows), f"{c.code}-key-projects.xlsx")
    programmes = Programme.objects.filter(committee=c).annotate(n=Count("projects"))
    return render(
        request,
        "liaison/projects.html",
        {
            "rows": rows,
            "filters": filters,
            "investment": sum((p.investment or 0 for p in rows), start=0),
            "programmes": programmes,
            "stages": Stage.choices,
            "leaders": Person.objects.filter(
                pk__in=LeaderAssignment.objects.filter(committee=c).values("person_id")
            ).official_order(),
            "can_manage": can(request.user, "liaison.manage", c),
            "breadcrumbs": [(c.name, None), (_("重点项目"), None)],
        },
    )


def get_project(request: HttpRequest, c: Committee, pk: int) -> KeyProject:
    return get_object_or_404(
        KeyProject.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("programme", "committee"),
        pk=pk,
    )


@dataclass
class Event:
    """One line of a project's history: a leader's assignment, a visit, a problem raised or resolved."""

    on: date
    kind: str
    text: str
    url: str = ""
    badge: str = ""
    overdue: bool = False


def project_history(project: KeyProject, assignments: list[LeaderAssignment], today: date) -> list[Event]:
    events: list[Event] = []
    for a in assignments:
        events.append(Event(a.started_on, _("联系包抓"), _("%s 开始联系包抓本项目") % a.person.name))
        if a.ended_on:
            events.append(Event(a.ended_on, _("调整包抓"), _("%s 结束联系包抓本项目") % a.person.name))
    visits = project.visits.prefetch_related(
        Prefetch("attendances", queryset=VisitLeader.objects.select_related("person"))
    )
    for v in visits:
        names = "、".join(x.person.name for x in v.attendances.all())
        events.append(Event(v.visited_on, _("现场督导"), f"{names}：{v.purpose}", v.get_absolute_url()))
    for p in project.problems.all():
        events.append(
            Event(
                p.raised_on,
                _("提出问题"),
                str(p),
                p.get_absolute_url(),
                str(p.get_status_display()),
                p.is_overdue(today),
            )
        )
        if p.resolved_on:
            events.append(Event(p.resolved_on, _("问题解决"), f"{p}：{p.outcome}", p.get_absolute_url()))
    return sorted(events, key=lambda e: e.on, reverse=True)


@login_required
def project_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """A project with its leaders, and its visits and problems in one history, newest first."""
    c = committee_for(request, committee)
    project = get_project(request, c, pk)  # readers of the committee, or a leader of the project
    today = timezone.localdate()
    assignments = list(project.assignments.select_related("person").order_by("started_on", "id"))
    can_manage = can(request.user, "liaison.manage", project)
    problems = project.problems.all()
    return render(
        request,
        "liaison/project_detail.html",
        {
            "project": project,
            "assignments": assignments,
            "history": project_history(project, assignments, today),
            "counts": problems.aggregate(
                n=Count("id"),
                open=Count("id", filter=~Q(status=ProblemStatus.RESOLVED)),
                overdue=Count("id", filter=Q(pk__in=problems.overdue_on(today).values("pk"))),
            ),
            "n_visits": project.visits.count(),
            "can_manage": can_manage,
            "can_record": can(request.user, "liaison.record", project),
            "assignment_form": AssignmentForm(committee=c, on=today, initial={"started_on": today})
            if can_manage
            else None,
            "today": today,
            "breadcrumbs": crumbs(c, (project.name, None)),
        },
    )


@login_required
def project_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "liaison.manage")
    initial: dict[str, Any] = {"stage": Stage.PREPARING}
    if (programme := pk_param(request.GET.get("programme", ""))) is not None:
        initial["programme"] = programme
    form = ProjectForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(committee=c, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记重点项目，请确定包抓领导。"))
            return redirect(project)
    title = _("登记重点项目")
    return form_page(request, form, title, crumbs(c, (title, None)))


@login_required
def project_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    project = get_project(request, c, pk)
    require(request, "liaison.manage", project)
    initial = {f: getattr(project, f) for f in services.PROJECT_FIELDS}
    initial["version"] = project.version
    form = ProjectForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(project)
    title = _("编辑重点项目：%s") % project.name
    return form_page(
        request, form, title, crumbs(c, (project.name, project.get_absolute_url()), (title, None))
    )


# 联系包抓 -------------------------------------------------------------------------------------------------


@login_required
def assignment_create(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    project = get_project(request, c, pk)
    require(request, "liaison.manage", project)
    today = timezone.localdate()
    form = AssignmentForm(request.POST or None, committee=c, on=today, initial={"started_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(project=project, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已确定包抓领导。"))
            return redirect(project)
    title = _("确定包抓领导：%s") % project.name
    return form_page(
        request, form, title, crumbs(c, (project.name, project.get_absolute_url()), (title, None))
    )


@login_required
def assignment_end(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    assignment = get_object_or_404(
        LeaderAssignment.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("project", "person"),
        pk=pk,
    )
    require(request, "liaison.manage", assignment)
    project = assignment.project
    form = EndAssignmentForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                assignment=assignment, ended_on=form.cleaned_data["ended_on"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已结束包抓。"))
            return redirect(project)
    title = _("结束包抓：%s") % assignment
    return form_page(
        request, form, title, crumbs(c, (project.name, project.get_absolute_url()), (title, None))
    )


# 包抓领导 -------------------------------------------------------------------------------------------------


@dataclass
class LeaderRow:
    person: Person
    projects: list[KeyProject]
    visits: int


@login_required
def leaders(request: HttpRequest, committee: str) -> HttpResponse:
    """The leaders with an assignment in force in the period (all, without one), their projects then and
    the visits they went on in it: the evidence of ``liaison_leaders``."""
    c = committee_for(request, committee, "liaison.view")
    start, end = period_of(request)
    assignments = (
        LeaderAssignment.objects.visible_to(request.user)
        .filter(committee=c)
        .in_force_within(start or FAR_PAST, end or FAR_FUTURE)
        .select_related("person", "project")
        .order_by("person__stroke_key", "person_id", "project__name")
    )
    visits = VisitLeader.objects.filter(committee=c)
    if start:
        visits = visits.filter(visit__visited_on__gte=start)
    if end:
        visits = visits.filter(visit__visited_on__lte=end)
    visit_counts = dict(visits.order_by().values_list("person_id").annotate(n=Count("id")))
    rows: dict[int, LeaderRow] = {}
    for a in assignments:
        row = rows.setdefault(a.person_id, LeaderRow(a.person, [], visit_counts.get(a.person_id, 0)))
        if a.project not in row.projects:
            row.projects.append(a.project)
    return render(
        request,
        "liaison/leaders.html",
        {
            "rows": list(rows.values()),
            "filters": {"start": start, "end": end},
            "breadcrumbs": crumbs(c, (_("包抓领导"), None)),
        },
    )


@login_required
def mine(request: HttpRequest, committee: str) -> HttpResponse:
    """我的包抓项目: the projects a leader takes on, their own visits, and the open problems on their
    projects (overdue first)."""
    c = committee_for(request, committee, "liaison.mine")
    person_id: int = request.user.person_id  # type: ignore[union-attr,assignment]
    today = timezone.localdate()
    my_assignments = LeaderAssignment.objects.filter(committee=c, person_id=person_id)
    projects_qs = with_counts(
        KeyProject.objects.filter(committee=c, pk__in=my_assignments.values("project_id"))
    )
    current = set(my_assignments.in_force_on(today).values_list("project_id", flat=True))
    rows = sorted(projects_qs, key=lambda p: (p.pk not in current, p.name))
    for p in rows:
        p.current = p.pk in current  # type: ignore[attr-defined]
    open_problems = list(
        Problem.objects.filter(committee=c, project_id__in=current)
        .open()
        .select_related("project", "unit")
        .order_by("deadline", "raised_on")
    )
    for problem in open_problems:
        problem.overdue = problem.is_overdue(today)  # type: ignore[attr-defined]
    open_problems.sort(key=lambda x: not x.overdue)  # type: ignore[attr-defined]
    my_visits = (
        SiteVisit.objects.filter(committee=c, attendances__person_id=person_id)
        .select_related("project")
        .order_by("-visited_on", "-id")[:20]
    )
    return render(
        request,
        "liaison/mine.html",
        {
            "rows": rows,
            "open_problems": open_problems,
            "visits": my_visits,
            "n_visits": VisitLeader.objects.filter(committee=c, person_id=person_id).count(),
            "breadcrumbs": [(c.name, None), (_("我的包抓项目"), None)],
        },
    )
