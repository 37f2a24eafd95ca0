"""REST API of org: committees, members (through the same services as the web), sectors, special committees."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from lvzhi.core.api import CommitteeMixin
from lvzhi.core.codes import Ethnicity, Gender, Political
from lvzhi.core.idnumber import IdNumberError, normalize_id_number
from lvzhi.core.masking import is_masked, mask_id_number, mask_phone
from lvzhi.core.yearmonth import format_year_month, parse_year_month
from lvzhi.org.choices import Level, Position
from lvzhi.org.extensions import roster_fields
from lvzhi.org.filters import MemberFilter
from lvzhi.org.models import Committee, Sector, SpecialCommittee, Term, TermMembership
from lvzhi.org.services import member_create, member_update


class CommitteeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated,assignment]
    level = serializers.ChoiceField(choices=Level.choices)

    class Meta:
        model = Committee
        fields = ["code", "name", "level", "parent"]


class CommitteeList(generics.ListAPIView):
    serializer_class = CommitteeSerializer

    def get_queryset(self) -> QuerySet[Committee]:
        return Committee.objects.visible_to(self.request.user).select_related("parent")


class CommitteeDetail(generics.RetrieveAPIView):
    serializer_class = CommitteeSerializer
    lookup_field = "code"
    lookup_url_kwarg = "committee"

    def get_queryset(self) -> QuerySet[Committee]:
        return Committee.objects.visible_to(self.request.user).select_related("parent")


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)


class SectorList(CommitteeMixin, generics.ListAPIView):
    read_action = "org.view_roster"
    serializer_class = NamedSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Sector]:
        return Sector.objects.visible_to(self.request.user).filter(committee=self.get_committee())


class SpecialCommitteeList(SectorList):
    def get_queryset(self) -> QuerySet[SpecialCommittee]:  # type: ignore[override]
        return SpecialCommittee.objects.visible_to(self.request.user).filter(committee=self.get_committee())


class MemberSerializer(serializers.Serializer):
    """A member of the term in force: person fields plus membership fields; IDs and phones masked."""

    id = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.name", max_length=50)
    gender = serializers.ChoiceField(source="person.gender", choices=Gender.choices[:2])
    ethnicity = serializers.ChoiceField(
        source="person.ethnicity", choices=Ethnicity.choices, required=False, allow_blank=True
    )
    birth_month = serializers.CharField(
        source="person.birth_month", required=False, allow_blank=True, allow_null=True
    )
    political = serializers.ChoiceField(source="person.political", choices=Political.choices)
    sector = serializers.CharField(source="sector.name", help_text="界别名称或简称")
    special_committee = serializers.CharField(
        source="special_committee.name", required=False, allow_blank=True, allow_null=True
    )
    position = serializers.ChoiceField(choices=Position.choices, required=False)
    workplace = serializers.CharField(required=False, allow_blank=True, max_length=200)
    mobile = serializers.CharField(
        source="person.mobile", required=False, allow_blank=True, help_text="列表中脱敏"
    )
    id_number = serializers.CharField(
        required=False, allow_blank=True, write_only=True, help_text="18位身份证号"
    )
    id_number_masked = serializers.SerializerMethodField()
    term = serializers.IntegerField(source="term.number", read_only=True)
    extra = serializers.SerializerMethodField(help_text="其他应用提供的名册字段，如党支部")

    def get_id_number_masked(self, obj: TermMembership) -> str:
        return mask_id_number(obj.person.id_number)

    def get_extra(self, obj: TermMembership) -> dict[str, str]:
        return {header: values.get(obj.person_id, "") for header, values in self.context.get("extras", [])}

    def to_representation(self, instance: TermMembership) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["birth_month"] = (
            format_year_month(instance.person.birth_month) if instance.person.birth_month else None
        )
        data["mobile"] = mask_phone(instance.person.mobile)
        data["special_committee"] = instance.special_committee.name if instance.special_committee else None
        return data

    def validate_birth_month(self, value: str | None) -> Any:
        if not value:
            return None
        try:
            return parse_year_month(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_id_number(self, value: str) -> str | None:
        if is_masked(value):
            return None
        if not value:
            return ""
        try:
            return normalize_id_number(value)
        except IdNumberError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_mobile(self, value: str) -> str | None:
        return None if is_masked(value) else value


def _lookup(model: Any, committee: Committee, name: str | None, field: str) -> Any:
    if not name:
        return None
    obj = model.objects.filter(committee=committee, name=name).first() or (
        model.objects.filter(committee=committee, short_name=name).first()
    )
    if obj is None:
        raise ValidationError({field: [f"系统中没有「{name}」"]})
    return obj


def _split(committee: Committee, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    person = dict(data.get("person", {}))
    if person.get("mobile", "") is None:
        person.pop("mobile")
    membership: dict[str, Any] = {k: data[k] for k in ("position", "workplace") if k in data}
    if "sector" in data:
        membership["sector"] = _lookup(Sector, committee, data["sector"]["name"], "sector")
    if "special_committee" in data:
        membership["special_committee"] = _lookup(
            SpecialCommittee, committee, (data["special_committee"] or {}).get("name"), "special_committee"
        )
    return person, membership


def _raise(exc: DjangoValidationError) -> None:
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class MemberFilterBackend(DjangoFilterBackend):
    """MemberFilter needs the committee and the date; the view gives both."""

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet, view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if "committee" in getattr(view, "kwargs", {}):
            kwargs.update(committee=view.get_committee(), on=timezone.localdate())
        return kwargs


class MemberList(CommitteeMixin, generics.ListCreateAPIView):
    """GET: members of the term in force, with the member list's filters. POST: add a member (staff)."""

    read_action = "org.view_roster"
    serializer_class = MemberSerializer
    filter_backends = [MemberFilterBackend]
    filterset_class = MemberFilter

    def get_queryset(self) -> QuerySet[TermMembership]:
        c = self.get_committee()
        return (
            TermMembership.objects.visible_to(self.request.user)
            .current(c, timezone.localdate())
            .select_related("person", "sector", "special_committee", "term")
            .official_order()
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "extras": getattr(self, "_extras", [])}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        c = self.get_committee()
        today = timezone.localdate()
        self._extras = [(f.header, f.values(c, [m.person_id for m in rows], today)) for f in roster_fields()]
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        c = self.get_committee()
        self.check("org.add_member", c)
        term = Term.objects.in_force(c, timezone.localdate())
        if term is None:
            raise ValidationError({"detail": ["尚未设置当前届次"]})
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person, membership = _split(c, serializer.validated_data)
        membership.setdefault("start", term.start)
        try:
            created = member_create(
                committee=c,
                term=term,
                person_data=person,
                membership_data=membership,
                id_number=serializer.validated_data.get("id_number") or "",
                by=request.user,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


class MemberDetail(CommitteeMixin, generics.RetrieveUpdateAPIView):
    """A member by person id: GET, or PATCH through the same service as the edit page (staff)."""

    serializer_class = MemberSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> TermMembership:
        c = self.get_committee()
        membership = (
            TermMembership.objects.visible_to(self.request.user)
            .filter(committee=c, person_id=self.kwargs["pk"])
            .select_related("person", "sector", "special_committee", "term")
            .order_by("-term__start")
            .first()
        )
        if membership is None:
            raise Http404
        return membership

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "pk" in self.kwargs and "committee" in self.kwargs:
            c = self.get_committee()
            pid = int(self.kwargs["pk"])
            context["extras"] = [
                (f.header, f.values(c, [pid], timezone.localdate())) for f in roster_fields()
            ]
        return context

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        self.check("org.change_member", membership.person)
        in_force = Term.objects.in_force(membership.committee, timezone.localdate())
        if membership.term_id != getattr(in_force, "pk", None):
            raise PermissionDenied(_("该委员不在现届，往届记录已归档，不能修改。"))
        serializer = self.get_serializer(membership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person, membership_data = _split(membership.committee, serializer.validated_data)
        try:
            member_update(
                membership=membership,
                person_data=person,
                membership_data=membership_data,
                id_number=serializer.validated_data.get("id_number"),
                by=request.user,
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(self.get_serializer(self.get_object()).data)
