"""REST API of study (read-only): the study sessions and the reading logs, with the same scoping as the
pages (a 委员 gets their own reading logs and nothing else)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.study.models import ReadingLog, StudySession
from lvzhi.study.selectors import with_attendance_counts


class StudySessionSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.name", default=None, allow_null=True, read_only=True)
    special_committee = serializers.CharField(
        source="special_committee.name", default=None, allow_null=True, read_only=True
    )
    branch = serializers.CharField(source="branch.name", default=None, allow_null=True, read_only=True)
    speaker = serializers.CharField(source="speaker.name", default=None, allow_null=True, read_only=True)
    present = serializers.IntegerField(read_only=True)
    excused = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)

    class Meta:
        model = StudySession
        fields = [
            "id", "layer", "held_on", "topic", "group", "special_committee", "branch", "speaker",
            "expert_name", "expert_title", "mode", "venue", "present", "excused", "absent", "version",
        ]  # fmt: skip


class StudySessionList(CommitteeMixin, generics.ListAPIView):
    """GET: the committee's study sessions (filters layer, group, mode, held_on)."""

    read_action = "study.view"
    serializer_class = StudySessionSerializer
    filterset_fields = ["layer", "group", "mode", "held_on"]

    def get_queryset(self) -> QuerySet[StudySession]:
        return with_attendance_counts(
            StudySession.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("group", "special_committee", "branch", "speaker")
        ).order_by("-held_on", "-id")


class ReadingLogSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    campaign = serializers.CharField(source="campaign.name", read_only=True)

    class Meta:
        model = ReadingLog
        fields = [
            "id", "campaign", "person", "person_id", "book", "title", "started_on", "finished_on", "hours",
            "notes", "version",
        ]  # fmt: skip


class ReadingLogList(CommitteeMixin, generics.ListAPIView):
    """GET: reading logs; all of them for those who read the committee, one's own for a 委员."""

    read_action = "study.read_reading"
    serializer_class = ReadingLogSerializer
    filterset_fields = ["campaign", "person", "book"]

    def get_queryset(self) -> QuerySet[ReadingLog]:
        return (
            ReadingLog.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("person", "campaign")
            .order_by("-started_on", "-id")
        )
