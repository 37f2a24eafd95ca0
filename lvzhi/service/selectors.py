"""Reads of service that the pages, the figures and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lvzhi.org.models import Committee, Person, PersonQuerySet, TermMembership
from lvzhi.service.models import ActivityParticipant, CampaignParticipation, ServiceActivity


def participating_members(committee: Committee, start: date, end: date) -> PersonQuerySet:
    """The members (persons serving in a term of the committee) who took part in a campaign or served in
    a service activity in the period, each once."""
    in_campaigns = (
        CampaignParticipation.objects.filter(committee=committee).within(start, end).values("person_id")
    )
    in_activities = ActivityParticipant.objects.filter(
        committee=committee, activity__held_on__gte=start, activity__held_on__lte=end
    ).values("person_id")
    members = TermMembership.objects.filter(committee=committee).values("person_id")
    return Person.objects.filter(committee=committee, pk__in=members).filter(
        Q(pk__in=in_campaigns) | Q(pk__in=in_activities)
    )


def participating_members_many(committees: Iterable[Committee], start: date, end: date) -> PersonQuerySet:
    """``participating_members`` of many committees at once: each person with their own committee's
    membership and participation."""
    same = {"committee_id": OuterRef("committee_id"), "person_id": OuterRef("pk")}
    in_campaigns = CampaignParticipation.objects.filter(**same).within(start, end)
    in_activities = ActivityParticipant.objects.filter(
        **same, activity__held_on__gte=start, activity__held_on__lte=end
    )
    return Person.objects.filter(committee_id__in=[c.pk for c in committees]).filter(
        Exists(TermMembership.objects.filter(**same)), Q(Exists(in_campaigns)) | Q(Exists(in_activities))
    )


def with_participant_counts(activities: QuerySet[ServiceActivity]) -> QuerySet[ServiceActivity]:
    return activities.annotate(n_participants=Count("participations", distinct=True))
