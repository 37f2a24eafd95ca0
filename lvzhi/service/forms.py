from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, Sector, Staff, TermMembership
from lvzhi.service.choices import ActivityKind
from lvzhi.service.models import ServiceCampaign


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


def _yuan(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0, initial=0)


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def members_of(committee: Committee) -> Any:
    """The persons who serve or served as members of the committee, in official order."""
    return Person.objects.filter(
        committee=committee, pk__in=TermMembership.objects.filter(committee=committee).values("person_id")
    ).official_order()


class _Form(StyledForm):
    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "participants")}


class CampaignForm(_Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"), required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = _version()


class DeploymentForm(_Form):
    person = forms.ModelChoiceField(label=_("机关干部"), queryset=Person.objects.none())
    place = forms.CharField(label=_("下沉社区/小区"), max_length=100)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"), required=False)
    role = forms.CharField(label=_("任务"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = Staff.objects.filter(committee=committee).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            committee=committee, pk__in=staff
        ).official_order()


class ParticipationForm(_Form):
    person = forms.ModelChoiceField(label=_("委员"), queryset=Person.objects.none())
    did = forms.CharField(label=_("参与内容"), max_length=200, required=False)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"), required=False)
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members_of(committee)  # type: ignore[attr-defined]


class DonationForm(_Form):
    campaign = forms.ModelChoiceField(label=_("服务行动"), queryset=ServiceCampaign.objects.none())
    donor_person = forms.ModelChoiceField(
        label=_("委员"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("委员本人捐赠，或委员所在企业捐赠时选择该委员。"),
    )
    donor_name = forms.CharField(
        label=_("捐赠单位或个人"),
        max_length=100,
        required=False,
        help_text=_("非委员本人捐赠时填写，如委员所在企业。"),
    )
    donated_on = _date(_("捐赠日期"))
    money = _yuan(_("捐款（元）"))
    goods = forms.CharField(label=_("捐物内容"), max_length=200, required=False)
    goods_value = _yuan(_("物品折价（元）"))
    receipt_no = forms.CharField(label=_("收据编号"), max_length=40, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = ServiceCampaign.objects.filter(committee=committee)  # type: ignore[attr-defined]
        self.fields["donor_person"].queryset = members_of(committee)  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "campaign")}


class ActivityForm(_Form):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("界别"), queryset=Sector.objects.none(), required=False, empty_label=_("（机关组织）")
    )
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    held_on = _date(_("日期"))
    place = forms.CharField(label=_("地点"), max_length=100)
    starts_at = _datetime(_("签到开始时间"))
    ends_at = _datetime(_("签到结束时间"))
    beneficiaries = forms.IntegerField(label=_("惠及群众（人）"), min_value=0, initial=0)
    participants = forms.ModelMultipleChoiceField(
        label=_("参加委员"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("按住 Ctrl（苹果电脑按 Command）可多选。"),
    )
    description = forms.CharField(
        label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = _version()

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee=committee)  # type: ignore[attr-defined]
        self.fields["participants"].queryset = members_of(committee)  # type: ignore[attr-defined]
