"""Logins, failed logins and logouts go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lvzhi.core.audit import audit_log
from lvzhi.core.models import AuditEvent


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_log("login", user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log("logout", user=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_log("login", username=str(credentials.get("username", ""))[:150], result=AuditEvent.Result.FAILURE)
