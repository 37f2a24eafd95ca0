"""Check-in pages: the member's page behind an activity's QR code (log in, tap 签到), and the staff page
with the QR code to show on a screen or print, who has checked in, and corrections with reasons."""

from __future__ import annotations

import hmac
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import checkin
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import committee_for
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Person


def _activity(request: HttpRequest, committee: str, kind: str, pk: int) -> tuple[Any, checkin.Checkable, Any]:
    c = committee_for(request, committee)
    checkable = checkin.get(kind)
    if checkable is None:
        raise Http404
    try:
        activity = checkable.get(c, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    return c, checkable, activity


@login_required
def checkin_page(request: HttpRequest, committee: str, kind: str, pk: int, token: str) -> HttpResponse:
    """Behind the QR code: the activity, and one button; the person is always the logged-in one."""
    _c, checkable, activity = _activity(request, committee, kind, pk)
    if not hmac.compare_digest(token, checkin.token(kind, activity.pk)):
        raise Http404
    person = getattr(request.user, "person", None)
    done = person is not None and checkin.check_ins(checkable, activity).filter(person=person).exists()
    error = ""
    if request.method == "POST" and not done:
        try:
            checkin.check_in(checkable=checkable, activity=activity, given_token=token, by=request.user)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            done = True
    start, end = checkable.window(activity)
    return render(
        request,
        "core/checkin.html",
        {
            "activity_label": checkable.label,
            "title": checkable.title(activity),
            "start": timezone.localtime(start),
            "end": timezone.localtime(end),
            "done": done,
            "error": error,
        },
    )


class CorrectForm(StyledForm):
    person = forms.ModelChoiceField(label=gettext_lazy("人员"), queryset=Person.objects.none())
    present = forms.TypedChoiceField(
        label=gettext_lazy("更正为"),
        choices=[("1", gettext_lazy("补登签到")), ("0", gettext_lazy("撤销签到"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=gettext_lazy("更正原因"), max_length=200)

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(committee=committee).official_order()  # type: ignore[attr-defined]


@login_required
def checkin_manage(request: HttpRequest, committee: str, kind: str, pk: int) -> HttpResponse:
    """The QR code and the list of check-ins, for whoever records the activity's attendance."""
    c, checkable, activity = _activity(request, committee, kind, pk)
    if not can(request.user, checkable.manage, activity):
        raise PermissionDenied
    form = CorrectForm(request.POST or None, committee=c)
    if request.method == "POST" and form.is_valid():
        try:
            checkin.checkin_correct(
                checkable=checkable,
                activity=activity,
                person=form.cleaned_data["person"],
                present=form.cleaned_data["present"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已更正。"))
            return redirect(request.path)
    link = request.build_absolute_uri(checkin.url(c, kind, activity.pk))
    start, end = checkable.window(activity)
    url = activity.get_absolute_url() if hasattr(activity, "get_absolute_url") else None
    return render(
        request,
        "core/checkin_manage.html",
        {
            "activity_label": checkable.label,
            "title": checkable.title(activity),
            "start": timezone.localtime(start),
            "end": timezone.localtime(end),
            "link": link,
            "qr": mark_safe(
                segno.make(link, error="m").svg_inline(scale=5, dark="#111")
            ),  # drawn by the server
            "rows": checkin.check_ins(checkable, activity),
            "form": form,
            "breadcrumbs": [(c.name, None), (checkable.title(activity), url), (_("签到"), None)],
        },
    )
