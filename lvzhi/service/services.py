"""Every write of service is one service: it validates, saves, syncs the DutyRecords the row implies in the
same transaction, and leaves an audit entry. Views, the import, the demo and tests all call these; a
check-in elsewhere calls ``activity_attend`` and ``campaign_join``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.duty.services import duty_record_sync, duty_records_clear
from lvzhi.org.models import Committee, Person
from lvzhi.service.models import (
    ActivityParticipant,
    CampaignParticipation,
    Deployment,
    Donation,
    ServiceActivity,
    ServiceCampaign,
)

CAMPAIGN_FIELDS = ("name", "start_on", "end_on", "description")
DEPLOYMENT_FIELDS = ("person", "place", "start_on", "end_on", "role", "note")
PARTICIPATION_FIELDS = ("did", "start_on", "end_on")
DONATION_FIELDS = (
    "donor_person",
    "donor_name",
    "donated_on",
    "money",
    "goods",
    "goods_value",
    "receipt_no",
    "note",
)
ACTIVITY_FIELDS = (
    "title",
    "sector",
    "kind",
    "held_on",
    "place",
    "starts_at",
    "ends_at",
    "beneficiaries",
    "description",
)


def _assign(obj: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _own_person(committee_id: int, person: Person, label: str) -> None:
    if person.committee_id != committee_id:
        raise ValidationError({label: _("不属于本政协。")})


# 服务行动 -------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, committee: Committee, data: dict[str, Any], by: Any = None) -> ServiceCampaign:
    campaign = ServiceCampaign(committee=committee)
    _assign(campaign, data, CAMPAIGN_FIELDS)
    if ServiceCampaign.objects.filter(committee=committee, name=campaign.name).exists():
        raise ValidationError({"name": _("已有名为「%s」的服务行动。") % campaign.name})
    campaign.full_clean()
    campaign.save()
    audit_log("service_campaign_create", user=by, obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: ServiceCampaign, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> ServiceCampaign:
    campaign.claim_version(expected_version)
    _assign(campaign, data, CAMPAIGN_FIELDS)
    if (
        ServiceCampaign.objects.filter(committee_id=campaign.committee_id, name=campaign.name)
        .exclude(pk=campaign.pk)
        .exists()
    ):
        raise ValidationError({"name": _("已有名为「%s」的服务行动。") % campaign.name})
    campaign.full_clean()
    campaign.save()
    audit_log("service_campaign_update", user=by, obj=campaign)
    return campaign


# 机关干部下沉 ---------------------------------------------------------------------------------------------


@transaction.atomic
def deployment_create(*, campaign: ServiceCampaign, data: dict[str, Any], by: Any = None) -> Deployment:
    """One of the office staff sent to a community (小区) for the campaign."""
    deployment = Deployment(committee_id=campaign.committee_id, campaign=campaign)
    _assign(deployment, data, DEPLOYMENT_FIELDS)
    deployment.full_clean()
    deployment.save()
    audit_log("service_deployment_create", user=by, obj=deployment)
    duty_record_sync(deployment)
    return deployment


@transaction.atomic
def deployment_update(
    *, deployment: Deployment, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Deployment:
    deployment.claim_version(expected_version)
    _assign(deployment, data, DEPLOYMENT_FIELDS)
    deployment.full_clean()
    deployment.save()
    audit_log("service_deployment_update", user=by, obj=deployment)
    duty_record_sync(deployment)
    return deployment


@transaction.atomic
def deployment_delete(*, deployment: Deployment, by: Any = None) -> None:
    audit_log("service_deployment_delete", user=by, obj=deployment)
    duty_records_clear(deployment)
    deployment.delete()


# 委员参与 ------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_join(
    *,
    campaign: ServiceCampaign,
    person: Person,
    by: Any = None,
    did: str = "",
    start_on: date | None = None,
    end_on: date | None = None,
) -> CampaignParticipation:
    """A member takes part in a campaign. Idempotent: if they already take part, their record is
    returned unchanged (a second check-in adds nothing)."""
    _own_person(campaign.committee_id, person, "person")
    existing = CampaignParticipation.objects.filter(campaign=campaign, person=person).first()
    if existing is not None:
        return existing
    participation = CampaignParticipation(
        committee_id=campaign.committee_id,
        campaign=campaign,
        person=person,
        did=did.strip(),
        start_on=start_on or timezone.localdate(),
        end_on=end_on,
    )
    participation.full_clean()
    participation.save()
    audit_log("service_campaign_join", user=by, obj=participation)
    duty_record_sync(participation)
    return participation


@transaction.atomic
def participation_update(
    *,
    participation: CampaignParticipation,
    data: dict[str, Any],
    expected_version: int | None = None,
    by: Any = None,
) -> CampaignParticipation:
    participation.claim_version(expected_version)
    _assign(participation, data, PARTICIPATION_FIELDS)
    participation.full_clean()
    participation.save()
    audit_log("service_participation_update", user=by, obj=participation)
    duty_record_sync(participation)
    return participation


@transaction.atomic
def participation_remove(*, participation: CampaignParticipation, by: Any = None) -> None:
    audit_log("service_participation_remove", user=by, obj=participation)
    duty_records_clear(participation)
    participation.delete()


# 捐款捐物 ------------------------------------------------------------------------------------------------


@transaction.atomic
def donation_create(*, campaign: ServiceCampaign, data: dict[str, Any], by: Any = None) -> Donation:
    """A donation of money and/or goods (valued in yuan) for the campaign."""
    donation = Donation(committee_id=campaign.committee_id, campaign=campaign)
    _assign(donation, data, DONATION_FIELDS)
    donation.full_clean()
    donation.save()
    audit_log("service_donation_create", user=by, obj=donation)
    duty_record_sync(donation)
    return donation


@transaction.atomic
def donation_update(
    *, donation: Donation, data: dict[str, Any], expected_version: int | None = None, by: Any = None
) -> Donation:
    donation.claim_version(expected_version)
    _assign(donation, data, DONATION_FIELDS)
    donation.full_clean()
    donation.save()
    audit_log("service_donation_update", user=by, obj=donation)
    duty_record_sync(donation)
    return donation


@transaction.atomic
def donation_delete(*, donation: Donation, by: Any = None) -> None:
    audit_log("service_donation_delete", user=by, obj=donation)
    duty_records_clear(donation)
    donation.delete()


# 服务活动 ------------------------------------------------------------------------------------------------


def _set_participants(activity: ServiceActivity, people: Iterable[Person]) -> None:
    """Make the activity's participants exactly ``people`` (kept rows stay, others go, new ones come)."""
    chosen = list({p.pk: p for p in people}.values())
    if any(p.committee_id != activity.committee_id for p in chosen):
        raise ValidationError({"participants": _("不属于本政协。")})
    existing = set(activity.participations.values_list("person_id", flat=True))
    wanted = {p.pk for p in chosen}
    activity.participations.filter(person_id__in=existing - wanted).delete()
    ActivityParticipant.objects.bulk_create(
        ActivityParticipant(committee_id=activity.committee_id, activity=activity, person=p)
        for p in chosen
        if p.pk not in existing
    )


def _activity_save(
    activity: ServiceActivity, data: dict[str, Any], participants: Iterable[Person] | None
) -> ServiceActivity:
    _assign(activity, data, ACTIVITY_FIELDS)
    activity.full_clean()
    activity.save()
    if participants is not None:
        _set_participants(activity, participants)
    duty_record_sync(activity)
    return activity


@transaction.atomic
def activity_create(
    *,
    committee: Committee,
    data: dict[str, Any],
    participants: Iterable[Person] = (),
    by: Any = None,
) -> ServiceActivity:
    activity = _activity_save(ServiceActivity(committee=committee), data, participants)
    audit_log("service_activity_create", user=by, obj=activity)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: ServiceActivity,
    data: dict[str, Any],
    participants: Iterable[Person] | None = None,
    expected_version: int | None = None,
    by: Any = None,
) -> ServiceActivity:
    """Correct an activity; a stale edit is refused. Its participants' duty records follow."""
    activity.claim_version(expected_version)
    _activity_save(activity, data, participants)
    audit_log("service_activity_update", user=by, obj=activity)
    return activity


@transaction.atomic
def activity_delete(*, activity: ServiceActivity, by: Any = None) -> None:
    audit_log("service_activity_delete", user=by, obj=activity)
    duty_records_clear(activity)
    activity.delete()


@transaction.atomic
def activity_attend(*, activity: ServiceActivity, person: Person, by: Any = None) -> ActivityParticipant:
    """Add one participant to an activity. Idempotent: a second call returns the same row and writes
    nothing."""
    _own_person(activity.committee_id, person, "person")
    row, created = ActivityParticipant.objects.get_or_create(
        committee_id=activity.committee_id, activity=activity, person=person
    )
    if created:
        audit_log("service_activity_attend", user=by, obj=activity, detail={"person": person.pk})
        duty_record_sync(activity)
    return row


@transaction.atomic
def activity_leave(*, activity: ServiceActivity, person: Person, by: Any = None) -> None:
    """Take one participant off an activity (a check-in struck by staff); its DutyRecord goes with it."""
    deleted, _rows = activity.participations.filter(person=person).delete()
    if deleted:
        audit_log("service_activity_leave", user=by, obj=activity, detail={"person": person.pk})
        duty_record_sync(activity)
