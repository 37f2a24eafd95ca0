"""REST API of consult, read-only: consultations and suggestions with the same scoping and the same
filters as the pages (a 委员 gets the consultations they took part in and the suggestions they put
forward)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from rest_framework import generics, serializers

from lvzhi.consult.filters import filter_consultations, filter_suggestions
from lvzhi.consult.models import Consultation, Suggestion
from lvzhi.core.api import CommitteeMixin


class ConsultationSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.code", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    organizer = serializers.CharField(source="organizer_label", read_only=True)
    participants: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, slug_field="name", read_only=True
    )
    in_plan = serializers.SerializerMethodField()
    suggestions = serializers.IntegerField(source="n_suggestions", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id", "form", "form_name", "topic", "start_on", "end_on", "venue", "organizer", "participants",
            "officials_count", "public_count", "experts_count", "in_plan", "suggestions", "version",
        ]  # fmt: skip

    def get_in_plan(self, obj: Consultation) -> bool:
        return obj.plan_item_id is not None


class SuggestionSerializer(serializers.ModelSerializer):
    form = serializers.CharField(
        source="consultation.form.code", default=None, allow_null=True, read_only=True
    )
    proposers: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, slug_field="name", read_only=True
    )
    units: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, slug_field="name", read_only=True
    )

    class Meta:
        model = Suggestion
        fields = [
            "id", "consultation", "form", "title", "text", "proposers", "category", "units", "submitted_on",
            "status", "reply", "replied_on", "version",
        ]  # fmt: skip


class ConsultationList(CommitteeMixin, generics.ListAPIView):
    """Consultations; filters as on the page: form (code), organizer (sc:ID / sector:ID / studio:ID),
    plan (in / out), year, from, to, q."""

    read_action = "consult.list"
    serializer_class = ConsultationSerializer

    def get_queryset(self) -> Any:
        qs, _filters = filter_consultations(self.request, self.get_committee())
        return (
            qs.select_related("form", "special_committee", "sector", "studio")
            .prefetch_related("participants")
            .annotate(n_suggestions=Count("suggestions"))
            .order_by("-start_on", "-id")
        )


class SuggestionList(CommitteeMixin, generics.ListAPIView):
    """Suggestions; filters as on the page: status, form (code), category, unit, consultation, proposer,
    year, from, to, q."""

    read_action = "consult.suggestions"
    serializer_class = SuggestionSerializer

    def get_queryset(self) -> Any:
        qs, _filters = filter_suggestions(self.request, self.get_committee())
        return (
            qs.select_related("consultation__form")
            .prefetch_related("proposers", "units")
            .order_by("-submitted_on", "-id")
        )
