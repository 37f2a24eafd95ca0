"""Every page goes to the setup wizard while the installation has no committee (or its set-up is
unfinished), whichever way the server was started (runserver, gunicorn, ``make run``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from lvzhi.setup.services import setup_needed, token_ensure

# The wizard itself, what its pages load, the user guide, the health check and the language switch stay
# reachable.
OPEN_PREFIXES = ("/setup/", "/static/", "/help/", "/health", "/i18n/")


class SetupWizardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Once set up, an installation stays set up: no query per request from then on.
        self.done = False
        self.announced = False
        if settings.LVZHI_SETUP_WIZARD:
            self._announce()

    def _announce(self) -> None:
        """Print the token (or where it is) on the server's console, at start-up or the first request."""
        try:
            if setup_needed():
                token_ensure()
                self.announced = True
        except DatabaseError:  # not migrated yet: the first request tries again
            pass

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.done or not settings.LVZHI_SETUP_WIZARD:
            return self.get_response(request)
        if not setup_needed():
            self.done = True
            return self.get_response(request)
        if not self.announced:
            self._announce()
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "lvzhi 尚未完成初始设置。"}, status=503)
        return redirect("setup:start")
