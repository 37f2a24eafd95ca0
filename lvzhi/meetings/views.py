"""Pages of the committee's meetings: the list, a meeting with its invitees, attendance and leave, the
forms, 我的会议, and the printables (会议通知, 签到表, 通讯录)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.attachments import attachment_add, attachments_of
from lvzhi.core.audit import audit_log
from lvzhi.core.documents import DOCX
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.meetings import io, services
from lvzhi.meetings.choices import AttendanceStatus, InviteeRole, LeaveStatus, MeetingStatus, MeetingType
from lvzhi.meetings.forms import LeaveForm, MeetingForm
from lvzhi.meetings.models import Invitee, LeaveRequest, Meeting
from lvzhi.meetings.selectors import delivery_summary, directory_rows, with_counts
from lvzhi.org.models import Committee, Person, TermMembership

PAGE_SIZE = 50


def _url(name: str, c: Committee, **kwargs: Any) -> str:
    return reverse(f"meetings:{name}", kwargs={"committee": c.code, **kwargs})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("政协会议"), _url("list", c)), *tail]


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _meeting(request: HttpRequest, c: Committee, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("committee", "special_committee"),
        pk=pk,
    )


# 会议列表 ------------------------------------------------------------------------------------------------


def filtered_meetings(request: HttpRequest, c: Committee) -> tuple[QuerySet[Meeting], dict[str, Any]]:
    """The list's filters from the query string; values outside the choices are ignored."""
    qs = Meeting.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {k: request.GET.get(k, "") for k in ("type", "status", "year", "q")}
    if f["type"] in MeetingType.values:
        qs = qs.filter(type=f["type"])
    if f["status"] in MeetingStatus.values:
        qs = qs.filter(status=f["status"])
    if f["year"].isdigit() and len(f["year"]) == 4:
        qs = qs.filter(starts_at__year=int(f["year"]))
    if f["q"]:
        qs = qs.filter(title__icontains=f["q"][:100])
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    if f["start"]:
        qs = qs.filter(starts_at__date__gte=f["start"])
    if f["end"]:
        qs = qs.filter(starts_at__date__lte=f["end"])
    return qs, f


@login_required
def meeting_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "meetings.view")
    qs, filters = filtered_meetings(request, c)
    rows = with_counts(qs.select_related("special_committee", "committee")).order_by("-starts_at", "-id")
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "committee_meetings"})
        return xlsx_response(io.meetings_workbook(rows), f"{c.code}-meetings.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    years = sorted(
        {d.year for d in Meeting.objects.filter(committee=c).dates("starts_at", "year")}, reverse=True
    )
    return render(
        request,
        "meetings/list.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "types": MeetingType.choices,
            "statuses": MeetingStatus.choices,
            "years": years,
            "can_manage": can(request.user, "meetings.manage", c),
            "breadcrumbs": [(c.name, None), (_("政协会议"), None)],
        },
    )


# 新建与编辑 -------------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, form: Any, title: str, c: Committee) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))},
    )


@login_required
def meeting_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "meetings.manage")
    initial: dict[str, Any] = {}
    if request.GET.get("type") in MeetingType.values:
        initial["type"] = request.GET["type"]
    form = MeetingForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                committee=c, data=form.service_data(), agenda=form.agenda_items(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立会议，参会人员已按会议类型列出，可增减后发送通知。"))
            return redirect(meeting)
    return _form_page(request, form, _("新建会议"), c)


@login_required
def meeting_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    require(request, "meetings.manage", meeting)
    initial = {f: getattr(meeting, f) for f in services.MEETING_FIELDS}
    initial.update(
        starts_at=timezone.localtime(meeting.starts_at),
        ends_at=timezone.localtime(meeting.ends_at),
        agenda="\n".join(meeting.agenda.values_list("text", flat=True)),
        version=meeting.version,
    )
    form = MeetingForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                data=form.service_data(),
                agenda=form.agenda_items(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # what was typed stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(meeting)
    return _form_page(request, form, _("编辑会议：%s") % meeting.title, c)


# 会议详情 ------------------------------------------------------------------------------------------------


def _invitee_rows(meeting: Meeting) -> list[tuple[Invitee, LeaveRequest | None]]:
    leaves = {lv.person_id: lv for lv in meeting.leaves.all()}
    invitees = meeting.invitees.select_related("person").order_by("role", "person__stroke_key", "person_id")
    return [(i, leaves.get(i.person_id)) for i in invitees]


@login_required
def meeting_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """A meeting: its agenda; for the office and leaders the invitees with attendance and leave; for an
    invitee their own invitation and leave; the moves the user may make."""
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)  # readers of the committee, or an invitee
    require(request, "meetings.see_invitation", meeting)
    user = request.user
    person_id = getattr(user, "person_id", None)
    reads_all = can(user, "meetings.view", meeting)
    rows = _invitee_rows(meeting) if reads_all else []
    mine = meeting.invitees.filter(person_id=person_id).first() if person_id else None
    my_leave = meeting.leaves.filter(person_id=person_id).first() if person_id else None
    may_decide = [lv for _i, lv in rows if lv is not None and lv.status == LeaveStatus.PENDING]
    may_decide = [lv for lv in may_decide if can(user, "meetings.decide_leave", lv)]
    manage = can(user, "meetings.manage", meeting)
    listed = {i.person_id for i, _lv in rows}
    counts = {
        "invitees": len(rows),
        "present": sum(1 for i, _lv in rows if i.attendance == AttendanceStatus.PRESENT),
        "absent": sum(1 for i, _lv in rows if i.attendance == AttendanceStatus.ABSENT),
        "leave": sum(1 for _i, lv in rows if lv is not None and lv.status == LeaveStatus.APPROVED),
    }
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": list(meeting.agenda.all()),
            "rows": rows,
            "counts": counts,
            "reads_all": reads_all,
            "mine": mine,
            "my_leave": my_leave,
            "may_ask_leave": mine is not None
            and not meeting.has_started()
            and (my_leave is None or my_leave.status == LeaveStatus.REJECTED),
            "may_reply": mine is not None and not meeting.has_started(),
            "deliveries": delivery_summary(meeting) if manage else None,
            "leave_form": LeaveForm(),
            "decide": {lv.pk for lv in may_decide},
            "can_manage": manage,
            "may_mark": can(user, "meetings.mark_attendance", meeting),
            "statuses": AttendanceStatus.choices,
            "roles": InviteeRole.choices,
            "others": Person.objects.filter(committee=c).exclude(pk__in=listed).official_order()
            if manage
            else [],
            "attachments": attachments_of(meeting),
            "can_attach": manage,
            "breadcrumbs": _crumbs(c, (meeting.title, None)),
        },
    )


def _post_meeting(request: HttpRequest, committee: str, pk: int, action: str) -> tuple[Committee, Meeting]:
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    require(request, action, meeting)
    return c, meeting


def _run(request: HttpRequest, done: str, call: Any) -> None:
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


@login_required
@require_POST
def invitees_change(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """Add a person (应出席 or 列席) or take one off the list."""
    _c, meeting = _post_meeting(request, committee, pk, "meetings.manage")
    person = get_object_or_404(
        Person.objects.filter(committee=meeting.committee), pk=request.POST.get("person") or 0
    )
    if request.POST.get("action") == "remove":
        _run(
            request,
            _("已移出参会名单。"),
            lambda: services.invitee_remove(meeting=meeting, person=person, by=request.user),
        )
    else:
        role = request.POST.get("role") or InviteeRole.MEMBER
        _run(
            request,
            _("已加入参会名单。"),
            lambda: services.invitee_add(meeting=meeting, person=person, role=role, by=request.user),
        )
    return redirect(meeting)


@login_required
@require_POST
def notify_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    _c, meeting = _post_meeting(request, committee, pk, "meetings.manage")
    try:
        sent = services.meeting_notify(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已发送会议通知（新通知 %d 人）。") % sent)
    return redirect(meeting)


@login_required
@require_POST
def held_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    _c, meeting = _post_meeting(request, committee, pk, "meetings.manage")
    _run(request, _("已标记为已召开。"), lambda: services.meeting_mark_held(meeting=meeting, by=request.user))
    return redirect(meeting)


@login_required
@require_POST
def attendance_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """The office's list: each invitee 出席 / 缺席 / 未登记."""
    _c, meeting = _post_meeting(request, committee, pk, "meetings.mark_attendance")
    marks = {
        int(key[7:]): str(value)
        for key, value in request.POST.items()
        if key.startswith("status-") and key[7:].isdigit()
    }
    try:
        services.attendance_set_many(meeting=meeting, marks=marks, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已保存出席情况。"))
    return redirect(meeting)


@login_required
@require_POST
def minutes_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """The minutes' text, or (action=attach) a file such as the signed original."""
    _c, meeting = _post_meeting(request, committee, pk, "meetings.manage")
    if request.POST.get("action") == "attach":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要上传的文件。"))
        else:
            _run(
                request,
                _("已上传附件。"),
                lambda: attachment_add(obj=meeting, upload=upload, by=request.user),
            )
    else:
        _run(
            request,
            _("已保存会议纪要。"),
            lambda: services.minutes_save(
                meeting=meeting, minutes=request.POST.get("minutes", ""), by=request.user
            ),
        )
    return redirect(meeting)


@login_required
@require_POST
def leave_request_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """An invitee asks for leave for themselves (the office may name an invitee: 电话/书面请假)."""
    _c, meeting = _post_meeting(request, committee, pk, "meetings.request_leave")
    person_id = request.POST.get("person", "")
    if can(request.user, "meetings.manage", meeting) and person_id.isdigit():
        person = get_object_or_404(Person.objects.filter(committee=meeting.committee), pk=int(person_id))
    else:
        person = get_object_or_404(Person, pk=getattr(request.user, "person_id", None) or 0)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写请假事由。"))
        return redirect(meeting)
    _run(
        request,
        _("已提交请假申请，请等待审批。"),
        lambda: services.leave_request(
            meeting=meeting, person=person, reason=form.cleaned_data["reason"], by=request.user
        ),
    )
    return redirect(meeting)


@login_required
@require_POST
def leave_decide_view(request: HttpRequest, committee: str, pk: int, leave: int) -> HttpResponse:
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    if not can(request.user, "meetings.view", meeting):
        raise PermissionDenied
    item = get_object_or_404(LeaveRequest.objects.filter(meeting=meeting).select_related("meeting"), pk=leave)
    require(request, "meetings.decide_leave", item)
    note = request.POST.get("note", "")
    if request.POST.get("decision") == "approve":
        _run(
            request, _("已批准请假。"), lambda: services.leave_approve(leave=item, note=note, by=request.user)
        )
    else:
        _run(
            request,
            _("已不批准请假。"),
            lambda: services.leave_reject(leave=item, note=note, by=request.user),
        )
    if request.POST.get("next") == "mine":
        return redirect(_url("mine", c))
    return redirect(meeting)


# 我的会议 ------------------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest, committee: str) -> HttpResponse:
    """The member's own meetings: notices of those ahead, their leave requests and the answers; and the
    leave requests waiting for this user's decision."""
    c = committee_for(request, committee, "meetings.mine")
    person_id = int(getattr(request.user, "person_id", None) or 0)
    invited = list(
        Invitee.objects.filter(committee=c, person_id=person_id)
        .exclude(meeting__status=MeetingStatus.DRAFT)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )
    leaves = {lv.meeting_id: lv for lv in LeaveRequest.objects.filter(committee=c, person_id=person_id)}
    now = timezone.now()
    upcoming = [(i, leaves.get(i.meeting_id)) for i in invited if i.meeting.ends_at >= now]
    past = [(i, leaves.get(i.meeting_id)) for i in invited if i.meeting.ends_at < now]
    pending = [
        lv
        for lv in LeaveRequest.objects.filter(committee=c, status=LeaveStatus.PENDING)
        .exclude(person_id=person_id)
        .select_related("meeting", "person", "meeting__committee")
        .order_by("meeting__starts_at", "requested_at")
        if can(request.user, "meetings.decide_leave", lv)
    ]
    return render(
        request,
        "meetings/mine.html",
        {
            "upcoming": list(reversed(upcoming)),
            "past": past,
            "pending": pending,
            "breadcrumbs": [(c.name, None), (_("我的会议"), None)],
        },
    )


# 打印与导出 ----------------------------------------------------------------------------------------------


def _roles(meeting: Meeting) -> dict[int, str]:
    return {
        pid: str(InviteeRole.OBSERVER.label)
        for pid in meeting.invitees.filter(role=InviteeRole.OBSERVER).values_list("person_id", flat=True)
    }


def _invited_people(meeting: Meeting) -> list[Person]:
    return list(Person.objects.filter(pk__in=meeting.invitees.values("person_id")).official_order())


def _attendees_text(meeting: Meeting) -> str:
    labels = {
        MeetingType.PLENARY: "全体政协委员",
        MeetingType.STANDING: "全体政协常委",
        MeetingType.TOPICAL: "全体政协常委",
        MeetingType.CHAIRS: "主席会议成员",
    }
    if meeting.type == MeetingType.SPECIAL:
        return f"{meeting.special_committee}全体委员"
    return labels[MeetingType(meeting.type)]


@login_required
def notice(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """会议通知, printable; ?format=docx gives it in the official-document layout."""
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    require(request, "meetings.see_invitation", meeting)
    agenda = list(meeting.agenda.values_list("text", flat=True))
    attendees = _attendees_text(meeting)
    if request.GET.get("format") == "docx":
        audit_log("export", user=request.user, obj=meeting, detail={"kind": "meeting_notice"})
        return _docx(io.notice_docx(meeting, agenda, attendees), f"{c.code}-meeting-{meeting.pk}-notice.docx")
    return render(
        request,
        "meetings/notice.html",
        {
            "meeting": meeting,
            "lines": io.notice_lines(meeting, agenda, attendees),
            "date": timezone.localtime(meeting.notified_at).date()
            if meeting.notified_at
            else timezone.localdate(),
            "breadcrumbs": _crumbs(c, (meeting.title, meeting.get_absolute_url()), (_("会议通知"), None)),
        },
    )


@login_required
def signin(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """签到表 按姓氏笔画 with an empty signature column; ?format=docx."""
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    require(request, "meetings.view", meeting)
    rows = directory_rows(c, _invited_people(meeting), meeting.held_on, full=False, roles=_roles(meeting))
    if request.GET.get("format") == "docx":
        audit_log("export", user=request.user, obj=meeting, detail={"kind": "meeting_signin"})
        return _docx(io.signin_docx(meeting, rows), f"{c.code}-meeting-{meeting.pk}-signin.docx")
    return render(
        request,
        "meetings/signin.html",
        {
            "meeting": meeting,
            "rows": rows,
            "breadcrumbs": _crumbs(c, (meeting.title, meeting.get_absolute_url()), (_("签到表"), None)),
        },
    )


def _directory(
    request: HttpRequest, c: Committee, people: list[Person], on: Any, title: str, crumbs: Any, **extra: Any
) -> HttpResponse:
    full = can(request.user, "org.view_sensitive", c)
    rows = directory_rows(c, people, on, full=full, **extra)
    if request.GET.get("export") == "xlsx":
        audit_log(
            "export",
            user=request.user,
            committee=c,
            detail={"kind": "directory", "full": full, "rows": len(rows)},
        )
        return xlsx_response(io.directory_workbook(rows, title), f"{c.code}-directory.xlsx")
    if full:
        audit_log("reveal", user=request.user, committee=c, detail={"kind": "directory", "rows": len(rows)})
    return render(
        request,
        "meetings/directory.html",
        {"rows": rows, "title": title, "full": full, "breadcrumbs": crumbs},
    )


@login_required
def directory(request: HttpRequest, committee: str) -> HttpResponse:
    """委员通讯录 of the term in force: phones masked unless the role may see them (those views audited)."""
    c = committee_for(request, committee, "meetings.view")
    on = timezone.localdate()
    people = list(
        Person.objects.filter(
            pk__in=TermMembership.objects.current(c, on).values("person_id")
        ).official_order()
    )
    title = _("%s委员通讯录") % c.name
    return _directory(request, c, people, on, title, [(c.name, None), (_("委员通讯录"), None)])


@login_required
def meeting_directory(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """The 通讯录 of a meeting's invitees."""
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    require(request, "meetings.view", meeting)
    title = _("%s参会人员通讯录") % meeting.title
    crumbs = _crumbs(c, (meeting.title, meeting.get_absolute_url()), (_("通讯录"), None))
    return _directory(
        request, c, _invited_people(meeting), meeting.held_on, title, crumbs, roles=_roles(meeting)
    )
