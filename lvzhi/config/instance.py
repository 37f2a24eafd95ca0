"""Two instances of one installation (docs/deploy.md, "Two instances"): the intranet instance serves
everything; the outward-facing one (``LVZHI_INSTANCE=public``) serves only the public portal and the pages
members use on their phones, and answers 404 for every other page, the staff's and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

FULL, PUBLIC = "full", "public"


def instance() -> str:
    return str(getattr(settings, "LVZHI_INSTANCE", FULL))


def served_here(view_name: str) -> bool:
    if instance() != PUBLIC:
        return True
    return any(fnmatchcase(view_name, pattern) for pattern in settings.LVZHI_PUBLIC_VIEWS)


class InstanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if match is not None and not served_here(match.view_name):
            raise Http404
