"""Liaison's DutyRecords: each leader on a site visit to a key project has a ``liaison.visit`` record,
derived from the visit by its own services (a leader who is a 委员 finds it in their archive)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

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


def _describe(record: Any) -> str:
    return f"{record.detail.get('project', '')}：{record.detail.get('purpose', '')}"


def _url(record: Any) -> str:
    return reverse("liaison:visit", kwargs={"committee": record.committee.code, "pk": record.source_id})


register_kind(DutyKind(VISIT, "重点项目现场督导", "liaison.sitevisit", _visit, describe=_describe, url=_url))
