"""In-app notifications, and an e-mail copy when the installation has mail configured."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from lvzhi.core.models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable[Any], committee: Any, key: str, text: str, url: str = "") -> int:
    """Send once per (user, key); returns how many were new. E-mail follows the commit when
    ``LVZHI_EMAIL_NOTIFICATIONS`` is on and the user has an address."""
    targets = {u.pk: u for u in users if u is not None and u.is_active}
    if not targets:
        return 0
    already = set(
        Notification.objects.filter(key=key, user_id__in=list(targets)).values_list("user_id", flat=True)
    )
    new = [
        Notification(user_id=pk, committee=committee, key=key[:120], text=text[:300], url=url[:300])
        for pk in targets
        if pk not in already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if new and getattr(settings, "LVZHI_EMAIL_NOTIFICATIONS", False):
        mails = [
            (f"[履职] {text[:60]}", f"{text}\n{url}", None, [targets[n.user_id].email])
            for n in new
            if targets[n.user_id].email
        ]
        transaction.on_commit(lambda: _send(mails))
    return len(new)


def _send(mails: list[tuple[str, str, None, list[str]]]) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except OSError:  # the in-app notification stands; mail is a copy
        log.exception("notification mail failed")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
