"""REST API of party: branches and the coverage audit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.party.choices import AttendanceStatus
from lvzhi.party.coverage import coverage
from lvzhi.party.models import Meeting, PartyBranch
from lvzhi.party.orglife import compliance, compliance_json


class BranchSerializer(serializers.ModelSerializer):
    special_committee = serializers.CharField(
        source="special_committee.name", default=None, allow_null=True, read_only=True
    )
    secretary = serializers.CharField(source="secretary.name", default=None, allow_null=True, read_only=True)

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


@extend_schema_serializer(component_name="OrgLifeMeeting")  # meetings.api has its own "Meeting"
class MeetingSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="body_name", read_only=True)
    host = serializers.CharField(source="host.name", default=None, allow_null=True, read_only=True)
    counts = serializers.BooleanField(read_only=True)
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "branch",
            "kind",
            "held_on",
            "topic",
            "host",
            "entered_on",
            "is_late",
            "approved_at",
            "counts",
            "attendance",
        ]

    def get_attendance(self, obj: Meeting) -> dict[str, int]:
        counts = dict.fromkeys(AttendanceStatus.values, 0)
        for a in obj.attendances.all():
            counts[a.status] += 1
        return counts


class MeetingList(CommitteeMixin, generics.ListAPIView):
    read_action = "party.view"
    serializer_class = MeetingSerializer
    filterset_fields = ["branch", "kind", "is_late"]

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("branch", "host")
            .prefetch_related("attendances")
            .order_by("-held_on", "-id")
        )


class ComplianceView(CommitteeMixin, APIView):
    """The org-life calendar of a year (?year=2026): per branch, rule and period, held or missing."""

    read_action = "party.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", {"type": "integer", "minimum": 2000, "maximum": 2100}, description="年度（默认今年）"
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, committee: str) -> Response:
        c = self.get_committee()
        today = timezone.localdate()
        year_text = request.query_params.get("year", str(today.year))
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            raise ValidationError({"year": ["年度应为 2000–2100 之间的数字"]})
        year = int(year_text)
        return Response(
            {"committee": c.code, "year": year, "branches": compliance_json(compliance(c, year, today))}
        )
