"""Pages of 书香政协: campaigns and their book lists, the reading logs (a member's own on a phone, all of
them for staff), the sharing sessions and the participation report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.tabular import Column, Sheet, write_workbook
from lvzhi.core.views_helpers import add_service_errors, committee_for, date_param, require, xlsx_response
from lvzhi.org.models import Committee, Person
from lvzhi.study import io, services
from lvzhi.study.choices import SharingRole
from lvzhi.study.forms import BookForm, CampaignForm, ReadingLogForm, SharingForm
from lvzhi.study.models import ReadingCampaign, ReadingLog, SharingParticipant, SharingSession
from lvzhi.study.selectors import logs_for_params, participation

PAGE_SIZE = 50


def _url(name: str, c: Committee) -> str:
    return reverse(f"study:{name}", kwargs={"committee": c.code})


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("书香政协"), _url("reading", c)), *tail]


def _campaigns(c: Committee) -> QuerySet[ReadingCampaign]:
    return ReadingCampaign.objects.filter(committee=c)


@login_required
def reading(request: HttpRequest, committee: str) -> HttpResponse:
    """The campaigns with their books and sharing sessions; a 委员 goes to their own reading."""
    c = committee_for(request, committee)
    if not can(request.user, "study.view", c):
        if can(request.user, "study.log_reading", c):
            return redirect(_url("reading_mine", c))
        raise PermissionDenied
    campaigns = (
        _campaigns(c)
        .annotate(
            n_books=Count("books", distinct=True),
            n_logs=Count("logs", distinct=True),
            n_readers=Count("logs__person", distinct=True),
            n_sharings=Count("sharings", distinct=True),
        )
        .order_by("-year", "-id")
    )
    return render(
        request,
        "study/reading.html",
        {
            "campaigns": campaigns,
            "can_manage": can(request.user, "study.manage", c),
            "breadcrumbs": [(c.name, None), (_("书香政协"), None)],
        },
    )


@login_required
def campaign_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.manage")
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        initial={
            "year": today.year,
            "start_on": today.replace(month=1, day=1),
            "end_on": today.replace(month=12, day=31),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "books"}
        try:
            campaign = services.campaign_create(
                committee=c, data=data, books=form.book_rows(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立读书活动。"))
            return redirect(campaign)
    title = _("建立读书活动")
    return render(
        request, "form_page.html", {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))}
    )


@login_required
def campaign_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    campaign = get_object_or_404(_campaigns(c), pk=pk)
    may_manage = can(request.user, "study.manage", campaign)
    form = BookForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.book_add(campaign=campaign, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已加入推荐书目。"))
                return redirect(campaign)
    books = campaign.books.annotate(
        n_logs=Count("logs"), n_readers=Count("logs__person", distinct=True)
    ).order_by("order", "id")
    sharings = campaign.sharings.prefetch_related(
        Prefetch("participants", queryset=SharingParticipant.objects.select_related("person"))
    ).order_by("-held_on")
    return render(
        request,
        "study/campaign.html",
        {
            "campaign": campaign,
            "books": books,
            "sharings": sharings,
            "form": form,
            "can_manage": may_manage,
            "breadcrumbs": _crumbs(c, (campaign.name, None)),
        },
    )


def filtered_logs(request: HttpRequest, c: Committee) -> tuple[QuerySet[ReadingLog], dict[str, Any]]:
    """The reading logs the user may read (a 委员: their own), narrowed by the query string."""
    qs = ReadingLog.objects.visible_to(request.user).filter(committee=c)
    f: dict[str, Any] = {
        k: request.GET.get(k, "") for k in ("campaign", "person", "book", "group", "sector", "q")
    }
    for param, field in (("campaign", "campaign_id"), ("person", "person_id"), ("book", "book_id")):
        if f[param].isdigit():
            qs = qs.filter(**{field: int(f[param])})
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"][:100]) | Q(person__name__icontains=f["q"][:100]))
    f["start"], f["end"] = date_param(request, "from"), date_param(request, "to")
    if f["start"] or f["end"]:
        qs = qs.within(f["start"] or date.min, f["end"] or date.max)
    qs = logs_for_params(qs, f, c, f["end"] or timezone.localdate())
    return qs, f


@login_required
def reading_logs(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.read_reading")
    qs, filters = filtered_logs(request, c)
    rows = qs.select_related("person", "campaign", "book").order_by("-started_on", "-id")
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "reading_logs"})
        return xlsx_response(io.logs_workbook(rows), f"{c.code}-reading-logs.xlsx")
    totals = qs.aggregate(members=Count("person_id", distinct=True), hours=Sum("hours"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "study/reading_logs.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "members": totals["members"],
            "hours": totals["hours"] or Decimal(0),
            "campaigns": _campaigns(c),
            "can_manage": can(request.user, "study.manage", c),
            "breadcrumbs": _crumbs(c, (_("读书记录"), None)),
        },
    )


@login_required
def reading_mine(request: HttpRequest, committee: str) -> HttpResponse:
    """我的读书: a member's own logs, built for a phone."""
    c = committee_for(request, committee, "study.log_reading")
    person_id = int(getattr(request.user, "person_id", 0) or 0)
    logs = (
        ReadingLog.objects.visible_to(request.user)
        .filter(committee=c, person_id=person_id)
        .select_related("campaign", "book")
        .order_by("-started_on", "-id")
    )
    totals = logs.aggregate(books=Count("id"), hours=Sum("hours"))
    campaign = _campaigns(c).filter(start_on__lte=timezone.localdate()).order_by("-start_on").first()
    return render(
        request,
        "study/reading_mine.html",
        {
            "logs": logs,
            "books": totals["books"],
            "hours": totals["hours"] or Decimal(0),
            "campaign": campaign,
            "book_list": campaign.books.all() if campaign else [],
            "breadcrumbs": _crumbs(c, (_("我的读书"), None)),
        },
    )


def _log_form_page(request: HttpRequest, form: Any, title: str, c: Committee) -> HttpResponse:
    return render(
        request,
        "study/log_form.html",
        {
            "form": form,
            "title": title,
            "breadcrumbs": _crumbs(c, (_("我的读书"), _url("reading_mine", c)), (title, None)),
        },
    )


@login_required
def log_create(request: HttpRequest, committee: str) -> HttpResponse:
    """A member logs their own reading; staff may log for a member (they choose whom)."""
    c = committee_for(request, committee)
    staff = can(request.user, "study.manage", c)
    if not (staff or can(request.user, "study.log_reading", c)):
        raise PermissionDenied
    today = timezone.localdate()
    campaign = _campaigns(c).filter(start_on__lte=today).order_by("-start_on").first()
    initial: dict[str, Any] = {"started_on": today, "campaign": campaign, "hours": 1}
    if request.GET.get("book", "").isdigit():
        initial["book"] = int(request.GET["book"])
    form = ReadingLogForm(request.POST or None, committee=c, for_staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = cast(Person, form.cleaned_data["person"] if staff else request.user.person)  # type: ignore[union-attr]
        try:
            services.reading_log_create(
                campaign=form.cleaned_data["campaign"],
                person=person,
                data=form.service_data(),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存读书记录。"))
            return redirect(_url("reading_logs" if staff else "reading_mine", c))
    return _log_form_page(request, form, _("记录读书"), c)


def _log(request: HttpRequest, c: Committee, pk: int) -> ReadingLog:
    return get_object_or_404(
        ReadingLog.objects.visible_to(request.user).filter(committee=c).select_related("person", "committee"),
        pk=pk,
    )


@login_required
def log_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    log = _log(request, c, pk)  # a member finds only their own (others: 404)
    require(request, "study.manage_reading", log)
    staff = can(request.user, "study.manage", log)
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.reading_log_delete(log=log, by=request.user)
        messages.success(request, _("已删除读书记录。"))
        return redirect(_url("reading_logs" if staff else "reading_mine", c))
    initial = {f: getattr(log, f) for f in services.LOG_FIELDS}
    initial.update(campaign=log.campaign_id, person=log.person_id, version=log.version)
    form = ReadingLogForm(request.POST or None, committee=c, for_staff=staff, initial=initial)
    if staff:
        form.fields["person"].disabled = True
    form.fields["campaign"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.reading_log_update(
                log=log,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_url("reading_logs" if staff else "reading_mine", c))
    return _log_form_page(request, form, _("编辑读书记录：《%s》") % log.title, c)


@login_required
def sharing_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "study.manage")
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if request.GET.get("campaign", "").isdigit():
        initial["campaign"] = int(request.GET["campaign"])
    form = SharingForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sharing = services.sharing_create(
                campaign=form.cleaned_data["campaign"],
                data=form.service_data(),
                sharers=list(form.cleaned_data["sharers"]),
                attendees=list(form.cleaned_data["attendees"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录读书分享会。"))
            return redirect(sharing.campaign)
    title = _("记录读书分享会")
    return render(
        request, "form_page.html", {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))}
    )


@login_required
def sharing_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "study.view")
    sharing = get_object_or_404(SharingSession.objects.visible_to(request.user).filter(committee=c), pk=pk)
    require(request, "study.manage", sharing)
    people = list(sharing.participants.values_list("person_id", "role"))
    initial = {
        "campaign": sharing.campaign_id,
        "held_on": sharing.held_on,
        "topic": sharing.topic,
        "venue": sharing.venue,
        "sharers": [p for p, r in people if r == SharingRole.SHARER],
        "attendees": [p for p, r in people if r == SharingRole.ATTENDEE],
        "version": sharing.version,
    }
    form = SharingForm(request.POST or None, committee=c, initial=initial)
    form.fields["campaign"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.sharing_update(
                sharing=sharing,
                data=form.service_data(),
                sharers=list(form.cleaned_data["sharers"]),
                attendees=list(form.cleaned_data["attendees"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(sharing.campaign)
    title = _("编辑读书分享会：%s") % sharing.topic
    return render(
        request, "form_page.html", {"form": form, "title": title, "breadcrumbs": _crumbs(c, (title, None))}
    )


@login_required
def report(request: HttpRequest, committee: str) -> HttpResponse:
    """Participation per study group and per sector, and each reader's books and hours."""
    c = committee_for(request, committee, "study.view")
    qs, filters = filtered_logs(request, c)
    on = filters["end"] or timezone.localdate()
    by_group, by_sector, readers = participation(c, qs, on)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "reading_report"})
        reader_columns = [
            Column("委员", width=12),
            Column("读书本次", width=10),
            Column("阅读时长（小时）", width=14),
        ]
        data = write_workbook(
            [
                Sheet("按学习组", io.PARTICIPATION_COLUMNS, _participation_rows(by_group)),
                Sheet("按界别", io.PARTICIPATION_COLUMNS, _participation_rows(by_sector)),
                Sheet(
                    "委员读书", reader_columns, ([r.person.name, r.books, float(r.hours)] for r in readers)
                ),
            ]
        )
        return xlsx_response(data, f"{c.code}-reading-report.xlsx")
    return render(
        request,
        "study/report.html",
        {
            "by_group": by_group,
            "by_sector": by_sector,
            "readers": readers,
            "filters": filters,
            "campaigns": _campaigns(c),
            "breadcrumbs": _crumbs(c, (_("读书参与情况"), None)),
        },
    )


def _participation_rows(rows: list[Any]) -> list[list[Any]]:
    return [[r.name, r.members, r.readers, f"{r.rate}%", r.books, float(r.hours)] for r in rows]
