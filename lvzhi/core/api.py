"""Shared pieces of the REST API: the committee of the URL through visible_to, and permission checks."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from lvzhi.core.permissions import can


class CommitteeMixin:
    """For views under /api/v1/committees/<code>/: 404 outside the readable scope, 403 if not permitted."""

    read_action: str | None = None
    request: Any  # the DRF Request of the view it is mixed into
    kwargs: dict[str, Any]

    def get_committee(self) -> Any:
        if not hasattr(self, "_committee"):
            model = apps.get_model("org", "Committee")
            committee = (
                model.objects.visible_to(self.request.user).filter(code=self.kwargs["committee"]).first()
            )
            if committee is None:
                raise Http404
            if self.read_action and not can(self.request.user, self.read_action, committee):
                raise PermissionDenied
            self._committee = committee
        return self._committee

    def check(self, action: str, obj: Any) -> None:
        if not can(self.request.user, action, obj):
            raise PermissionDenied
