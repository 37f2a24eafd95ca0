"""Pages of study: study groups, study sessions with their attendance, trainings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, Person, SpecialCommittee, Staff, TermMembership
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.study import io, services
from lvzhi.study.choices import AttendanceStatus, Layer, Mode
from lvzhi.study.forms import GroupForm, SessionForm, TrainingForm
from lvzhi.study.models import StudyGroup, StudySession, Training, TrainingParticipant
from lvzhi.study.selectors import with_attendance_counts

PAGE_SIZE = 50


def _url(name: str, c: Committee) -> str:
    return reverse(f"study:{name}", kwargs={"committee": c.code})


def _crumbs(
    c: Committee, label: str, name: str, *tail: tuple[str, str | None]
) -> list[tuple[str, str | None]]:
    return [(c.name, None), (label, _url(name, c)), *tail]


def _form_page(
    request: HttpRequest, form: Any, title: str, crumbs: list[tuple[str, str | None]]
) -> HttpResponse:
    return render(request, "form_page.html", {"form": form, "title": title, "breadcrumbs": crumbs})


def _pk(value: str) -> int | None:
    return int(value) if value.isdigit() else None


# 学习组 -------------------------------------------------------------------------------------------------


@login_required
def groups(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    qs = StudyGroup.objects.visible_to(request.user).filter(committee=c)
    as_of = date_param(request, "as_of")
    if as_of is not None:
        qs = qs.existing_on(as_of)
    elif request.GET.get("all") != "1":
        qs = qs.filter(active=True)
    rows = (
        qs.select_related("committee", "leader", "special_committee")
        .annotate(n_members=Count("memberships", distinct=True), n_sessions=Count("sessions", distinct=True))
        .order_by("name", "id")
    )
    return render(
        request,
        "study/groups.html",
        {
            "rows": rows,
            "as_of": as_of,
            "can_manage": can(request.user, "study.manage", c),
            "breadcrumbs": [(c.name, None), (_("学习组"), None)],
        },
    )


def _group(request: HttpRequest, c: Committee, pk: int) -> StudyGroup:
    return get_object_or_404(
        StudyGroup.objects.visible_to(request.user).filter(committee=c).select_related("leader", "committee"),
        pk=pk,
    )


@login_required
def group_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    group = _group(request, c, pk)
    members = Person.objects.filter(pk__in=group.memberships.values("person_id")).official_order()
    sessions = with_attendance_counts(group.sessions.select_related("speaker")).order_by("-held_on")[:20]
    return render(
        request,
        "study/group_detail.html",
        {
            "group": group,
            "members": members,
            "sessions": sessions,
            "can_manage": can(request.user, "study.manage", group),
            "breadcrumbs": _crumbs(c, _("学习组"), "groups", (group.name, None)),
        },
    )


@login_required
def group_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.manage")
    form = GroupForm(request.POST or None, committee=c, initial={"established_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            group = services.group_create(
                committee=c, data=data, members=list(data.pop("members")), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立学习组。"))
            return redirect(group)
    title = _("建立学习组")
    return _form_page(request, form, title, _crumbs(c, _("学习组"), "groups", (title, None)))


@login_required
def group_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    group = _group(request, c, pk)
    require(request, "study.manage", group)
    initial = {f: getattr(group, f) for f in services.GROUP_FIELDS}
    initial.update(members=list(group.memberships.values_list("person_id", flat=True)), version=group.version)
    form = GroupForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            services.group_update(
                group=group,
                data=data,
                members=list(data.pop("members")),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(group)
    title = _("编辑学习组：%s") % group.name
    return _form_page(request, form, title, _crumbs(c, _("学习组"), "groups", (title, None)))


# 学习活动 -------------------------------------------------------------------------------------------------


def filtered_sessions(request: HttpRequest, c: Committee) -> tuple[QuerySet[StudySession], dict[str, Any]]:
    """The session list's filters from the query string; values outside the choices are ignored."""
    qs = StudySession.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("layer", "group", "branch", "sc", "mode", "q")}
    if f["layer"] in Layer.values:
        qs = qs.filter(layer=f["layer"])
    if (group := _pk(f["group"])) is not None:
        qs = qs.filter(group_id=group)
    if (branch := _pk(f["branch"])) is not None:
        qs = qs.filter(branch_id=branch)
    if (sc := _pk(f["sc"])) is not None:
        qs = qs.filter(special_committee_id=sc)
    if f["mode"] in Mode.values:
        qs = qs.filter(mode=f["mode"])
    if request.GET.get("lecture") == "1":
        qs = qs.lectures()
        f["lecture"] = "1"
    if f["q"]:
        qs = qs.filter(topic__icontains=f["q"][:100])
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    if f["start"]:
        qs = qs.filter(held_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(held_on__lte=f["end"])
    return qs, f


@login_required
def sessions(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    qs, filters = filtered_sessions(request, c)
    rows = with_attendance_counts(
        qs.select_related("group", "special_committee", "branch", "speaker", "committee")
    ).order_by("-held_on", "-id")
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "study_sessions"})
        return xlsx_response(io.sessions_workbook(rows), f"{c.code}-study-sessions.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = qs.aggregate(lectures=Count("id", filter=Q(speaker__isnull=False)))
    return render(
        request,
        "study/sessions.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "lectures": counts["lectures"],
            "layers": Layer.choices,
            "modes": Mode.choices,
            "groups": StudyGroup.objects.filter(committee=c),
            "branches": PartyBranch.objects.filter(committee=c),
            "special_committees": SpecialCommittee.objects.filter(committee=c),
            "can_manage": can(request.user, "study.manage", c),
            "breadcrumbs": [(c.name, None), (_("理论学习"), None)],
        },
    )


def _session(request: HttpRequest, c: Committee, pk: int) -> StudySession:
    return get_object_or_404(
        StudySession.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("group", "special_committee", "branch", "speaker", "committee"),
        pk=pk,
    )


@login_required
def session_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.manage")
    initial: dict[str, Any] = {"held_on": timezone.localdate(), "mode": Mode.OFFLINE}
    if request.GET.get("layer") in Layer.values:
        initial["layer"] = request.GET["layer"]
    if (group := _pk(request.GET.get("group", ""))) is not None:
        initial.update(group=group, layer=Layer.GROUP)
    form = SessionForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(committee=c, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录，请登记出席情况。"))
            return redirect(session)
    title = _("记录学习活动")
    return _form_page(request, form, title, _crumbs(c, _("理论学习"), "sessions", (title, None)))


@login_required
def session_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    session = _session(request, c, pk)
    require(request, "study.manage", session)
    initial = {f: getattr(session, f) for f in services.SESSION_FIELDS}
    initial["version"] = session.version
    form = SessionForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # what was typed stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(session)
    title = _("编辑学习活动：%s") % session.topic
    return _form_page(request, form, title, _crumbs(c, _("理论学习"), "sessions", (title, None)))


def expected_people(session: StudySession, everyone: bool = False) -> list[Person]:
    """Who is expected at a session: its group's members, its branch's party members, the office staff,
    the 主席会 or the 常委会; the whole roster when asked (or when the level names no one)."""
    c, on = session.committee, session.held_on
    current = TermMembership.objects.current(c, on)
    ids: Any
    if everyone:
        ids = current.values("person_id")
    elif session.group_id:
        ids = session.group.memberships.values("person_id")  # type: ignore[union-attr]
    elif session.branch_id:
        ids = PartyMembership.objects.filter(branch_id=session.branch_id).active_on(on).values("person_id")
    elif session.special_committee_id:
        ids = current.filter(special_committee_id=session.special_committee_id).values("person_id")
    elif session.layer == Layer.OFFICE:
        ids = Staff.objects.filter(committee=c, active=True).values("person_id")
    elif session.layer == Layer.CHAIRS:
        ids = current.filter(
            position__in=[Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL]
        ).values("person_id")
    elif session.layer == Layer.STANDING:
        ids = current.exclude(position=Position.MEMBER).values("person_id")
    else:
        ids = current.values("person_id")
    return list(Person.objects.filter(committee=c, pk__in=ids).official_order())


def _marks(request: HttpRequest) -> dict[int, tuple[str, str]]:
    marks: dict[int, tuple[str, str]] = {}
    for key, value in request.POST.items():
        if key.startswith("status-") and key[7:].isdigit():
            pid = int(key[7:])
            marks[pid] = (str(value), str(request.POST.get(f"reason-{pid}", "")))
    extra = request.POST.get("extra", "")
    if extra.isdigit():
        marks.setdefault(int(extra), (AttendanceStatus.PRESENT, ""))
    return marks


@login_required
def session_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """A session with its attendance list: the expected people, each 出席 / 请假 (with reason) / 缺席."""
    c = committee_for(request, committee)
    session = _session(request, c, pk)  # readers of the committee, or the leader of its group
    may_mark = can(request.user, "study.record_attendance", session)
    if request.method == "POST":
        if not may_mark:
            raise PermissionDenied
        try:
            services.attendance_set(session=session, marks=_marks(request), by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存出席情况。"))
        return redirect(session)
    everyone = request.GET.get("roster") == "all"
    people = expected_people(session, everyone)
    marks = {a.person_id: a for a in session.attendances.select_related("person")}
    listed = {p.pk for p in people}
    roster = [(p, marks.get(p.pk)) for p in people] + [
        (a.person, a) for pid, a in marks.items() if pid not in listed
    ]
    counts = {s: sum(1 for a in marks.values() if a.status == s) for s in AttendanceStatus.values}
    return render(
        request,
        "study/session_detail.html",
        {
            "session": session,
            "roster": roster,
            "everyone": everyone,
            "counts": counts,
            "statuses": AttendanceStatus.choices,
            "may_mark": may_mark,
            "can_manage": can(request.user, "study.manage", session),
            "others": Person.objects.filter(committee=c).exclude(pk__in=listed | set(marks)).official_order()
            if may_mark
            else [],
            "breadcrumbs": _crumbs(c, _("理论学习"), "sessions", (str(session), None)),
        },
    )


# 培训 ----------------------------------------------------------------------------------------------------


def filtered_trainings(request: HttpRequest, c: Committee) -> tuple[QuerySet[Training], dict[str, Any]]:
    qs = Training.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {"q": request.GET.get("q", "")}
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"][:100]) | Q(organizer__icontains=f["q"][:100]))
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    if f["start"]:
        qs = qs.filter(start_on__gte=f["start"])
    if f["end"]:
        qs = qs.filter(start_on__lte=f["end"])
    return qs, f


@login_required
def trainings(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    qs, filters = filtered_trainings(request, c)
    rows = qs.prefetch_related(
        Prefetch(
            "participations",
            queryset=TrainingParticipant.objects.select_related("person").order_by("person__stroke_key"),
        )
    ).order_by("-start_on", "-id")
    rows_list = list(rows)
    person_times = 0
    for t in rows_list:
        t.people = [p.person for p in t.participations.all()]  # type: ignore[attr-defined]
        person_times += len(t.people)  # type: ignore[attr-defined]
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "trainings"})
        return xlsx_response(io.trainings_workbook(rows_list), f"{c.code}-trainings.xlsx")
    return render(
        request,
        "study/trainings.html",
        {
            "rows": rows_list,
            "filters": filters,
            "person_times": person_times,
            "hours": sum((t.hours for t in rows_list), start=0),
            "can_manage": can(request.user, "study.manage", c),
            "breadcrumbs": [(c.name, None), (_("培训"), None)],
        },
    )


@login_required
def training_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.manage")
    today = timezone.localdate()
    form = TrainingForm(request.POST or None, committee=c, initial={"start_on": today, "end_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            services.training_create(
                committee=c, data=data, participants=list(data.pop("participants")), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记培训。"))
            return redirect(_url("trainings", c))
    title = _("登记培训")
    return _form_page(request, form, title, _crumbs(c, _("培训"), "trainings", (title, None)))


@login_required
def training_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    training = get_object_or_404(Training.objects.visible_to(request.user).filter(committee=c), pk=pk)
    require(request, "study.manage", training)
    initial = {f: getattr(training, f) for f in services.TRAINING_FIELDS}
    initial.update(
        participants=list(training.participations.values_list("person_id", flat=True)),
        version=training.version,
    )
    form = TrainingForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            services.training_update(
                training=training,
                data=data,
                participants=list(data.pop("participants")),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_url("trainings", c))
    title = _("编辑培训：%s") % training.title
    return _form_page(request, form, title, _crumbs(c, _("培训"), "trainings", (title, None)))
