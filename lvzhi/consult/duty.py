"""DutyRecords derived from the consult app: taking part in a consultation, and putting forward a
suggestion (whose outcome — adopted or not — rides along as detail)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind

PARTICIPATED = "consult.participated"
SUGGESTED = "consult.suggested"


def _participations(consultation: Any) -> Iterator[RecordSpec]:
    for person_id in consultation.participants.values_list("pk", flat=True):
        yield RecordSpec(
            person_id=person_id,
            kind=PARTICIPATED,
            date=consultation.start_on,
            detail={"form": consultation.form.name, "topic": consultation.topic},
        )


def _proposals(suggestion: Any) -> Iterator[RecordSpec]:
    for person_id in suggestion.proposers.values_list("pk", flat=True):
        yield RecordSpec(
            person_id=person_id,
            kind=SUGGESTED,
            date=suggestion.submitted_on,
            detail={
                "title": suggestion.title,
                "status": suggestion.status,
                "status_label": str(suggestion.get_status_display()),
                "adopted": suggestion.is_adopted,
            },
        )


def _url(name: str) -> Any:
    return lambda r: reverse(name, kwargs={"committee": r.committee.code, "pk": r.source_id})


def _describe_participation(record: Any) -> str:
    return f"{record.detail.get('form', '')}：{record.detail.get('topic', '')}"


def _describe_suggestion(record: Any) -> str:
    d = record.detail
    return (
        f"{d.get('title', '')}（{d['status_label']}）" if d.get("status_label") else str(d.get("title", ""))
    )


register_kind(
    DutyKind(
        PARTICIPATED,
        "参加协商活动",
        "consult.consultation",
        _participations,
        describe=_describe_participation,
        url=_url("consult:consultation"),
    )
)
register_kind(
    DutyKind(
        SUGGESTED,
        "提出意见建议",
        "consult.suggestion",
        _proposals,
        describe=_describe_suggestion,
        url=_url("consult:suggestion"),
    )
)
