"""Service's DutyRecords: a staff deployment, a member's part in a campaign, a member's donation, and
serving in a sector's service activity. Each is derived from its source row by the source's own service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lvzhi.duty.kinds import DutyKind, RecordSpec, register_kind

DEPLOYED = "service.deployed"
CAMPAIGN = "service.campaign"
DONATED = "service.donated"
ACTIVITY = "service.activity"


def _deployed(deployment: Any) -> Iterator[RecordSpec]:
    yield RecordSpec(
        person_id=deployment.person_id,
        kind=DEPLOYED,
        date=deployment.start_on,
        detail={
            "campaign": deployment.campaign.name,
            "campaign_id": deployment.campaign_id,
            "place": deployment.place,
            "role": deployment.role,
            "end_on": deployment.end_on.isoformat() if deployment.end_on else "",
        },
    )


def _campaign(participation: Any) -> Iterator[RecordSpec]:
    yield RecordSpec(
        person_id=participation.person_id,
        kind=CAMPAIGN,
        date=participation.start_on,
        detail={
            "campaign": participation.campaign.name,
            "campaign_id": participation.campaign_id,
            "did": participation.did,
        },
    )


def _donated(donation: Any) -> Iterator[RecordSpec]:
    if donation.donor_person_id:
        yield RecordSpec(
            person_id=donation.donor_person_id,
            kind=DONATED,
            date=donation.donated_on,
            detail={
                "campaign": donation.campaign.name,
                "campaign_id": donation.campaign_id,
                "amount": f"{donation.total:.2f}",
                "money": f"{donation.money:.2f}",
                "goods": donation.goods,
                "donor": donation.donor_name,
            },
        )


def _activity(activity: Any) -> Iterator[RecordSpec]:
    detail = {
        "title": activity.title,
        "sector": activity.organizer,
        "kind": str(activity.get_kind_display()),
        "beneficiaries": activity.beneficiaries,
    }
    for person_id in activity.participations.values_list("person_id", flat=True):
        yield RecordSpec(person_id=person_id, kind=ACTIVITY, date=activity.held_on, detail=detail)


def _campaign_url(record: Any) -> str | None:
    pk = record.detail.get("campaign_id")
    return reverse("service:campaign", kwargs={"committee": record.committee.code, "pk": pk}) if pk else None


def _activity_url(record: Any) -> str:
    return reverse("service:activity", kwargs={"committee": record.committee.code, "pk": record.source_id})


def _describe(record: Any) -> str:
    d = record.detail
    if record.kind == DEPLOYED:
        return f"{d.get('campaign', '')}：{d.get('place', '')}"
    if record.kind == CAMPAIGN:
        return f"{d.get('campaign', '')}：{d.get('did', '')}".rstrip("：")
    if record.kind == DONATED:
        return f"{d.get('campaign', '')}：{d.get('amount', '')}元"
    return f"{d.get('title', '')}（{d.get('sector', '')}）"


register_kind(DutyKind(DEPLOYED, "机关干部下沉", "service.deployment", _deployed, _describe, _campaign_url))
register_kind(
    DutyKind(CAMPAIGN, "参加服务行动", "service.campaignparticipation", _campaign, _describe, _campaign_url)
)
register_kind(DutyKind(DONATED, "捐款捐物", "service.donation", _donated, _describe, _campaign_url))
register_kind(
    DutyKind(ACTIVITY, "参加界别服务活动", "service.serviceactivity", _activity, _describe, _activity_url)
)
