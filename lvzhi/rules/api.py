"""REST API of rules: the committee's work rules and documents, read-only (writes go through the pages)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.rules.models import Regulation


class RegulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regulation
        fields = [
            "id",
            "kind",
            "title",
            "number",
            "issuer",
            "issued_on",
            "effective_on",
            "status",
            "repealed_on",
            "is_public",
            "replaces",
            "change_note",
            "text",
        ]


class RegulationList(CommitteeMixin, generics.ListAPIView):
    read_action = "rules.view"
    serializer_class = RegulationSerializer
    filterset_fields = ["kind", "status"]

    def get_queryset(self) -> QuerySet[Regulation]:
        return Regulation.objects.visible_to(self.request.user).filter(committee=self.get_committee())


class RegulationDetail(CommitteeMixin, generics.RetrieveAPIView):
    read_action = "rules.view"
    serializer_class = RegulationSerializer

    def get_queryset(self) -> QuerySet[Regulation]:
        return Regulation.objects.visible_to(self.request.user).filter(committee=self.get_committee())
