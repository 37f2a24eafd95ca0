"""REST API of rules: the committee's work rules and documents issued, read and written through the same
services as the pages (register, correct, revise, repeal), with the same stale-edit refusal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.rules.models import Regulation
from lvzhi.rules.services import (
    EDITABLE,
    regulation_create,
    regulation_repeal,
    regulation_revise,
    regulation_update,
)


class RegulationSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="写入时：读取时的版本号，已被他人修改则拒绝")

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
            "version",
        ]
        read_only_fields = ["status", "repealed_on", "replaces"]


class RepealSerializer(serializers.Serializer):
    repealed_on = serializers.DateField()
    version = serializers.IntegerField(required=False)


def _raise(exc: DjangoValidationError) -> None:
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


def _data(validated: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in validated.items() if k in EDITABLE}


class RegulationScoped(CommitteeMixin):
    read_action = "rules.view"

    def get_queryset(self) -> QuerySet[Regulation]:
        qs = (
            Regulation.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("committee")
        )
        year = self.request.query_params.get("year", "")
        if year.isdigit():
            qs = qs.filter(issued_on__year=int(year))
        return qs

    def regulation(self) -> Regulation:
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found


class RegulationList(RegulationScoped, generics.ListCreateAPIView):
    """GET: the texts (filters kind, status, year). POST: register a rule or a document (staff)."""

    serializer_class = RegulationSerializer
    filterset_fields = ["kind", "status"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        c = self.get_committee()
        self.check("rules.manage", c)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            created = regulation_create(committee=c, data=_data(serializer.validated_data), by=request.user)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


class RegulationDetail(RegulationScoped, generics.RetrieveUpdateAPIView):
    """GET a text; PATCH corrects it (staff), refused if ``version`` is stale."""

    serializer_class = RegulationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Regulation:
        return self.regulation()

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        regulation = self.get_object()
        self.check("rules.manage", regulation)
        serializer = self.get_serializer(regulation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            regulation_update(
                regulation=regulation,
                data=_data(serializer.validated_data),
                expected_version=serializer.validated_data.get("version"),
                by=request.user,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_object()).data)


class RegulationRevise(RegulationScoped, APIView):
    """POST: a new version of a current text; the old one becomes 已修订 (``change_note`` required)."""

    serializer_class = RegulationSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        regulation = self.regulation()
        self.check("rules.manage", regulation)
        serializer = RegulationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            new = regulation_revise(
                regulation=regulation,
                data={k: v for k, v in _data(serializer.validated_data).items() if k != "kind"},
                expected_version=serializer.validated_data.get("version"),
                by=request.user,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(
            RegulationSerializer(new, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class RegulationRepeal(RegulationScoped, APIView):
    """POST: repeal a current text on a date."""

    serializer_class = RepealSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        regulation = self.regulation()
        self.check("rules.manage", regulation)
        serializer = RepealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            done = regulation_repeal(
                regulation=regulation,
                on=serializer.validated_data["repealed_on"],
                expected_version=serializer.validated_data.get("version"),
                by=request.user,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(RegulationSerializer(done, context={"request": request}).data)
