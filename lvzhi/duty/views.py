"""Pages of the duty archive (一人一档): the archive with its print, .docx and PDF forms, confirmations
and appeals, the 常委's annual report; for staff the appeals, the ranking with its warnings, and the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import committee_for, xlsx_response
from lvzhi.duty import documents, io, services
from lvzhi.duty.forms import AppealForm, ReportForm, ResolveForm, SchemeForm
from lvzhi.duty.models import AnnualReport, Appeal, DutyRecord, ScoringScheme, YearClosing
from lvzhi.duty.scoring import closing_of, members_in_year, removal_warnings, year_scores
from lvzhi.duty.selectors import member_archive, person_memberships
from lvzhi.org.models import Committee, Person


def _archive_url(c: Committee, person_id: int) -> str:
    return reverse("duty:archive", kwargs={"committee": c.code, "pk": person_id})


def _person(request: HttpRequest, c: Committee, pk: int) -> Person:
    """The person whose archive is asked for: 404 unless it is the user's own or the user is staff."""
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(committee=c), pk=pk)
    if not can(request.user, "duty.view_archive", person):
        raise Http404
    return person


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 1949 < int(text) < 2200 else None


@login_required
def mine(request: HttpRequest, committee: str) -> HttpResponse:
    """「我的履职档案」: the user's own archive."""
    c = committee_for(request, committee)
    person_id = getattr(request.user, "person_id", None)
    if person_id is None or not Person.objects.filter(committee=c, pk=person_id).exists():
        raise Http404
    return redirect(_archive_url(c, person_id))


def _context(request: HttpRequest, c: Committee, person: Person) -> dict[str, Any]:
    year = _year(request)
    return {
        "person": person,
        "memberships": person_memberships(person),
        "archive": member_archive(c, person, year),
        "year": year,
        "today": timezone.localdate(),
    }


@login_required
def archive(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    own = can(request.user, "duty.respond", person)
    context = _context(request, c, person)
    context.update(
        own=own,
        may_submit_reports=can(request.user, "duty.submit_report", person),
        breadcrumbs=[(c.name, None), (_("履职档案"), None), (person.name, None)],
    )
    return render(request, "duty/archive.html", context)


@login_required
def archive_print(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    return render(request, "duty/archive_print.html", {**_context(request, c, person), "committee": c})


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def archive_docx(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    context = _context(request, c, person)
    audit_log("export", user=request.user, obj=person, detail={"kind": "duty_archive", "format": "docx"})
    data = documents.archive_docx(c, person, context["memberships"], context["archive"], context["today"])
    return _download(data, documents.DOCX, f"{c.code}-archive-{person.pk}.docx")


@login_required
def archive_pdf(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    html = render_to_string(
        "duty/archive_print.html", {**_context(request, c, person), "committee": c, "for_pdf": True}
    )
    audit_log("export", user=request.user, obj=person, detail={"kind": "duty_archive", "format": "pdf"})
    return _download(documents.html_pdf(html), "application/pdf", f"{c.code}-archive-{person.pk}.pdf")


def _record(request: HttpRequest, c: Committee, pk: int) -> DutyRecord:
    record = get_object_or_404(
        DutyRecord.objects.visible_to(request.user).filter(committee=c).select_related("committee", "person"),
        pk=pk,
    )
    if not can(request.user, "duty.view_archive", record):
        raise Http404
    if not can(request.user, "duty.respond", record):
        raise PermissionDenied
    return record


@login_required
@require_POST
def record_confirm(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    record = _record(request, c, pk)
    try:
        services.record_confirm(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已确认。"))
    return redirect(f"{_archive_url(c, record.person_id)}#record-{record.pk}")


@login_required
@require_POST
def record_appeal(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    record = _record(request, c, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_file(record=record, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已提交申诉，待工作人员处理。"))
    else:
        messages.error(request, _("请选择申诉事项并填写理由。"))
    return redirect(f"{_archive_url(c, record.person_id)}#record-{record.pk}")


@login_required
def report_edit(request: HttpRequest, committee: str, pk: int, year: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    if not can(request.user, "duty.respond", person):
        raise PermissionDenied
    report = AnnualReport.objects.filter(committee=c, person=person, year=year).first()
    if report is not None and report.submitted_at is not None:
        messages.info(request, _("履职报告已提交，不能再修改。"))
        return redirect(_archive_url(c, person.pk))
    initial = {"text": report.text, "version": report.version} if report else {}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                person=person,
                year=year,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"] if report else None,
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"{_archive_url(c, person.pk)}#year-{year}")
    title = _("%(year)s年度履职报告") % {"year": year}
    crumbs = [(c.name, None), (person.name, _archive_url(c, person.pk)), (title, None)]
    return render(request, "form_page.html", {"form": form, "title": title, "breadcrumbs": crumbs})


@login_required
@require_POST
def report_submit(request: HttpRequest, committee: str, pk: int, year: int) -> HttpResponse:
    c = committee_for(request, committee)
    person = _person(request, c, pk)
    if not can(request.user, "duty.submit_report", person):
        raise PermissionDenied
    report = get_object_or_404(AnnualReport.objects.filter(committee=c, person=person), year=year)
    try:
        services.report_mark_submitted(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已标记为已提交。"))
    return redirect(f"{_archive_url(c, person.pk)}#year-{year}")


# 工作人员：申诉、考核、规则 -----------------------------------------------------------------------------


@login_required
def appeals(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "duty.resolve_appeal")
    status = request.GET.get("status", Appeal.Status.PENDING)
    qs = Appeal.objects.filter(committee=c).select_related("person", "resolved_by")
    if status in Appeal.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "duty/appeals.html",
        {
            "rows": list(qs[:500]),
            "status": status,
            "statuses": Appeal.Status.choices,
            "form": ResolveForm(),
            "breadcrumbs": [(c.name, None), (_("履职记录申诉"), None)],
        },
    )


@login_required
@require_POST
def appeal_resolve(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "duty.resolve_appeal")
    appeal = get_object_or_404(Appeal.objects.filter(committee=c), pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.appeal_resolve(
            appeal=appeal,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已处理。"))
    return redirect(reverse("duty:appeals", kwargs={"committee": c.code}))


@login_required
def scores(request: HttpRequest, committee: str) -> HttpResponse:
    """履职考核: every member's score and grade of a year, ranked, with the removal warnings."""
    c = committee_for(request, committee, "duty.view_scores")
    today = timezone.localdate()
    year = _year(request) or today.year
    by_person = year_scores(c, year)
    people = {
        m.person_id: m
        for m in members_in_year(c, year).select_related("person", "sector").order_by("term__start")
    }
    rows = sorted(
        ((people[pid], s) for pid, s in by_person.items() if pid in people),
        key=lambda r: (-r[1].score, r[0].person.stroke_key),
    )
    if grade := request.GET.get("grade", "")[:20]:  # the dashboard's grade distribution links here
        rows = [r for r in rows if r[1].grade == ("" if grade == "none" else grade)]
    warnings = [(people.get(w.person_id), w) for w in removal_warnings(c, year)]
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "duty_scores", "year": year})
        return xlsx_response(io.ranking_workbook(year, rows, warnings), f"{c.code}-scores-{year}.xlsx")
    closing = closing_of(c, year)
    return render(
        request,
        "duty/scores.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "warnings": warnings,
            "closing": closing,
            "may_finalize": closing is None and year < today.year and can(request.user, "duty.finalize", c),
            "breadcrumbs": [(c.name, None), (_("履职考核"), None)],
        },
    )


@login_required
@require_POST
def year_finalize(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "duty.finalize")
    year_text = request.POST.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1900 <= int(year_text) <= 2999 else 0
    if not year:
        messages.error(request, _("只能对已结束的年度定档。"))
        return redirect(reverse("duty:scores", kwargs={"committee": c.code}))
    try:
        services.year_finalize(committee=c, year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(year)s年度已定档。") % {"year": year})
    return redirect(reverse("duty:scores", kwargs={"committee": c.code}) + f"?year={year}")


@login_required
def rules(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "duty.view_scores")
    schemes = (
        ScoringScheme.objects.filter(committee=c)
        .prefetch_related("items", "bands", "removal_rules")
        .order_by("-valid_from")
    )
    return render(
        request,
        "duty/rules.html",
        {
            "schemes": schemes,
            "closings": YearClosing.objects.filter(committee=c),
            "may_manage": can(request.user, "duty.manage_rules", c),
            "breadcrumbs": [(c.name, None), (_("考核办法"), None)],
        },
    )


@login_required
def rules_new(request: HttpRequest, committee: str) -> HttpResponse:
    """A new version of the scheme from a date, prefilled with the version in force today."""
    c = committee_for(request, committee, "duty.manage_rules")
    current = ScoringScheme.objects.filter(committee=c).order_by("-valid_from").first()
    form = SchemeForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_version_create(committee=c, by=request.user, **form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已发布新版本考核办法。"))
            return redirect(reverse("duty:rules", kwargs={"committee": c.code}))
    title = _("发布新版本考核办法")
    crumbs = [
        (c.name, None),
        (_("考核办法"), reverse("duty:rules", kwargs={"committee": c.code})),
        (title, None),
    ]
    return render(request, "form_page.html", {"form": form, "title": title, "breadcrumbs": crumbs})
