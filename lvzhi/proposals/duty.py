"""Submitting a proposal and co-signing one (附议) are DutyRecords derived from the proposal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind
from lvzhi.proposals.choices import REGISTERED_STATES, CosignStatus, ProposerKind, Status

SUBMITTED = "proposal.submitted"
COSIGNED = "proposal.cosigned"


def _detail(p: Any) -> dict[str, Any]:
    return {
        "title": p.title,
        "number": p.number,
        "registered": p.status in REGISTERED_STATES,
        "status": str(Status(p.status).label),
    }


def _submitted(p: Any) -> Iterator[RecordSpec]:
    # A body's proposal (专委会, 界别, 党派团体) is not one member's duty; its contact person is not its author.
    if p.submitted_on is None or p.kind not in (ProposerKind.MEMBER, ProposerKind.JOINT):
        return
    yield RecordSpec(person_id=p.lead_id, kind=SUBMITTED, date=p.submitted_on, detail=_detail(p))


def _cosigned(p: Any) -> Iterator[RecordSpec]:
    if p.submitted_on is None:
        return
    for c in p.cosigners.all():
        if c.status == CosignStatus.SIGNED:
            day = c.answered_at.date() if c.answered_at else p.submitted_on
            yield RecordSpec(person_id=c.person_id, kind=COSIGNED, date=day, detail=_detail(p))


def _url(record: Any) -> str:
    return reverse("proposals:detail", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _describe(record: Any) -> str:
    d = record.detail
    number = f"第{d['number']}号 " if d.get("number") else ""
    return f"{number}{d.get('title', '')}（{d.get('status', '')}）"


register_kind(DutyKind(SUBMITTED, "提出提案", "proposals.proposal", _submitted, describe=_describe, url=_url))
register_kind(DutyKind(COSIGNED, "附议提案", "proposals.proposal", _cosigned, describe=_describe, url=_url))
