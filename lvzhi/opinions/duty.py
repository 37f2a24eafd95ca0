"""社情民意 in the authors' duty archives (录入委员履职档案): submitting a piece, its adoption (and the higher
CPPCC's), and leaders' instructions — the three hooks the scoring schemes use (domain.md §4.2, §5.3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.opinions.choices import MEMBER_KINDS, Level

SUBMITTED = "opinion.submitted"
ADOPTED = "opinion.adopted"
INSTRUCTED = "opinion.instructed"

_RANK = {level: n for n, level in enumerate(Level.values)}


def _members(o: Any) -> list[int]:
    return o.author_ids() if o.kind in MEMBER_KINDS else []


def _submitted(o: Any) -> Iterator[RecordSpec]:
    if o.submitted_on is None:
        return
    for n, person_id in enumerate(_members(o)):
        yield RecordSpec(
            person_id=person_id,
            kind=SUBMITTED,
            date=o.submitted_on,
            detail={"title": o.title, "first": n == 0, "adopted": o.adopted_on is not None},
        )


def _adopted(o: Any) -> Iterator[RecordSpec]:
    if o.adopted_on is None:
        return
    upper = [r for r in o.reports.all() if r.upper_adopted_on is not None]
    for n, person_id in enumerate(_members(o)):
        yield RecordSpec(
            person_id=person_id,
            kind=ADOPTED,
            date=o.adopted_on,
            detail={"title": o.title, "issue": o.issue, "first": n == 0, "upper": bool(upper)},
        )


def _instructed(o: Any) -> Iterator[RecordSpec]:
    instructions = list(o.instructions.all())
    if not instructions:
        return
    first = min(i.instructed_on for i in instructions)
    highest = min((i.level for i in instructions), key=lambda level: _RANK.get(level, 99))
    for n, person_id in enumerate(_members(o)):
        yield RecordSpec(
            person_id=person_id,
            kind=INSTRUCTED,
            date=first,
            detail={"title": o.title, "level": highest, "count": len(instructions), "first": n == 0},
        )


def _url(record: Any) -> str:
    return reverse("opinions:detail", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _describe(record: Any) -> str:
    d = record.detail
    extra = d.get("issue") or ("" if d.get("first", True) else "联名")
    if record.kind == INSTRUCTED:
        extra = str(Level(d["level"]).label) if d.get("level") in Level.values else ""
    return f"{d.get('title', '')}（{extra}）" if extra else str(d.get("title", ""))


for code, label, derive in (
    (SUBMITTED, "报送社情民意信息", _submitted),
    (ADOPTED, "社情民意信息被采用", _adopted),
    (INSTRUCTED, "社情民意信息获领导批示", _instructed),
):
    register_kind(DutyKind(code, label, "opinions.opinion", derive, describe=_describe, url=_url))
