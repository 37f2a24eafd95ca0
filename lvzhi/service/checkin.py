"""Service activities take QR check-in: from an hour before their start time until their end, or on
their day when no times were entered; checking in adds the participant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lvzhi.core.checkin import Checkable, around, day_window, register
from lvzhi.service.services import activity_attend, activity_leave


def _window(a: Any) -> tuple[datetime, datetime]:
    if a.starts_at and a.ends_at:
        return around(a.starts_at, a.ends_at)
    return day_window(a.held_on)


register(
    Checkable(
        kind="service-activity",
        label="服务活动",
        model="service.serviceactivity",
        window=_window,
        attend=lambda a, person, by: activity_attend(activity=a, person=person, by=by),
        withdraw=lambda a, person, by: activity_leave(activity=a, person=person, by=by),
        title=lambda a: a.title,
        manage="service.manage",
    )
)
