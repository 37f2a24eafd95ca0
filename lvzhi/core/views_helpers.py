"""Helpers every app's views use: the committee in the URL, read through visible_to, and permission checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.core.permissions import can


def committee_for(request: HttpRequest, code: str, action: str | None = None) -> Any:
    """The committee of the URL if the user may read it (else 404), checked for an action (else 403)."""
    committee_model = apps.get_model("org", "Committee")
    committee = get_object_or_404(committee_model.objects.visible_to(request.user), code=code)
    request.committee = committee  # type: ignore[attr-defined]  # the shell shows it without a second query
    if action is not None and not can(request.user, action, committee):
        raise PermissionDenied
    return committee


def require(request: HttpRequest, action: str, obj: Any) -> None:
    if not can(request.user, action, obj):
        raise PermissionDenied


def date_param(request: HttpRequest, name: str) -> date | None:
    """A YYYY-MM-DD query parameter, None when absent; a malformed date is a 404, not a 500."""
    text = request.GET.get(name)
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise Http404("bad date")
    return value


def as_of(request: HttpRequest) -> date:
    """The date a list is taken on (?as_of=YYYY-MM-DD), default today."""
    return date_param(request, "as_of") or timezone.localdate()


def import_upload(request: HttpRequest) -> Any:
    """The file posted to an import page, or None with a message saying why (none chosen, too large);
    the size is checked before the file is read into memory."""
    from django.contrib import messages

    from lvzhi.core.tabular import MAX_BYTES

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的文件。"))
        return None
    if upload.size and upload.size > MAX_BYTES:
        messages.error(request, _("文件过大（上限 10 MB）。"))
        return None
    return upload


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on a form: on its field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
