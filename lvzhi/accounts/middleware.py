"""Sends a user who must change their password (first login, expired, reset) to the change page first."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/i18n/", "/health", "/accounts/logout", "/accounts/password/")


class PasswordPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.must_change_password or user.password_expired())
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先修改密码后再使用。"}, status=403)
            return redirect(f"{reverse('accounts:password_change')}?next={request.get_full_path()}")
        return self.get_response(request)
