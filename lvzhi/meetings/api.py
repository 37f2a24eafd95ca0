"""REST API of the committee's meetings (read-only): the list and one meeting with its agenda and
invitees. Readers of the committee get every meeting; an invitee the meetings they are invited to, and of
those only their own line."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.core.permissions import can
from lvzhi.meetings.models import Meeting
from lvzhi.meetings.selectors import with_counts

FIELDS = [
    "id", "type", "title", "special_committee", "starts_at", "ends_at", "place", "status",
    "n_invitees", "n_present", "n_absent", "n_leaves", "version",
]  # fmt: skip


class MeetingSerializer(serializers.ModelSerializer):
    special_committee = serializers.CharField(
        source="special_committee.name", default=None, allow_null=True, read_only=True
    )
    n_invitees = serializers.IntegerField(read_only=True)
    n_present = serializers.IntegerField(read_only=True)
    n_absent = serializers.IntegerField(read_only=True)
    n_leaves = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = FIELDS


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()
    invitees = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [*FIELDS, "notice", "minutes", "agenda", "invitees"]

    def get_agenda(self, meeting: Meeting) -> list[str]:
        return list(meeting.agenda.values_list("text", flat=True))

    def get_invitees(self, meeting: Meeting) -> list[dict[str, Any]]:
        user = self.context["request"].user
        leaves = dict(meeting.leaves.values_list("person_id", "status"))
        invitees = meeting.invitees.select_related("person").order_by("role", "person__stroke_key")
        if not can(user, "meetings.view", meeting):
            invitees = invitees.filter(person_id=getattr(user, "person_id", None) or 0)
        return [
            {
                "person_id": i.person_id,
                "name": i.person.name,
                "role": i.role,
                "attendance": i.attendance,
                "reply": i.reply,
                "leave": leaves.get(i.person_id, ""),
            }
            for i in invitees
        ]


class _Meetings(CommitteeMixin):
    def get_queryset(self) -> QuerySet[Meeting]:
        return with_counts(
            Meeting.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("special_committee")
        ).order_by("-starts_at", "-id")


class CommitteeMeetingList(_Meetings, generics.ListAPIView):
    """GET: the committee's meetings (filters type, status)."""

    serializer_class = MeetingSerializer
    filterset_fields = ["type", "status"]


class CommitteeMeetingDetail(_Meetings, generics.RetrieveAPIView):
    """GET: one meeting with its agenda and invitees."""

    serializer_class = MeetingDetailSerializer
