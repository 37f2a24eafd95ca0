"""REST API of liaison (read-only): the key projects and the problems coordinated, with the same scoping as
the pages (a leader who only holds a 委员 account gets the projects they take on)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from rest_framework import generics, serializers

from lvzhi.core.api import CommitteeMixin
from lvzhi.liaison.choices import ProblemStatus
from lvzhi.liaison.models import KeyProject, LeaderAssignment, Problem


class AssignmentSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = LeaderAssignment
        fields = ["person_id", "person", "started_on", "ended_on"]


class KeyProjectSerializer(serializers.ModelSerializer):
    programme: serializers.StringRelatedField = serializers.StringRelatedField()
    assignments = AssignmentSerializer(many=True, read_only=True)
    visits = serializers.IntegerField(source="n_visits", read_only=True)
    problems = serializers.IntegerField(source="n_problems", read_only=True)
    open_problems = serializers.IntegerField(source="n_open", read_only=True)

    class Meta:
        model = KeyProject
        fields = [
            "id", "programme", "name", "owner_unit", "place", "investment", "stage", "started_on",
            "assignments", "visits", "problems", "open_problems", "version",
        ]  # fmt: skip


class KeyProjectList(CommitteeMixin, generics.ListAPIView):
    """GET: the committee's key projects with their leaders (filters programme, stage)."""

    read_action = "liaison.read"
    serializer_class = KeyProjectSerializer
    filterset_fields = ["programme", "stage"]

    def get_queryset(self) -> QuerySet[KeyProject]:
        return (
            KeyProject.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("programme")
            .prefetch_related(
                Prefetch("assignments", queryset=LeaderAssignment.objects.select_related("person"))
            )
            .annotate(
                n_visits=Count("visits", distinct=True),
                n_problems=Count("problems", distinct=True),
                n_open=Count("problems", filter=~Q(problems__status=ProblemStatus.RESOLVED), distinct=True),
            )
            .order_by("programme_id", "name", "id")
        )


class ProblemSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name", read_only=True)
    unit = serializers.CharField(source="unit.name", default=None, allow_null=True, read_only=True)
    visited_on = serializers.DateField(source="visit.visited_on", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id", "project_id", "project", "visit_id", "visited_on", "description", "unit", "raised_on",
            "deadline", "status", "resolved_on", "outcome", "overdue", "version",
        ]  # fmt: skip

    def get_overdue(self, obj: Problem) -> bool:
        return obj.is_overdue(timezone.localdate())


class ProblemList(CommitteeMixin, generics.ListAPIView):
    """GET: the problems coordinated on key projects (filters project, status, unit, raised_on)."""

    read_action = "liaison.read"
    serializer_class = ProblemSerializer
    filterset_fields = ["project", "status", "unit", "raised_on"]

    def get_queryset(self) -> QuerySet[Problem]:
        return (
            Problem.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("project", "unit", "visit")
            .order_by("-raised_on", "-id")
        )
