from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.models import Attachment, Notification
from lvzhi.core.notifications import preference_rows, preference_set
from lvzhi.core.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """To the user's committee; with roles in several, the first by the tree (the shell switches)."""
    scope = request.user.scope  # type: ignore[union-attr]
    committee = (
        apps.get_model("org", "Committee").objects.filter(pk__in=list(scope.roles)).order_by("path").first()
    )
    if committee is not None:
        if settings.LVZHI_INSTANCE == "public":  # the outward-facing instance has no dashboard
            return redirect("duty:mine", committee=committee.code)
        if scope.roles_in(committee.pk) == {Role.UNIT}:  # a handling unit works on its proposals only
            return redirect("proposals:list", committee=committee.code)
        return redirect("reports:dashboard", committee=committee.code)
    return render(request, "core/no_role.html", status=403)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's own notifications; POST marks them read (one, or all)."""
    mine = Notification.objects.filter(user_id=int(request.user.pk or 0)).select_related("committee")
    if request.method == "POST":
        which = request.POST.get("id", "")
        unread = mine.filter(read_at__isnull=True)
        (unread.filter(pk=int(which)) if which.isdigit() else unread).update(read_at=timezone.now())
        return redirect("core:notifications")
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page, "rows": page.object_list})


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """The member's own channels per kind of notice (e-mail, SMS …); the app is always on."""
    if request.method == "POST":
        for row in preference_rows(request.user):
            if row["channels"]:  # a kind with nothing to choose keeps no choice, so later channels reach it
                kind = row["kind"]
                preference_set(
                    user=request.user, kind=kind, channels=request.POST.getlist(f"channels-{kind}")
                )
        messages.success(request, _("已保存。"))
        return redirect("core:notification_settings")
    return render(request, "core/notification_settings.html", {"rows": preference_rows(request.user)})


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file, only to those who may read the record it is attached to (404 otherwise)."""
    item = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = item.content_type.model_class()
    manager: Any = model._default_manager if model is not None else None
    if manager is None or not manager.visible_to(request.user).filter(pk=item.object_id).exists():
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
