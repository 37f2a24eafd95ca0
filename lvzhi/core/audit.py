"""Writing the audit trail: every login, export, import, reveal of sensitive data and role change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from lvzhi.core.middleware import client_ip, current_request
from lvzhi.core.models import AuditEvent


def audit_log(
    action: str,
    *,
    user: Any = None,
    obj: models.Model | None = None,
    committee: Any = None,
    result: str = AuditEvent.Result.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event; user and IP default to the current request's."""
    event = _event(
        action, user=user, obj=obj, committee=committee, result=result, detail=detail, username=username
    )
    event.save()
    return event


def audit_log_many(action: str, objs: Sequence[models.Model], *, user: Any = None) -> None:
    """One event per object, as ``audit_log`` would append them, written in batches (a bulk service)."""
    AuditEvent.objects.bulk_create([_event(action, user=user, obj=obj) for obj in objs], batch_size=500)


def _event(
    action: str,
    *,
    user: Any = None,
    obj: models.Model | None = None,
    committee: Any = None,
    result: str = AuditEvent.Result.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    request = current_request.get()
    if user is None and request is not None and getattr(request.user, "is_authenticated", False):
        user = request.user
    if committee is None and obj is not None:
        committee = committee_of(obj)
    return AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        username=username or (user.get_username() if getattr(user, "pk", None) else ""),
        ip=client_ip(request),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        committee_id=getattr(committee, "pk", committee),
        result=result,
        detail=detail or {},
    )


def committee_of(obj: Any) -> Any:
    """The committee a row belongs to (a Committee belongs to itself)."""
    if obj._meta.label_lower == "org.committee":
        return obj
    return getattr(obj, "committee", None)


def history_models() -> list[type[models.Model]]:
    """Every model's simple-history table: the trail of field changes."""
    return [
        m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_date")
    ]


@transaction.atomic
def audit_prune(*, now: Any = None) -> dict[str, int]:
    """Delete audit events and field history older than the retention period (never under 180 days)."""
    days = max(180, settings.LVZHI_AUDIT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    removed = {"events": AuditEvent.objects.filter(at__lt=cutoff).delete()[0]}
    for model in history_models():
        removed[model._meta.label_lower] = model._default_manager.filter(history_date__lt=cutoff).delete()[0]
    return removed
