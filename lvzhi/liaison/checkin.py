"""Site visits take QR check-in on their day from the committee's leaders (主席会议成员); checking in adds
the leader to the visit."""

from __future__ import annotations

from typing import Any

from lvzhi.core.checkin import Checkable, day_window, register
from lvzhi.liaison.services import is_chairs_member, visit_attend, visit_leave


def _expected(visit: Any, person: Any) -> bool:
    return is_chairs_member(visit.committee, person, visit.visited_on)


register(
    Checkable(
        kind="site-visit",
        label="重点项目现场督导",
        model="liaison.sitevisit",
        window=lambda v: day_window(v.visited_on),
        attend=lambda v, person, by: visit_attend(visit=v, person=person, by=by),
        withdraw=lambda v, person, by: visit_leave(visit=v, person=person, by=by),
        title=lambda v: f"{v.project.name}：{v.purpose}",
        manage="liaison.record",
        expected=_expected,
    )
)
