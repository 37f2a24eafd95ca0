"""REST API of rectify: the ledger with the same scoping and the same services as the pages.

GET the list (a 责任人 or 验收人 who is a 委员 gets their own items), GET one item with its timeline,
PATCH its problem and 五定 fields with the version read (a stale one is refused with 409), and POST a move
(/ledger/<pk>/actions/<action>/) that goes through the move's one service.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.org.models import Person
from lvzhi.rectify import services
from lvzhi.rectify.actions import ACTIONS, perform, permitted
from lvzhi.rectify.models import Category, LedgerItem, Step


class StepSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by_name", read_only=True)

    class Meta:
        model = Step
        fields = [
            "kind",
            "at",
            "by",
            "from_status",
            "to_status",
            "opinion",
            "on",
            "old_deadline",
            "new_deadline",
        ]


class LedgerItemSerializer(serializers.ModelSerializer):
    campaign = serializers.CharField(source="campaign.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    lead_leader = serializers.CharField(
        source="lead_leader.name", default=None, allow_null=True, read_only=True
    )
    responsible = serializers.CharField(
        source="responsible.name", default=None, allow_null=True, read_only=True
    )
    acceptor = serializers.CharField(source="acceptor.name", default=None, allow_null=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()
    deadline_flag = serializers.SerializerMethodField(help_text="逾期 / 临期 / 空")

    class Meta:
        model = LedgerItem
        fields = [
            "id", "campaign", "number", "category", "source", "description", "owner_kind", "registered_on",
            "lead_leader", "unit", "responsible", "measures", "goal", "standard", "deadline", "original_deadline",
            "acceptor", "extras", "status", "closed_on", "overdue", "due_soon", "deadline_flag", "version",
        ]  # fmt: skip

    def get_overdue(self, obj: LedgerItem) -> bool:
        return obj.is_overdue(timezone.localdate())

    def get_due_soon(self, obj: LedgerItem) -> bool:
        return obj.is_due_soon(timezone.localdate())

    def get_deadline_flag(self, obj: LedgerItem) -> str:
        return obj.deadline_label(timezone.localdate())


class LedgerItemDetailSerializer(LedgerItemSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta(LedgerItemSerializer.Meta):
        fields = [*LedgerItemSerializer.Meta.fields, "steps"]


class LedgerItemWriteSerializer(serializers.Serializer):
    """The editable fields; people by Person id, the category by id. ``version`` is the one read."""

    version = serializers.IntegerField()
    category = serializers.IntegerField(required=False)
    source = serializers.CharField(required=False, allow_blank=True, max_length=100)  # type: ignore[assignment]
    description = serializers.CharField(required=False)
    owner_kind = serializers.CharField(required=False)
    lead_leader = serializers.IntegerField(required=False, allow_null=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    responsible = serializers.IntegerField(required=False, allow_null=True)
    measures = serializers.CharField(required=False, allow_blank=True)
    goal = serializers.CharField(required=False, allow_blank=True)
    standard = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    acceptor = serializers.IntegerField(required=False, allow_null=True)
    extras = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class ActionSerializer(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


def _errors(exc: ValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {"detail": " ".join(str(m) for m in exc.messages)}


class _Ledger(CommitteeMixin):
    read_action = "rectify.list"

    def get_queryset(self) -> QuerySet[LedgerItem]:
        return (
            LedgerItem.objects.visible_to(self.request.user)
            .filter(committee=self.get_committee())
            .select_related("campaign", "category", "lead_leader", "responsible", "acceptor")
            .order_by("campaign_id", "number")
        )


class LedgerList(_Ledger, generics.ListAPIView):
    serializer_class = LedgerItemSerializer
    filterset_fields = ["status", "campaign", "category", "owner_kind", "responsible"]


class LedgerDetail(_Ledger, generics.RetrieveAPIView):
    serializer_class = LedgerItemDetailSerializer

    def get_queryset(self) -> QuerySet[LedgerItem]:
        return super().get_queryset().prefetch_related("steps")

    @extend_schema(request=LedgerItemWriteSerializer, responses=LedgerItemDetailSerializer)
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        self.check("rectify.manage", item)
        incoming = LedgerItemWriteSerializer(data=request.data, partial=False)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = data.pop("version")
        people = Person.objects.filter(committee=item.committee)
        try:
            for field in ("lead_leader", "responsible", "acceptor"):
                if field in data and data[field] is not None:
                    data[field] = people.filter(pk=data[field]).first()
                    if data[field] is None:
                        raise ValidationError({field: "不是本政协的人员。"})
            if "category" in data:
                data["category"] = Category.objects.filter(
                    campaign=item.campaign, pk=data["category"]
                ).first()
                if data["category"] is None:
                    raise ValidationError({"category": "不是本专项行动的问题类别。"})
            services.ledger_item_update(item=item, data=data, expected_version=version, by=request.user)
        except ValidationError as exc:
            code = status.HTTP_409_CONFLICT if getattr(exc, "code", None) == "stale" else 400
            return Response(_errors(exc), status=code)
        return Response(LedgerItemDetailSerializer(item).data)


class LedgerAction(_Ledger, APIView):
    """A move on the item: assign, fix, start, progress, submit, accept, reject, extend, reopen."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=ActionSerializer, responses=LedgerItemDetailSerializer)
    def post(self, request: Request, committee: str, pk: int, action: str) -> Response:
        item = self.get_queryset().filter(pk=pk).first()
        if item is None or action not in ACTIONS:
            raise Http404
        if not permitted(request.user, action, item):
            raise PermissionDenied
        incoming = ActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            perform(action, item=item, by=request.user, **incoming.validated_data)
        except ValidationError as exc:
            return Response(_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc
        item = self.get_queryset().prefetch_related("steps").get(pk=item.pk)
        return Response(LedgerItemDetailSerializer(item).data)
