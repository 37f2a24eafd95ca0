"""Signed reply links (回执链接) in a meeting notice's e-mail and SMS: one per invitee, naming the meeting
and the person, valid for ``LVZHI_REPLY_LINK_DAYS``. The link only opens the reply page after login, and
only for the person it names."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.notifications import absolute

SALT = "lvzhi.meetings.reply"


class ReplyLinkError(Exception):
    """Why a link cannot be used, in Chinese for the member."""


@dataclass(frozen=True)
class ReplyClaim:
    meeting_id: int
    person_id: int


def reply_token(meeting_id: int, person_id: int) -> str:
    return signing.dumps({"m": meeting_id, "p": person_id}, salt=SALT)


def reply_link(meeting: object, person_id: int | None) -> str:
    committee = meeting.committee  # type: ignore[attr-defined]
    token = reply_token(meeting.pk, person_id or 0)  # type: ignore[attr-defined]
    return absolute(reverse("meetings:reply_link", kwargs={"committee": committee.code, "token": token}))


def reply_claim(token: str) -> ReplyClaim:
    """The meeting and person a token names; raises ``ReplyLinkError`` for a stale or forged one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.LVZHI_REPLY_LINK_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise ReplyLinkError(
            _("该回执链接已过期。请登录后在「我的会议」中查看通知并回复，或联系会务工作人员。")
        ) from exc
    except signing.BadSignature as exc:
        raise ReplyLinkError(
            _("该回执链接无效（不完整或已被改动）。请使用通知中的原始链接，或登录后在「我的会议」中回复。")
        ) from exc
    return ReplyClaim(meeting_id=int(data["m"]), person_id=int(data["p"]))
