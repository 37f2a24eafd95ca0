"""REST API of party: branches and the coverage audit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.party.coverage import coverage
from lvzhi.party.models import PartyBranch


class BranchSerializer(serializers.ModelSerializer):
    special_committee = serializers.CharField(source="special_committee.name", default=None, read_only=True)
    secretary = serializers.CharField(source="secretary.name", default=None, read_only=True)

    class Meta:
        model = PartyBranch
        fields = ["id", "name", "kind", "special_committee", "secretary", "established_on", "dissolved_on"]


class BranchList(CommitteeMixin, generics.ListAPIView):
    read_action = "party.view"
    serializer_class = BranchSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[PartyBranch]:
        return (
            PartyBranch.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("special_committee", "secretary")
        )


class UncoveredSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()


class CoverageResultSerializer(serializers.Serializer):
    covered = serializers.IntegerField()
    total = serializers.IntegerField()
    full = serializers.BooleanField()
    uncovered = UncoveredSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    committee = serializers.CharField()
    on = serializers.DateField()
    members = serializers.IntegerField()
    cpc_members = serializers.IntegerField()
    party_org = CoverageResultSerializer()
    party_work = CoverageResultSerializer()


class CoverageView(CommitteeMixin, APIView):
    """Both 全覆盖 of the term in force, today, with every uncovered member and why."""

    read_action = "party.view"
    serializer_class = CoverageSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(coverage(self.get_committee(), timezone.localdate()).as_dict())
