"""社情民意 in the authors' duty archives (录入委员履职档案): submitting a piece, its adoption (and the higher
CPPCC's), and leaders' instructions — the three hooks the scoring schemes use (domain.md §4.2, §5.3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


register_kind(DutyKind(SUBMITTED, "报送社情民意信息", "opinions.opinion", _submitted))
register_kind(DutyKind(ADOPTED, "社情民意信息被采用", "opinions.opinion", _adopted))
register_kind(DutyKind(INSTRUCTED, "社情民意信息获领导批示", "opinions.opinion", _instructed))
