"""REST API of service (read-only): the campaigns with their totals and the service activities, with the
same scoping as the pages."""

from __future__ import annotations

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.service.models import Donation, ServiceActivity, ServiceCampaign
from lvzhi.service.selectors import with_participant_counts


def _donation_sum(field: str) -> Coalesce:
    total = (
        Donation.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(s=Sum(field))
        .values("s")
    )
    return Coalesce(Subquery(total), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))


class CampaignSerializer(serializers.ModelSerializer):
    staff_deployed = serializers.IntegerField(read_only=True)
    participants = serializers.IntegerField(read_only=True)
    donations_money = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    donations_goods = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = ServiceCampaign
        fields = [
            "id", "name", "start_on", "end_on", "description", "staff_deployed", "participants",
            "donations_money", "donations_goods", "version",
        ]  # fmt: skip


class CampaignList(CommitteeMixin, generics.ListAPIView):
    """GET: the committee's service campaigns with staff deployed, members taking part and donations."""

    read_action = "service.view"
    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[ServiceCampaign]:
        return (
            ServiceCampaign.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .annotate(
                staff_deployed=Count("deployments__person", distinct=True),
                participants=Count("participations", distinct=True),
                donations_money=_donation_sum("money"),
                donations_goods=_donation_sum("goods_value"),
            )
            .order_by("-start_on", "-id")
        )


class ActivitySerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="organizer", read_only=True)
    sector_id = serializers.IntegerField(read_only=True)
    participants = serializers.IntegerField(source="n_participants", read_only=True)

    class Meta:
        model = ServiceActivity
        fields = [
            "id", "title", "sector", "sector_id", "kind", "held_on", "place", "starts_at", "ends_at",
            "participants", "beneficiaries", "description", "version",
        ]  # fmt: skip


class ActivityList(CommitteeMixin, generics.ListAPIView):
    """GET: the committee's service activities (filters sector, kind, held_on)."""

    read_action = "service.view"
    serializer_class = ActivitySerializer
    filterset_fields = ["sector", "kind", "held_on"]

    def get_queryset(self) -> QuerySet[ServiceActivity]:
        return with_participant_counts(
            ServiceActivity.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("sector")
        ).order_by("-held_on", "-id")
