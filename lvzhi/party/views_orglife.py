"""Pages of organizational life: the meetings, one meeting with its attendance and QR check-in, the late
entries awaiting approval, and the compliance calendar."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lvzhi.core.attachments import attachment_add, attachments_of
from lvzhi.core.codes import CPC_CODES
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import (
    add_service_errors,
    committee_for,
    date_param,
    import_upload,
    require,
    xlsx_response,
)
from lvzhi.org.models import Committee, Person
from lvzhi.party import meetings_io
from lvzhi.party.choices import AttendanceStatus, BranchKind, MeetingKind
from lvzhi.party.forms import MeetingForm
from lvzhi.party.models import Attendance, Meeting, PartyBranch, PartyMembership
from lvzhi.party.orglife import compliance, leader_ids, quorum
from lvzhi.party.services import attendance_set, meeting_approve, meeting_checkin, meeting_record

PAGE_SIZE = 50


def _meetings_url(c: Committee) -> str:
    return reverse("party:meetings", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("组织生活"), _meetings_url(c)), *tail]


@login_required
def meetings(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    qs = Meeting.objects.visible_to(request.user).filter(committee=c)
    branch, kind = request.GET.get("branch", ""), request.GET.get("kind", "")
    if branch.isdigit():
        qs = qs.filter(branch_id=int(branch))
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    if start := date_param(request, "from"):
        qs = qs.filter(held_on__gte=start)
    if end := date_param(request, "to"):
        qs = qs.filter(held_on__lte=end)
    if request.GET.get("counted") == "1":
        qs = qs.counted()
    if request.GET.get("pending") == "1":
        qs = qs.filter(is_late=True, approved_at__isnull=True)
    leader_attendances = None
    if request.GET.get("dual") == "1":
        leaders = leader_ids(c, end or timezone.localdate())
        qs = qs.filter(
            Exists(
                Attendance.objects.filter(
                    meeting=OuterRef("pk"), status=AttendanceStatus.PRESENT, person_id__in=leaders
                )
            ),
            branch__isnull=False,
        )
        # The figure counts person-times (人次): the leaders present at these meetings.
        leader_attendances = Attendance.objects.filter(
            meeting__in=qs.values("pk"), status=AttendanceStatus.PRESENT, person_id__in=leaders
        ).count()
    qs = qs.select_related("branch", "host", "committee").annotate(
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT))
    )
    page = Paginator(qs.order_by("-held_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "party/meetings.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "branches": PartyBranch.objects.filter(committee=c),
            "kinds": MeetingKind.choices,
            "filters": {"branch": branch, "kind": kind, "start": start, "end": end},
            "leader_attendances": leader_attendances,
            "pending_count": Meeting.objects.visible_to(request.user)
            .filter(committee=c, is_late=True, approved_at__isnull=True)
            .count(),
            # staff record for every branch (and the 党组), a secretary for their own branches
            "can_record": can(request.user, "party.manage_branches", c)
            or _secretary_branches(request, c).exists(),
            "breadcrumbs": [(c.name, None), (_("组织生活"), None)],
        },
    )


def _secretary_branches(request: HttpRequest, c: Committee) -> Any:
    """The branches this user may record meetings for: all for staff, their own for a secretary."""
    branches = PartyBranch.objects.filter(committee=c).exclude(kind=BranchKind.TEMPORARY)
    if can(request.user, "party.manage_branches", c):  # staff: every branch
        return branches
    person_id = getattr(request.user, "person_id", None)
    return branches.filter(secretary_id=person_id) if person_id else branches.none()


@login_required
def meeting_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    branches = _secretary_branches(request, c)
    if not branches.exists():
        raise PermissionDenied
    staff = can(request.user, "party.manage_branches", c)
    form = MeetingForm(request.POST or None, branches=branches, committee=c, party_group=staff)
    if request.method == "POST" and form.is_valid():
        branch = form.cleaned_data["branch"]
        if branch is not None:
            require(request, "party.record_meetings", branch)
        elif not staff:
            raise PermissionDenied
        try:
            meeting = meeting_record(committee=c, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if meeting.is_late:
                messages.warning(
                    request, _("该会议在召开后超过规定天数录入，为补录记录，经支部书记审批后计入。")
                )
            else:
                messages.success(request, _("已记录，请登记出席情况或让党员扫码签到。"))
            return redirect(meeting)
    title = _("记录组织生活")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))},
    )


def _meeting(request: HttpRequest, c: Committee, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("branch", "host", "committee"),
        pk=pk,
    )


def _qr_svg(url: str) -> str:
    """The check-in QR code as inline SVG (drawn by the server: no script, no external service)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, dark="#111"))


@login_required
def meeting_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    meeting = _meeting(request, c, pk)
    may_mark = can(request.user, "party.record_meeting_attendance", meeting)
    may_approve = (
        can(request.user, "party.approve_late", meeting) and meeting.is_late and meeting.approved_at is None
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "approve" and may_approve:
            meeting_approve(meeting=meeting, by=request.user)
            messages.success(request, _("已审批，补录记录计入组织生活。"))
            return redirect(meeting)
        if action == "attach" and may_mark:
            _attach(request, meeting)
            return redirect(meeting)
        if action == "attendance" and may_mark:
            try:
                attendance_set(meeting=meeting, marks=_marks(request), by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已保存出席情况。"))
            return redirect(meeting)
        raise PermissionDenied
    if meeting.branch is not None:
        people = [
            m.person
            for m in PartyMembership.objects.filter(branch=meeting.branch)
            .active_on(meeting.held_on)
            .select_related("person")
            .order_by("person__stroke_key")
        ]
    else:  # the 党组's 民主生活会: its members are the leaders
        people = list(
            Person.objects.filter(
                pk__in=leader_ids(c, meeting.held_on), political__in=CPC_CODES
            ).official_order()
        )
    marks = {a.person_id: a for a in meeting.attendances.select_related("person")}
    roster = [(p, marks.get(p.pk)) for p in people]
    member_ids = {p.pk for p in people}
    guests = [a for pid, a in marks.items() if pid not in member_ids]  # e.g. a leader's dual org life
    checkin_url = request.build_absolute_uri(
        reverse(
            "party:meeting_checkin",
            kwargs={"committee": c.code, "pk": meeting.pk, "token": meeting.checkin_token},
        )
    )
    return render(
        request,
        "party/meeting_detail.html",
        {
            "meeting": meeting,
            "roster": roster,
            "guests": guests,
            "statuses": AttendanceStatus.choices,
            "quorum": quorum(meeting),
            "attachments": attachments_of(meeting),
            "can_attach": may_mark,
            "may_mark": may_mark,
            "may_approve": may_approve,
            "checkin_url": checkin_url if may_mark else "",
            "qr": _qr_svg(checkin_url) if may_mark else "",
            "leaders": Person.objects.filter(pk__in=leader_ids(c, meeting.held_on))
            .exclude(pk__in=list(marks))
            .official_order()
            if may_mark and meeting.branch is not None
            else [],
            "breadcrumbs": _crumbs(c, (str(meeting), None)),
        },
    )


def _attach(request: HttpRequest, obj: Any) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件。"))
        return
    try:
        attachment_add(obj=obj, upload=upload, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已上传附件。"))


def _marks(request: HttpRequest) -> dict[int, tuple[str, str]]:
    marks: dict[int, tuple[str, str]] = {}
    for key, value in request.POST.items():
        if key.startswith("status-") and key[7:].isdigit() and value:
            pid = int(key[7:])
            marks[pid] = (str(value), str(request.POST.get(f"reason-{pid}", "")))
    guest = request.POST.get("guest", "")
    if guest.isdigit():
        marks[int(guest)] = (AttendanceStatus.PRESENT, "")
    return marks


@login_required
def meeting_checkin_view(request: HttpRequest, committee: str, pk: int, token: str) -> HttpResponse:
    """The page a member's phone opens from the QR code: one button to check in."""
    c = committee_for(request, committee)
    meeting = get_object_or_404(Meeting.objects.filter(committee=c).select_related("branch"), pk=pk)
    if token != meeting.checkin_token:
        raise Http404
    person_id = int(getattr(request.user, "person_id", None) or 0)
    done = meeting.attendances.filter(person_id=person_id, status=AttendanceStatus.PRESENT).exists()
    error = ""
    if request.method == "POST" and not done:
        try:
            meeting_checkin(meeting=meeting, token=token, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            done = True
    return render(request, "party/checkin.html", {"meeting": meeting, "done": done, "error": error})


@login_required
def compliance_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.view")
    today = timezone.localdate()
    year_text = request.GET.get("year", str(today.year))
    if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
        raise Http404("bad year")
    year = int(year_text)
    calendars = compliance(c, year, today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(meetings_io.calendar_workbook(calendars, year), f"{c.code}-orglife-{year}.xlsx")
    return render(
        request,
        "party/compliance.html",
        {
            "calendars": calendars,
            "year": year,
            "years": range(today.year - 4, today.year + 1),
            "breadcrumbs": [(c.name, None), (_("组织生活日历"), None)],
        },
    )


@login_required
def meetings_import_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "party.manage_branches")
    if request.GET.get("template") == "1":
        return xlsx_response(meetings_io.template(), "orglife-template.xlsx")
    report = None
    if request.method == "POST":
        upload = import_upload(request)
        if upload is not None:
            report = meetings_io.meetings_import(
                committee=c,
                data=upload.read(),
                filename=upload.name or "",
                dry_run=request.POST.get("dry_run") == "1",
                by=request.user,
            )
    return render(
        request,
        "party/meetings_import.html",
        {"report": report, "breadcrumbs": _crumbs(c, (_("导入组织生活记录"), None))},
    )
