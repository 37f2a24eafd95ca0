"""The second login step (两步验证): after the password, a code from the authenticator app (or a recovery
code); enrolment with a QR code for those who have none; the 安全管理员's reset. A wrong code counts as a
failed login for django-axes, so the same lockout applies."""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.models import TwoFactor, User
from lvzhi.accounts.twofactor import (
    enabled_for,
    qr_svg,
    required_for,
    secret_of,
    two_factor_begin,
    two_factor_confirm,
    two_factor_reset,
    two_factor_verify,
)
from lvzhi.core.views_helpers import committee_for

PENDING = "lvzhi_2fa_pending"  # {"user", "backend", "at", "next"}: the password was right, the code is due
VERIFIED = "lvzhi_2fa"  # this session passed the second step
PENDING_SECONDS = 300


def start_second_step(request: HttpRequest, user: Any, next_url: str) -> None:
    """Called by the login view instead of logging in: remember who typed the right password."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "at": time.time(),
        "next": next_url,
    }


def _pending(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    if request.user.is_authenticated:
        return request.user, {}
    data = request.session.get(PENDING) or {}
    if not data or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None, {}
    return User.objects.filter(pk=data["user"], is_active=True).first(), data


def _complete(request: HttpRequest, user: User, data: dict[str, Any]) -> str:
    """Log in (if the password step was just passed) and mark the session verified; the next page."""
    if data:
        request.session.pop(PENDING, None)
        login(request, user, backend=data["backend"])
    request.session[VERIFIED] = True
    target = str(data.get("next") or request.GET.get("next") or "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("core:home")
    return target


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.username}


def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify (the user has the second step on) or enrol (they have none yet)."""
    user, data = _pending(request)
    if user is None:
        messages.error(request, _("验证已超时，请重新登录。"))
        return redirect("accounts:login")
    if request.user.is_authenticated and request.session.get(VERIFIED) and enabled_for(user):
        return render(request, "accounts/two_factor.html", {"mode": "done", "tf": user.two_factor})
    if enabled_for(user):
        return _verify(request, user, data)
    return _enrol(request, user, data)


def _verify(request: HttpRequest, user: User, data: dict[str, Any]) -> HttpResponse:
    credentials = _credentials(user)
    if AxesProxyHandler.is_locked(request, credentials=credentials):
        return get_lockout_response(request, credentials=credentials)
    error = ""
    if request.method == "POST":
        if two_factor_verify(user=user, code=request.POST.get("code", "")):
            return redirect(_complete(request, user, data))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        error = _("验证码不正确或已使用过，请输入认证器中新的验证码。")
    return render(
        request, "accounts/two_factor.html", {"mode": "verify", "error": error}, status=400 if error else 200
    )


def _enrol(request: HttpRequest, user: User, data: dict[str, Any]) -> HttpResponse:
    tf = TwoFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    error = ""
    if request.method == "POST" and tf is not None:
        codes = two_factor_confirm(tf=tf, code=request.POST.get("code", ""))
        if codes is not None:
            next_url = _complete(request, user, data)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
        error = _("验证码不正确，请核对手机时间后输入认证器中显示的6位数字。")
    if tf is None or request.method == "GET":
        tf = two_factor_begin(user=user)
    secret = secret_of(tf)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "mode": "enrol",
            "required": required_for(user),
            "qr": mark_safe(qr_svg(tf)),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def two_factor_reset_view(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """安全管理员 resets a user's second step (a lost phone); audited."""
    from lvzhi.accounts.views import _require_within, _users_of

    c = committee_for(request, committee, "accounts.reset_password")
    user = get_object_or_404(_users_of(c), pk=pk)
    _require_within(user, c)
    two_factor_reset(user=user, by=request.user)
    messages.success(request, _("已重置两步验证，该用户下次登录时须重新绑定认证器。"))
    return redirect("accounts:user_detail", committee=c.code, pk=user.pk)
