"""The member list's filters, shared by the page and the API (one FilterSet for both)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.core.codes import CPC_CODES, Political
from lvzhi.org.choices import Position
from lvzhi.org.extensions import roster_fields
from lvzhi.org.models import Committee, Sector, SpecialCommittee, TermMembership

PARTY_CHOICES = [("cpc", _("中共党员（含预备党员）")), ("non_cpc", _("非中共党员")), *Political.choices]
SORTS = {"stroke": ("person__stroke_key", "person_id"), "pinyin": ("person__pinyin_key", "person_id")}


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名或单位"), method="filter_text")
    sector = django_filters.ModelChoiceFilter(label=_("界别"), queryset=Sector.objects.none())
    special_committee = django_filters.ModelChoiceFilter(
        label=_("专委会"), queryset=SpecialCommittee.objects.none()
    )
    party = django_filters.ChoiceFilter(label=_("政治面貌"), choices=PARTY_CHOICES, method="filter_party")
    position = django_filters.ChoiceFilter(label=_("政协职务"), choices=Position.choices)

    class Meta:
        model = TermMembership
        fields = ["q", "sector", "special_committee", "party", "position"]

    def __init__(self, *args: Any, committee: Committee, on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.on = on
        self.filters["sector"].queryset = Sector.objects.filter(committee=committee)
        self.filters["special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)
        for field in roster_fields():
            self.filters[field.filter_name] = django_filters.ChoiceFilter(
                label=field.filter_label,
                choices=field.choices(committee),
                method=self._extension_method(field),
            )

    def _extension_method(self, field: Any) -> Any:
        def method(queryset: QuerySet, name: str, value: str) -> QuerySet:
            return field.filter(queryset, value, self.on)

        return method

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(person__name__contains=value) | Q(workplace__contains=value))

    def filter_party(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "cpc":
            return queryset.filter(person__political__in=CPC_CODES)
        if value == "non_cpc":
            return queryset.exclude(person__political__in=CPC_CODES)
        return queryset.filter(person__political=value)

    @property
    def form(self) -> forms.Form:
        form = super().form
        for field in form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        return form
