"""Channels that carry a notice outside the app. E-mail goes through Django's mail backend (SMTP in
production); every other channel (SMS, 政务微信 …) is a gateway named in ``LVZHI_NOTICE_GATEWAYS`` whose
``BACKEND`` is a class with ``send(delivery)``. The one shipped, ``HttpGateway``, POSTs a signed JSON body
to the integrator's URL; its contract is in docs/notices.md."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A copy could not be delivered; the message is recorded as the reason (in Chinese for the office)."""


class Gateway(Protocol):
    def send(self, delivery: Any) -> None: ...


class EmailGateway:
    def send(self, delivery: Any) -> None:
        message = EmailMessage(subject=delivery.subject, body=delivery.body, to=[delivery.address])
        try:
            message.send(fail_silently=False)
        except OSError as exc:  # smtplib's errors are OSErrors
            raise GatewayError(f"邮件发送失败：{exc}") from exc


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``timestamp + "." + body``, hex: what the receiver recomputes to trust a call."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class HttpGateway:
    """POST ``{"id", "channel", "to", "subject", "text", "sent_at"}`` as JSON to ``URL``, with headers
    ``X-Lvzhi-Timestamp``, ``X-Lvzhi-Signature: sha256=<hex>`` (when ``SECRET`` is set) and
    ``Authorization: Bearer <TOKEN>`` (when ``TOKEN`` is set). Any 2xx answer is success."""

    def __init__(self, channel: str, config: dict[str, Any]) -> None:
        self.channel = channel
        self.url = config["URL"]
        self.secret = config.get("SECRET", "")
        self.token = config.get("TOKEN", "")
        self.timeout = float(config.get("TIMEOUT", 10))

    def payload(self, delivery: Any) -> bytes:
        return json.dumps(
            {
                "id": delivery.pk,
                "channel": self.channel,
                "to": delivery.address,
                "subject": delivery.subject,
                "text": delivery.body,
                "sent_at": int(time.time()),
            },
            ensure_ascii=False,
        ).encode()

    def send(self, delivery: Any) -> None:
        body = self.payload(delivery)
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json; charset=utf-8", "X-Lvzhi-Timestamp": timestamp}
        if self.secret:
            headers["X-Lvzhi-Signature"] = "sha256=" + sign(self.secret, timestamp, body)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(1024)
        except urllib.error.HTTPError as exc:
            raise GatewayError(f"网关返回 {exc.code}：{exc.read(200).decode(errors='replace')}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GatewayError(f"无法连接网关：{getattr(exc, 'reason', exc)}") from exc


def gateway_for(channel: str) -> Gateway:
    if channel == "email":
        return EmailGateway()
    config = getattr(settings, "LVZHI_NOTICE_GATEWAYS", {}).get(channel)
    if not config:
        raise GatewayError(f"未配置「{channel}」发送渠道")
    backend = import_string(config.get("BACKEND", "lvzhi.core.gateways.HttpGateway"))
    return backend(channel, config)
