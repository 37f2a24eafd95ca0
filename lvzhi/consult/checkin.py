"""Consultations take QR check-in from their first to their last day; checking in adds the participant."""

from __future__ import annotations

from typing import Any

from lvzhi.consult.services import participant_set
from lvzhi.core.checkin import Checkable, day_window, register


def _window(c: Any) -> tuple[Any, Any]:
    return day_window(c.start_on)[0], day_window(c.end_on or c.start_on)[1]


register(
    Checkable(
        kind="consultation",
        label="协商活动",
        model="consult.consultation",
        window=_window,
        attend=lambda c, person, by: participant_set(consultation=c, person=person, present=True, by=by),
        withdraw=lambda c, person, by: participant_set(consultation=c, person=person, present=False, by=by),
        title=lambda c: c.topic,
        manage="consult.manage",
    )
)
