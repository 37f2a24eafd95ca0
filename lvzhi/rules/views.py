"""Pages of the rules app: the list (filtered, exported), a text with its revision chain, the forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.attachments import attachment_add, attachments_of
from lvzhi.core.audit import audit_log
from lvzhi.core.documents import DOCX, official_document
from lvzhi.core.permissions import can
from lvzhi.core.tabular import write_xlsx
from lvzhi.core.views_helpers import (
    add_service_errors,
    committee_for,
    date_param,
    require,
    xlsx_response,
)
from lvzhi.org.models import Committee
from lvzhi.rules import io
from lvzhi.rules.choices import RegulationKind, RegulationStatus
from lvzhi.rules.forms import RegulationForm, RepealForm
from lvzhi.rules.models import Regulation, RegulationQuerySet
from lvzhi.rules.services import (
    regulation_create,
    regulation_repeal,
    regulation_revise,
    regulation_update,
)

PAGE_SIZE = 50


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _filtered(request: HttpRequest, committee: Committee) -> tuple[RegulationQuerySet, dict[str, Any]]:
    """The list's filters from the query string; a value outside the choices is ignored, a bad date 404."""
    qs = Regulation.objects.visible_to(request.user).filter(committee=committee)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    start, end = date_param(request, "from"), date_param(request, "to")
    if kind in RegulationKind.values:
        qs = qs.filter(kind=kind)
    if status in RegulationStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("revision") == "1":
        qs = qs.filter(replaces__isnull=False)
    qs = qs.issued_within(start, end)
    year = request.GET.get("year", "")
    if year.isdigit() and 1949 <= int(year) <= 2100:
        qs = qs.filter(issued_on__year=int(year))
    else:
        year = ""
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(title__icontains=q)
    return qs, {"kind": kind, "status": status, "start": start, "end": end, "q": q, "year": year}


@login_required
def regulation_list(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "rules.view")
    qs, filters = _filtered(request, c)
    qs = qs.select_related("committee", "replaces")
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                r.get_kind_display(),
                r.title,
                r.number,
                r.issuer,
                r.issued_on,
                r.effective_on or "",
                r.get_status_display(),
                r.replaces.title if r.replaces else "",
                r.change_note,
            ]
            for r in qs
        ]
        audit_log("export", user=request.user, committee=c, detail={"kind": "rules", "rows": len(rows)})
        return xlsx_response(write_xlsx(io.COLUMNS, rows, sheet_title="规章制度"), f"{c.code}-rules.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rules/list.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "filters": filters,
            "kinds": RegulationKind.choices,
            "years": [
                d.year
                for d in Regulation.objects.visible_to(request.user)
                .filter(committee=c)
                .dates("issued_on", "year", order="DESC")
            ],
            "statuses": RegulationStatus.choices,
            "query": query.urlencode(),
            "can_manage": can(request.user, "rules.manage", c),
            "breadcrumbs": [(c.name, None), (_("规章制度"), None)],
        },
    )


def _get(request: HttpRequest, committee: Committee, pk: int) -> Regulation:
    return get_object_or_404(
        Regulation.objects.visible_to(request.user).filter(committee=committee).select_related("committee"),
        pk=pk,
    )


@login_required
def regulation_detail(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "rules.view")
    regulation = _get(request, c, pk)
    manage = can(request.user, "rules.manage", regulation)
    if request.method == "POST":
        if not manage or request.POST.get("action") != "attach":
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("请选择要上传的文件。"))
            attachment_add(obj=regulation, upload=upload, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已上传附件。"))
        return redirect(regulation)
    attachments = attachments_of(regulation)
    if request.GET.get("export") == "docx":
        audit_log(
            "export", user=request.user, obj=regulation, detail={"kind": "regulation", "format": "docx"}
        )
        return docx_response(
            official_document(
                title=regulation.title,
                body=[regulation.text],
                issuer=regulation.issuer,
                number=regulation.number,
                date=regulation.issued_on,
                attachments=[a.name.rsplit(".", 1)[0] for a in attachments],
            ),
            f"{c.code}-rule-{regulation.pk}.docx",
        )
    chain = regulation.chain()
    readable = set(
        Regulation.objects.visible_to(request.user)
        .filter(pk__in=[v.pk for v in chain])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "rules/detail.html",
        {
            "regulation": regulation,
            "attachments": attachments,
            "can_attach": manage,
            "chain": [(v, v.pk in readable) for v in chain],
            "can_manage": manage,
            "repeal_form": RepealForm(
                initial={"repealed_on": timezone.localdate(), "version": regulation.version}
            ),
            "breadcrumbs": [(c.name, None), (_("规章制度"), _list_url(c)), (regulation.title, None)],
        },
    )


def _list_url(c: Committee) -> str:
    from django.urls import reverse

    return reverse("rules:list", kwargs={"committee": c.code})


def _form_page(
    request: HttpRequest, c: Committee, form: RegulationForm, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "rules/form.html",
        {
            "form": form,
            "title": title,
            "breadcrumbs": [(c.name, None), (_("规章制度"), _list_url(c)), (title, None)],
            **extra,
        },
    )


@login_required
def regulation_create_view(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "rules.manage")
    form = RegulationForm(
        request.POST or None, initial={"kind": request.GET.get("kind", RegulationKind.RULE)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            regulation = regulation_create(committee=c, data=form.data_for_service(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(regulation)
    return _form_page(request, c, form, _("登记制度或文件"))


def _initial(regulation: Regulation) -> dict[str, Any]:
    return {
        "kind": regulation.kind,
        "title": regulation.title,
        "number": regulation.number,
        "issuer": regulation.issuer,
        "issued_on": regulation.issued_on,
        "effective_on": regulation.effective_on,
        "text": regulation.text,
        "is_public": regulation.is_public,
        "change_note": regulation.change_note,
        "version": regulation.version,
    }


@login_required
def regulation_edit(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "rules.view")
    regulation = _get(request, c, pk)
    require(request, "rules.manage", regulation)
    form = RegulationForm(request.POST or None, initial=_initial(regulation))
    if request.method == "POST" and form.is_valid():
        try:
            regulation_update(
                regulation=regulation,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)  # the typed text stays in the form
        else:
            messages.success(request, _("已保存。"))
            return redirect(regulation)
    return _form_page(request, c, form, _("编辑：%s") % regulation.title, regulation=regulation)


@login_required
def regulation_revise_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "rules.view")
    regulation = _get(request, c, pk)
    require(request, "rules.manage", regulation)
    if regulation.status != RegulationStatus.CURRENT:
        messages.error(request, _("只有现行的制度可以修订。"))
        return redirect(regulation)
    initial = {
        **_initial(regulation),
        "issued_on": timezone.localdate(),
        "effective_on": None,
        "change_note": "",
    }
    form = RegulationForm(request.POST or None, initial=initial, revising=True)
    if request.method == "POST" and form.is_valid():
        try:
            new = regulation_revise(
                regulation=regulation,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已修订，原版本标记为「已修订」。"))
            return redirect(new)
    return _form_page(request, c, form, _("修订：%s") % regulation.title, regulation=regulation)


@login_required
def regulation_repeal_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "rules.view")
    regulation = _get(request, c, pk)
    require(request, "rules.manage", regulation)
    if request.method != "POST":
        return redirect(regulation)
    form = RepealForm(request.POST)
    if form.is_valid():
        try:
            regulation_repeal(
                regulation=regulation,
                on=form.cleaned_data["repealed_on"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已废止。"))
    else:
        messages.error(request, _("请填写有效的废止日期。"))
    return redirect(regulation)
