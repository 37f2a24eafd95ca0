from __future__ import annotations

from datetime import date
from typing import TypeVar
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import figures
from lvzhi.core.figures import Period
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import add_service_errors, committee_for, require
from lvzhi.org.models import Committee
from lvzhi.reports import services
from lvzhi.reports.documents import DOCX, summary_docx, summary_filename, summary_pdf
from lvzhi.reports.forms import HeadingForm, ParagraphForm
from lvzhi.reports.models import SummaryHeading, SummaryParagraph
from lvzhi.reports.summary import build_summary, default_period, year_period

F = TypeVar("F", bound=forms.Form)


def period_from_request(request: HttpRequest, committee: object) -> Period:
    """?year=2025, or ?from=…&to=…, or the year up to today; a malformed period is a 404."""
    today = timezone.localdate()
    try:
        if year := request.GET.get("year"):
            if not 1900 <= int(year) <= 2999:
                raise ValueError  # a year no record has (and beyond what a date can hold)
            return year_period(int(year))
        start, end = request.GET.get("from"), request.GET.get("to")
        if start or end:
            start_date = parse_date(start) if start else None
            end_date = parse_date(end) if end else today
            if start_date is None or end_date is None:
                raise ValueError
            return Period(start_date, end_date)
    except ValueError:
        raise Http404("bad period") from None
    return default_period(committee, today)  # type: ignore[arg-type]


def _period_query(request: HttpRequest) -> str:
    """The period of the page, carried to the downloads and the edit pages."""
    query = {k: request.GET[k] for k in ("year", "from", "to") if request.GET.get(k)}
    return f"?{urlencode(query)}" if query else ""


@login_required
def summary(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.view_summary")
    period = period_from_request(request, c)
    result = build_summary(c, period)
    years = list(range(timezone.localdate().year, 2015, -1))
    return render(
        request,
        "reports/summary.html",
        {
            "summary": result,
            "years": years,
            "selected_year": request.GET.get("year", ""),
            "breadcrumbs": [(c.name, None), (_("工作综述"), None)],
            "period_start": period.start,
            "period_end": period.end,
            "period_query": _period_query(request),
            "can_edit": can(request.user, "reports.edit_summary", c),
            "can_publish": can(request.user, "portal.write", c),
            "today": date.today(),
        },
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def summary_docx_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.view_summary")
    result = build_summary(c, period_from_request(request, c))
    return _download(summary_docx(result), DOCX, summary_filename(result, "docx"))


@login_required
def summary_pdf_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.view_summary")
    result = build_summary(c, period_from_request(request, c))
    return _download(summary_pdf(result), "application/pdf", summary_filename(result, "pdf"))


# The template: headings, paragraphs, fixed text ----------------------------------------------------------


def _editor(request: HttpRequest, committee: str) -> Committee:
    c = committee_for(request, committee, "reports.view_summary")
    require(request, "reports.edit_summary", c)
    return c


def _back(c: Committee, request: HttpRequest) -> HttpResponse:
    return redirect(reverse("reports:summary_template", args=[c.code]) + _period_query(request))


def _crumbs(c: Committee, request: HttpRequest, title: str) -> list[tuple[str, str | None]]:
    summary_url = reverse("reports:summary", args=[c.code]) + _period_query(request)
    template_url = reverse("reports:summary_template", args=[c.code]) + _period_query(request)
    return [(c.name, None), (_("工作综述"), summary_url), (_("综述模板"), template_url), (title, None)]


@login_required
def template_page(request: HttpRequest, committee: str) -> HttpResponse:
    c = _editor(request, committee)
    period = period_from_request(request, c)
    result = build_summary(c, period)
    return render(
        request,
        "reports/summary_template.html",
        {
            "summary": result,
            "period_query": _period_query(request),
            "breadcrumbs": _crumbs(c, request, _("编辑"))[:-1],
        },
    )


@login_required
@require_POST
def template_start(request: HttpRequest, committee: str) -> HttpResponse:
    c = _editor(request, committee)
    services.template_materialize(committee=c, by=request.user)
    return _back(c, request)


@login_required
@require_POST
def template_reset_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = _editor(request, committee)
    services.template_reset(committee=c, by=request.user)
    messages.success(request, _("已恢复默认模板。"))
    return _back(c, request)


def _is_stale(exc: ValidationError) -> bool:
    return not hasattr(exc, "error_dict") and any(e.code == "stale" for e in exc.error_list)


def _stale_form(form_class: type[F], request: HttpRequest, current_version: int) -> F:
    """Someone else saved since this form was opened: keep what this editor typed, on top of the saved
    version, so that saving again (after comparing) is their deliberate choice and nothing is lost."""
    data = request.POST.copy()
    data["version"] = str(current_version)
    form = form_class(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "保存前已有他人修改了此处。您的文字仍在编辑框中，对方保存的内容显示在下方；"
            "请核对，如仍以您的文字为准，再次点击「保存」。"
        ),
    )
    return form


def _form_page(request: HttpRequest, c: Committee, form: object, title: str, **extra: object) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": _crumbs(c, request, title), **extra}
    return render(request, "reports/summary_form.html", context)


@login_required
def heading_new(request: HttpRequest, committee: str) -> HttpResponse:
    c = _editor(request, committee)
    form = HeadingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.heading_create(committee=c, data=data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return _back(c, request)
    return _form_page(request, c, form, _("添加标题"))


def _heading(request: HttpRequest, c: Committee, pk: int) -> SummaryHeading:
    return get_object_or_404(SummaryHeading.objects.visible_to(request.user).filter(committee=c), pk=pk)


def _paragraph(request: HttpRequest, c: Committee, pk: int) -> SummaryParagraph:
    return get_object_or_404(SummaryParagraph.objects.visible_to(request.user).filter(committee=c), pk=pk)


@login_required
def heading_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _editor(request, committee)
    heading = _heading(request, c, pk)
    initial = {f: getattr(heading, f) for f in services.HEADING_FIELDS} | {"version": heading.version}
    form = HeadingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.heading_update(
                heading=heading, data=data, expected_version=form.cleaned_data["version"], by=request.user
            )
        except ValidationError as exc:
            if not _is_stale(exc):
                add_service_errors(form, exc)
            else:
                saved = SummaryHeading.objects.get(pk=heading.pk)
                form = _stale_form(HeadingForm, request, saved.version)
                theirs = [
                    (_("标题"), saved.title),
                    (_("段前固定文字"), saved.before),
                    (_("段后固定文字"), saved.after),
                ]
                title = _("编辑标题：%s") % saved.title
                return _form_page(request, c, form, title, theirs=theirs)
        else:
            messages.success(request, _("已保存。"))
            return _back(c, request)
    return _form_page(request, c, form, _("编辑标题：%s") % heading.title)


@login_required
@require_POST
def heading_remove(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _editor(request, committee)
    services.heading_delete(heading=_heading(request, c, pk), by=request.user)
    messages.success(request, _("已删除。"))
    return _back(c, request)


def _figure_choices(c: Committee, period: Period) -> list[dict[str, object]]:
    """The figures the editor inserts: each key with its label and current value."""
    values = figures.evaluate(c, period)
    rows: list[dict[str, object]] = []
    for figure in figures.all_figures():
        parts = [v for v in values.values() if v.figure == figure.key]
        rows.append({"key": figure.key, "label": figure.label, "values": parts})
    return rows


@login_required
def paragraph_new(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _editor(request, committee)
    heading = _heading(request, c, pk)
    period = period_from_request(request, c)
    form = ParagraphForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_create(
                heading=heading,
                text=form.cleaned_data["text"],
                position=form.cleaned_data["position"],
                period=period,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return _back(c, request)
    title = _("添加段落：%s") % heading.title
    return _form_page(request, c, form, title, figure_choices=_figure_choices(c, period))


@login_required
def paragraph_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _editor(request, committee)
    paragraph = _paragraph(request, c, pk)
    period = period_from_request(request, c)
    initial = {"text": paragraph.text, "position": paragraph.position, "version": paragraph.version}
    form = ParagraphForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_update(
                paragraph=paragraph,
                text=form.cleaned_data["text"],
                position=form.cleaned_data["position"],
                period=period,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            if not _is_stale(exc):
                add_service_errors(form, exc)
            else:
                saved = SummaryParagraph.objects.get(pk=paragraph.pk)
                form = _stale_form(ParagraphForm, request, saved.version)
                theirs = [(_("正文"), saved.text)]
                title = _("编辑段落：%s") % paragraph.heading.title
                choices = _figure_choices(c, period)
                return _form_page(request, c, form, title, figure_choices=choices, theirs=theirs)
        else:
            messages.success(request, _("已保存。"))
            return redirect(reverse("reports:summary", args=[c.code]) + _period_query(request))
    title = _("编辑段落：%s") % paragraph.heading.title
    return _form_page(request, c, form, title, figure_choices=_figure_choices(c, period))


@login_required
@require_POST
def paragraph_remove(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = _editor(request, committee)
    services.paragraph_delete(paragraph=_paragraph(request, c, pk), by=request.user)
    messages.success(request, _("已删除。"))
    return _back(c, request)
