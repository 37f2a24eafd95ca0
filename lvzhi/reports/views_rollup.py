"""The roll-up page (本级、各下级、合计), the import of subordinates' signed reports and the key settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.permissions import can
from lvzhi.core.scope import scope_of
from lvzhi.core.views_helpers import add_service_errors, committee_for
from lvzhi.org.models import Committee
from lvzhi.reports import signing
from lvzhi.reports.models import ReportedFigures, SubordinateKey
from lvzhi.reports.rollup import build_rollup
from lvzhi.reports.rollup_services import (
    MAX_FILE_BYTES,
    rollup_import,
    rollup_key_register,
    rollup_key_remove,
)
from lvzhi.reports.views import period_from_request


@login_required
def rollup(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.view_rollup")
    period = period_from_request(request, c)
    result = build_rollup(c, period)
    scope = scope_of(request.user)
    query = request.GET.urlencode()
    links = []
    for column in result.columns:
        sub = column.committee
        readable = scope.reads_committee_path(sub.path)
        links.append(
            {
                "readable": readable,
                "summary": (
                    f"{reverse('reports:summary', kwargs={'committee': sub.code})}?{query}"
                    if not column.own and can(request.user, "reports.view_summary", sub)
                    else ""
                ),
                "rollup": (
                    f"{reverse('reports:rollup', kwargs={'committee': sub.code})}?{query}"
                    if not column.own and len(column.committees) > 1 and readable
                    else ""
                ),
            }
        )
    rows = [
        {"row": row, "cells": [(cell, link["readable"]) for cell, link in zip(row.cells, links, strict=True)]}
        for row in result.rows
    ]
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": result,
            "columns": list(zip(result.columns, links, strict=True)),
            "rows": rows,
            "years": list(range(timezone.localdate().year, 2015, -1)),
            "selected_year": request.GET.get("year", ""),
            "can_import": can(request.user, "reports.import_rollup", c),
            "can_keys": can(request.user, "reports.manage_rollup_keys", c),
            "breadcrumbs": [(c.name, None), (_("下级汇总"), None)],
        },
    )


class ReportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("报送文件（.json）"))


@login_required
def rollup_import_page(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.import_rollup")
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            form.add_error("file", _("文件太大，不是报送文件。"))
        else:
            try:
                report = rollup_import(into=c, document=upload.read(), by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已导入「%(name)s」%(start)s至%(end)s的报送数据。")
                    % {"name": report.subordinate.name, "start": report.start, "end": report.end},
                )
                return redirect("reports:rollup_import", committee=c.code)
    reports = ReportedFigures.objects.filter(committee=c).select_related("subordinate", "imported_by")
    return render(
        request,
        "reports/rollup_import.html",
        {"form": form, "reports": reports, "breadcrumbs": [(c.name, None), (_("导入报送数据"), None)]},
    )


class KeyForm(forms.Form):
    subordinate = forms.ModelChoiceField(queryset=Committee.objects.none(), label=gettext_lazy("下级政协"))
    public_key = forms.CharField(
        label=gettext_lazy("公钥"), max_length=100, help_text=gettext_lazy("下级系统“汇总设置”页上显示的公钥")
    )

    def __init__(self, *args: object, committee: Committee, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["subordinate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Committee.objects.subtree(committee).exclude(pk=committee.pk)


@login_required
def rollup_keys(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.manage_rollup_keys")
    form = KeyForm(request.POST or None, committee=c)
    if request.method == "POST" and form.is_valid():
        try:
            rollup_key_register(
                committee=c,
                subordinate=form.cleaned_data["subordinate"],
                public_key=form.cleaned_data["public_key"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记公钥。"))
            return redirect("reports:rollup_keys", committee=c.code)
    public = signing.own_public_key()
    return render(
        request,
        "reports/rollup_keys.html",
        {
            "form": form,
            "own_public_key": public,
            "own_fingerprint": signing.fingerprint(public),
            "keys": SubordinateKey.objects.filter(committee=c).select_related("subordinate"),
            "breadcrumbs": [(c.name, None), (_("汇总设置"), None)],
        },
    )


@login_required
@require_POST
def rollup_key_delete(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    c = committee_for(request, committee, "reports.manage_rollup_keys")
    key = get_object_or_404(SubordinateKey.objects.filter(committee=c), pk=pk)
    rollup_key_remove(key=key, by=request.user)
    messages.success(request, _("已删除「%s」的公钥。") % key.subordinate.name)
    return redirect("reports:rollup_keys", committee=c.code)
