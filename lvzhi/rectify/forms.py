from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person
from lvzhi.rectify.choices import FIVE_FIELDS, OwnerKind
from lvzhi.rectify.models import Campaign, Category


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _person(label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Person.objects.none(), required=False)


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    started_on = _date(_("开始日期"), required=True)
    categories = forms.CharField(
        label=_("问题类别"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("每行一个类别。")
    )
    required_fields = forms.MultipleChoiceField(
        label=_("五定必填项"),
        choices=list(FIVE_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["lead_leader", "responsible", "measures", "deadline", "standard"],
    )

    extra_fields = forms.CharField(
        label=_("自定义五定项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("本次行动特有的五定项，每行一个，如“督办人”“经费”。"),
    )
    extra_required = forms.BooleanField(label=_("自定义五定项均为必填"), required=False)

    def extra_names(self) -> list[str]:
        return [line.strip()[:50] for line in self.cleaned_data["extra_fields"].splitlines() if line.strip()]

    def required(self) -> list[str]:
        extra = self.extra_names() if self.cleaned_data["extra_required"] else []
        return [*self.cleaned_data["required_fields"], *extra]

    def category_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["categories"].splitlines() if line.strip()]


class ItemForm(StyledForm):
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=Category.objects.none())
    source = forms.CharField(label=_("问题来源"), max_length=100, required=False)
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_kind = forms.ChoiceField(label=_("问题归属"), choices=OwnerKind.choices)
    lead_leader = _person(_("责任领导"))
    unit = forms.CharField(label=_("责任单位"), max_length=100, required=False)
    responsible = _person(_("责任人"))
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    goal = forms.CharField(label=_("整改目标"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.CharField(label=_("整改标准"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date(_("完成时限"))
    acceptor = _person(_("验收人"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["category"].queryset = Category.objects.filter(campaign=campaign)  # type: ignore[attr-defined]
        people = Person.objects.filter(committee=committee).official_order()
        for name in ("lead_leader", "responsible", "acceptor"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        for code in campaign.required_fields:
            if code in self.fields:
                self.fields[code].label = f"{self.fields[code].label}（{_('五定必填')}）"
        for label in campaign.extra_fields:
            self.fields[f"extra:{label}"] = forms.CharField(label=label, required=False, max_length=500)
            self.fields[f"extra:{label}"].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("acceptor") and data.get("acceptor") == data.get("responsible"):
            self.add_error("acceptor", _("验收人不能是责任人本人。"))
        return data

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version" and not k.startswith("extra:")}
        data["extras"] = {k[6:]: v for k, v in self.cleaned_data.items() if k.startswith("extra:")}
        return data


class StepForm(StyledForm):
    opinion = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date(_("新的完成时限"))
    evidence = forms.FileField(label=_("佐证材料"), required=False)
