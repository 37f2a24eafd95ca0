"""Sends a user who must change their password (first login, expired, reset) to the change page first."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

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


TWO_FACTOR_EXEMPT = ("/static/", "/i18n/", "/health", "/accounts/logout", "/accounts/two-factor/")


class TwoFactorMiddleware:
    """A session of a user whose role requires 两步验证 reaches no page before passing it (a session
    opened before the requirement, or by any path that skipped the login view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from lvzhi.accounts.twofactor import required_for
        from lvzhi.accounts.views_2fa import VERIFIED

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(VERIFIED)
            and not request.path.startswith(TWO_FACTOR_EXEMPT)
            and required_for(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先完成两步验证。"}, status=403)
            return redirect(
                f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
