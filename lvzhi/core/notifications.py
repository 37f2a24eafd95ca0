"""Notices to users: always in the app, and copies through the channels the installation offers for the
notice's kind (e-mail, SMS, 政务微信 …), narrowed by each member's own choice. Every copy is recorded as
a ``NoticeDelivery`` (sent, or failed with the reason); one channel failing never stops the others.

``notify`` writes the notifications and the pending deliveries in the caller's transaction and sends
them after commit; ``delivery_send(delivery_id)`` and ``deliveries_send(ids)`` are plain functions, so a
background job (or a retry from the command line) can call them later with the same effect."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.gateways import GatewayError, gateway_for
from lvzhi.core.models import NoticeDelivery, NoticePreference, Notification

log = logging.getLogger(__name__)

APP = "app"
EMAIL = "email"
# The kinds a member chooses channels for (``*``: every kind without its own choice), and channel names.
NOTICE_KINDS = {"meeting": _("会议通知"), "*": _("其他通知")}
CHANNEL_LABELS = {APP: _("系统内通知"), EMAIL: _("电子邮件"), "sms": _("短信"), "wecom": _("政务微信")}


def offered_channels(kind: str) -> list[str]:
    """The channels the installation sends this kind of notice through (settings.LVZHI_NOTICE_CHANNELS)."""
    table: Mapping[str, list[str]] = getattr(settings, "LVZHI_NOTICE_CHANNELS", {})
    fallback = [APP, EMAIL] if getattr(settings, "LVZHI_EMAIL_NOTIFICATIONS", False) else [APP]
    channels = table.get(kind, table.get("*", fallback))
    return [APP, *(c for c in dict.fromkeys(channels) if c != APP)]


def channels_for(
    user: Any, kind: str, preferences: Mapping[tuple[int, str], list[str]] | None = None
) -> list[str]:
    """The channels this user gets this kind of notice through: the offered ones, narrowed by the user's
    preference for the kind (or for ``*``). The app channel cannot be turned off."""
    offered = offered_channels(kind)
    if preferences is None:
        preferences = {
            (p.user_id, p.kind): p.channels
            for p in NoticePreference.objects.filter(user=user, kind__in=[kind, "*"])
        }
    own = preferences.get((user.pk, kind), preferences.get((user.pk, "*")))
    if own is None:
        return offered
    return [c for c in offered if c == APP or c in own]


def preference_set(*, user: Any, kind: str, channels: Iterable[str]) -> NoticePreference:
    """A member chooses the channels for one kind of notice (``*`` for all kinds)."""
    pref, _created = NoticePreference.objects.update_or_create(
        user=user, kind=kind[:30], defaults={"channels": sorted(set(channels) - {APP})}
    )
    return pref


def address_of(user: Any, channel: str) -> str:
    """Where a copy goes: the account's e-mail, the person's mobile, or the user name (for a 政务微信 or
    other directory that knows the same accounts)."""
    if channel == EMAIL:
        return user.email or ""
    config = getattr(settings, "LVZHI_NOTICE_GATEWAYS", {}).get(channel, {})
    field = config.get("ADDRESS", "mobile")
    if field == "mobile":
        person = getattr(user, "person", None)
        return getattr(person, "mobile", "") or ""
    return str(getattr(user, field, "") or "")


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{getattr(settings, 'LVZHI_SITE_URL', '')}{url}"


def notify(
    *,
    users: Iterable[Any],
    committee: Any,
    key: str,
    text: str,
    url: str = "",
    kind: str = "*",
    links: Mapping[int, str] | None = None,
) -> int:
    """Send once per (user, key); returns how many were new. ``kind`` picks the channels (a meeting's
    notice is ``meeting``); ``links`` maps a user's pk to a link of their own (a signed reply link) that
    the copies outside the app carry. The copies go out after the commit."""
    targets = {u.pk: u for u in users if u is not None and u.is_active}
    if not targets:
        return 0
    already = set(
        Notification.objects.filter(key=key, user_id__in=list(targets)).values_list("user_id", flat=True)
    )
    fresh = [pk for pk in targets if pk not in already]
    Notification.objects.bulk_create(
        [
            Notification(user_id=pk, committee=committee, key=key[:120], text=text[:300], url=url[:300])
            for pk in fresh
        ],
        ignore_conflicts=True,
    )
    created = Notification.objects.filter(key=key[:120], user_id__in=fresh)
    # Addresses (a person's mobile) for every recipient in one query, not one per user.
    targets.update(get_user_model()._default_manager.filter(pk__in=fresh).select_related("person").in_bulk())
    preferences = {
        (p.user_id, p.kind): p.channels
        for p in NoticePreference.objects.filter(user_id__in=fresh, kind__in=[kind, "*"])
    }
    deliveries: list[NoticeDelivery] = []
    for n in created:
        user = targets[n.user_id]
        link = (links or {}).get(n.user_id, "")
        body = "\n".join(part for part in (text, absolute(url), link) if part)
        for channel in channels_for(user, kind, preferences):
            if channel == APP:
                continue
            address = address_of(user, channel)
            reason = "" if address else "未登记接收地址"
            if channel != EMAIL and channel not in getattr(settings, "LVZHI_NOTICE_GATEWAYS", {}):
                reason = f"未配置「{channel}」发送渠道"
            deliveries.append(
                NoticeDelivery(
                    notification=n,
                    channel=channel,
                    address=address[:200],
                    subject=f"[履职] {text[:60]}",
                    body=body,
                    status=NoticeDelivery.Status.FAILED if reason else NoticeDelivery.Status.PENDING,
                    reason=reason,
                )
            )
    NoticeDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    pending = list(
        NoticeDelivery.objects.filter(
            notification__in=created, status=NoticeDelivery.Status.PENDING
        ).values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: deliveries_send(pending))
    return len(fresh)


def delivery_send(delivery_id: int) -> str:
    """Send one pending (or failed) copy through its channel; record sent, or failed with the reason.
    Returns the new status. Never raises for a channel's failure: the next copy is tried all the same."""
    delivery = NoticeDelivery.objects.select_related("notification").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == NoticeDelivery.Status.SENT:
        return delivery.status if delivery else ""
    delivery.attempts += 1
    try:
        gateway_for(delivery.channel).send(delivery)
    except GatewayError as exc:
        delivery.status, delivery.reason = NoticeDelivery.Status.FAILED, str(exc)[:300]
    except Exception as exc:  # a broken gateway must not stop the other channels
        log.exception("notice delivery %s failed", delivery_id)
        delivery.status, delivery.reason = NoticeDelivery.Status.FAILED, f"{type(exc).__name__}: {exc}"[:300]
    else:
        delivery.status, delivery.reason, delivery.sent_at = NoticeDelivery.Status.SENT, "", timezone.now()
    delivery.save(update_fields=["status", "reason", "attempts", "sent_at"])
    return delivery.status


def deliveries_send(delivery_ids: Iterable[int]) -> dict[str, int]:
    """Send several copies, each on its own; returns how many ended sent and failed."""
    counts = {NoticeDelivery.Status.SENT.value: 0, NoticeDelivery.Status.FAILED.value: 0}
    for pk in delivery_ids:
        status = delivery_send(pk)
        if status in counts:
            counts[status] += 1
    return counts


def preference_rows(user: Any) -> list[dict[str, Any]]:
    """For the member's settings page: each kind, the channels offered outside the app, and which are on."""
    own = {p.kind: p.channels for p in NoticePreference.objects.filter(user=user)}
    rows = []
    for kind, label in NOTICE_KINDS.items():
        chosen = set(channels_for(user, kind, {(user.pk, k): v for k, v in own.items()}))
        rows.append(
            {
                "kind": kind,
                "label": label,
                "channels": [
                    {"name": c, "label": CHANNEL_LABELS.get(c, c), "on": c in chosen}
                    for c in offered_channels(kind)
                    if c != APP
                ],
            }
        )
    return rows


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
