from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.liaison.choices import Stage
from lvzhi.liaison.models import Programme
from lvzhi.liaison.services import chairs_members
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, Unit


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class _ServiceForm(StyledForm):
    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProgrammeForm(_ServiceForm):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("如：“三百四千”工程、区级重点项目。"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProjectForm(_ServiceForm):
    programme = forms.ModelChoiceField(label=_("项目计划"), queryset=Programme.objects.none())
    name = forms.CharField(label=_("项目名称"), max_length=150)
    owner_unit = forms.CharField(label=_("业主单位"), max_length=150, required=False)
    place = forms.CharField(label=_("建设地点"), max_length=150, required=False)
    investment = forms.DecimalField(
        label=_("总投资（万元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    stage = forms.ChoiceField(label=_("建设阶段"), choices=Stage.choices)
    started_on = _date(_("开工日期"), required=False)
    note = forms.CharField(label=_("建设内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(committee=committee)  # type: ignore[attr-defined]


class AssignmentForm(StyledForm):
    person = forms.ModelChoiceField(label=_("包抓领导"), queryset=Person.objects.none())
    started_on = _date(_("包抓起始日期"))
    ended_on = _date(_("包抓截止日期"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, committee: Committee, on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = chairs_members(committee, on)  # type: ignore[attr-defined]
        self.fields["person"].help_text = _("主席会议成员（主席、副主席、秘书长）。")


class EndAssignmentForm(StyledForm):
    ended_on = _date(_("包抓截止日期"))


class VisitForm(_ServiceForm):
    visited_on = _date(_("日期"))
    leaders = forms.ModelMultipleChoiceField(
        label=_("参加领导"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("事由"), max_length=200)
    findings = forms.CharField(label=_("现场情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = _version()

    def __init__(
        self, *args: Any, committee: Committee, on: date, also: list[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        leaders = chairs_members(committee, on).values("pk")
        people = Person.objects.filter(committee=committee).filter(Q(pk__in=leaders) | Q(pk__in=also or []))
        self.fields["leaders"].queryset = people.official_order()  # type: ignore[attr-defined]
        self.fields["leaders"].widget.attrs.pop("class", None)

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "leaders")}


class ProblemForm(_ServiceForm):
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    raised_on = _date(_("提出日期"))
    deadline = _date(_("协调时限"), required=False)
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(committee=committee, active=True)  # type: ignore[attr-defined]


class StartForm(StyledForm):
    on = _date(_("开始协调日期"))
    note = forms.CharField(label=_("协调安排"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StyledForm):
    resolved_on = _date(_("解决日期"))
    outcome = forms.CharField(label=_("协调结果"), widget=forms.Textarea(attrs={"rows": 3}))
