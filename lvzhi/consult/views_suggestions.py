"""Pages of suggestions (意见建议): the list, one suggestion with its timeline and moves, the forms, the
import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.consult import io, services
from lvzhi.consult.choices import SuggestionCategory, SuggestionStatus
from lvzhi.consult.filters import filter_suggestions
from lvzhi.consult.forms import MoveForm, SuggestionEditForm
from lvzhi.consult.models import Consultation, ConsultationForm, Suggestion
from lvzhi.consult.views import form_page, url
from lvzhi.core.audit import audit_log
from lvzhi.core.permissions import can
from lvzhi.core.scope import scope_of
from lvzhi.core.views_helpers import add_service_errors, committee_for, import_upload, require, xlsx_response
from lvzhi.org.models import Committee, Unit

PAGE_SIZE = 50

# move → (button label, the states it may be made from)
MOVES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "assign": (gettext_lazy("交办"), (SuggestionStatus.SUBMITTED,)),
    "reply": (gettext_lazy("登记答复"), (SuggestionStatus.ASSIGNED,)),
    "conclude": (gettext_lazy("评定采纳情况"), (SuggestionStatus.REPLIED,)),
}


def _crumbs(c: Committee, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(c.name, None), (_("意见建议"), url("suggestions", c)), *tail]


@login_required
def suggestion_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.suggestions")
    qs, filters = filter_suggestions(request, c)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "suggestions"})
        return xlsx_response(io.suggestions_workbook(qs), f"{c.code}-suggestions.xlsx")
    rows = (
        qs.select_related("consultation__form", "committee")
        .prefetch_related("proposers", "units")
        .order_by("-submitted_on", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    status_counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "consult/suggestions.html",
        {
            "page_obj": page,
            "filters": filters,
            "statuses": SuggestionStatus.choices,
            "status_counts": [(label, status_counts.get(v, 0), v) for v, label in SuggestionStatus.choices],
            "categories": SuggestionCategory.choices,
            "forms": ConsultationForm.objects.filter(committee=c),
            "units": Unit.objects.filter(committee=c)
            if can(request.user, "consult.view", c)
            else Unit.objects.filter(committee=c, pk__in=scope_of(request.user).unit_ids),
            "consultation": (
                Consultation.objects.filter(committee=c, pk=int(filters["consultation"])).first()
                if filters["consultation"].isdigit()
                else None
            ),
            "can_manage": can(request.user, "consult.manage", c),
            "breadcrumbs": [(c.name, None), (_("意见建议"), None)],
        },
    )


def _suggestion(request: HttpRequest, c: Committee, pk: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.visible_to(request.user)
        .filter(committee=c)
        .select_related("consultation__form", "committee"),
        pk=pk,
    )


@login_required
def suggestion_create(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    initial: dict[str, Any] = {"submitted_on": timezone.localdate(), "category": SuggestionCategory.OTHER}
    if (pk := request.GET.get("consultation", "")).isdigit():
        initial["consultation"] = Consultation.objects.filter(committee=c, pk=int(pk)).first()
    form = SuggestionEditForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_create(
                committee=c,
                proposers=form.cleaned_data["proposers"],
                units=form.cleaned_data["units"],
                by=request.user,
                **form.data_for_service(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记意见建议。"))
            return redirect(suggestion)
    return form_page(request, form, _("登记意见建议"), _crumbs(c, (_("登记意见建议"), None)))


@login_required
def suggestion_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    suggestion = _suggestion(request, c, pk)
    require(request, "consult.manage", suggestion)
    initial = {
        f: getattr(suggestion, f)
        for f in ("title", "text", "consultation", "category", "submitted_on", "version")
    }
    initial["proposers"] = list(suggestion.proposers.all())
    initial["units"] = list(suggestion.units.all())
    form = SuggestionEditForm(request.POST or None, committee=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_update(
                suggestion=suggestion,
                data=form.data_for_service(),
                proposers=form.cleaned_data["proposers"],
                units=form.cleaned_data["units"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(suggestion)
    title = _("编辑：%s") % suggestion.title
    return form_page(request, form, title, _crumbs(c, (title, None)))


def perform(move: str, *, suggestion: Suggestion, data: dict[str, Any], by: Any) -> None:
    """Make a move through its one service; the service refuses a move out of order."""
    if move == "assign":
        services.suggestion_assign(
            suggestion=suggestion, units=data.get("units") or None, note=data.get("note", ""), by=by
        )
    elif move == "reply":
        if not data.get("replied_on"):
            raise ValidationError({"replied_on": _("请填写答复日期。")})
        services.suggestion_reply(
            suggestion=suggestion, reply=data.get("reply", ""), replied_on=data["replied_on"], by=by
        )
    elif move == "conclude":
        services.suggestion_conclude(
            suggestion=suggestion, outcome=data.get("outcome", ""), note=data.get("note", ""), by=by
        )
    else:
        raise ValidationError(_("未知的操作。"))


@login_required
def suggestion_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee)
    suggestion = _suggestion(request, c, pk)
    can_manage = can(request.user, "consult.manage", suggestion)
    allowed = (
        set(MOVES) if can_manage else {"reply"} if can(request.user, "consult.reply", suggestion) else set()
    )
    moves = [
        (m, str(label))
        for m, (label, states) in MOVES.items()
        if m in allowed and suggestion.status in states
    ]
    form = MoveForm(request.POST or None, committee=c)
    if request.method == "POST":
        move = request.POST.get("move", "")
        if move not in allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                perform(move, suggestion=suggestion, data=form.cleaned_data, by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已%s。") % MOVES[move][0])
                return redirect(suggestion)
    return render(
        request,
        "consult/suggestion.html",
        {
            "suggestion": suggestion,
            "proposers": suggestion.proposers.all(),
            "units": suggestion.units.all(),
            "steps": suggestion.steps.all(),
            "moves": moves,
            "form": form,
            "can_manage": can_manage,
            "reads_consultations": can(request.user, "consult.list", c),
            "breadcrumbs": _crumbs(c, (suggestion.title, None)),
        },
    )


@login_required
def suggestion_import(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "consult.manage")
    if request.GET.get("template") == "1":
        return xlsx_response(io.template(), "suggestions-template.xlsx")
    report = None
    if request.method == "POST":
        upload = import_upload(request)
        if upload is not None:
            report = io.suggestions_import(
                committee=c,
                data=upload.read(),
                filename=upload.name or "",
                dry_run=request.POST.get("dry_run") == "1",
                by=request.user,
            )
    return render(
        request,
        "consult/import.html",
        {"report": report, "breadcrumbs": _crumbs(c, (_("导入意见建议"), None))},
    )
