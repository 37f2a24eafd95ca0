"""REST API of rectify: the ledger, read-only, with the same scoping as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.rectify.models import LedgerItem


class LedgerItemSerializer(serializers.ModelSerializer):
    campaign = serializers.CharField(source="campaign.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    lead_leader = serializers.CharField(source="lead_leader.name", default=None, read_only=True)
    responsible = serializers.CharField(source="responsible.name", default=None, read_only=True)
    acceptor = serializers.CharField(source="acceptor.name", default=None, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = LedgerItem
        fields = [
            "id", "campaign", "number", "category", "source", "description", "owner_kind", "registered_on",
            "lead_leader", "unit", "responsible", "measures", "goal", "standard", "deadline", "original_deadline",
            "acceptor", "extras", "status", "closed_on", "overdue",
        ]  # fmt: skip

    def get_overdue(self, obj: LedgerItem) -> bool:
        return obj.is_overdue(timezone.localdate())


class _Ledger(CommitteeMixin):
    read_action = "rectify.view"

    def get_queryset(self) -> QuerySet[LedgerItem]:
        return (
            LedgerItem.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("campaign", "category", "lead_leader", "responsible", "acceptor")
            .order_by("campaign_id", "number")
        )


class LedgerList(_Ledger, generics.ListAPIView):
    serializer_class = LedgerItemSerializer
    filterset_fields = ["status", "campaign", "owner_kind"]


class LedgerDetail(_Ledger, generics.RetrieveAPIView):
    serializer_class = LedgerItemSerializer
