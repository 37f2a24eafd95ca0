"""Liaison's DutyRecords: each leader on a site visit to a key project has a ``liaison.visit`` record,
derived from the visit by its own services (a leader who is a 委员 finds it in their archive)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind

VISIT = "liaison.visit"


def _visit(visit: Any) -> Iterator[RecordSpec]:
    for person_id in visit.attendances.values_list("person_id", flat=True):
        yield RecordSpec(
            person_id=person_id,
            kind=VISIT,
            date=visit.visited_on,
            detail={"project": visit.project.name, "purpose": visit.purpose},
        )


register_kind(DutyKind(VISIT, "重点项目现场督导", "liaison.sitevisit", _visit))
