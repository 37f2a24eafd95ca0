from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.codes import CPC_CODES
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, SpecialCommittee
from lvzhi.party.choices import BranchKind, BranchRole, MeetingKind
from lvzhi.party.models import PartyBranch


class BranchForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=BranchKind.choices)
    special_committee = forms.ModelChoiceField(
        label=_("所在专委会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    secretary = forms.ModelChoiceField(label=_("支部书记"), queryset=Person.objects.none(), required=False)
    established_on = forms.DateField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            committee=committee, political__in=CPC_CODES
        ).official_order()


class AssignMemberForm(StyledForm):
    person = forms.ModelChoiceField(label=_("党员"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("职务"), choices=BranchRole.choices, initial=BranchRole.MEMBER)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            committee=committee, political__in=CPC_CODES
        ).official_order()


class MeetingForm(StyledForm):
    branch = forms.ModelChoiceField(
        label=_("党支部"),
        queryset=PartyBranch.objects.none(),
        required=False,
        empty_label=_("（党组民主生活会不选）"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("召开日期"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("主题"), max_length=200)
    host = forms.ModelChoiceField(label=_("主持人"), queryset=Person.objects.none(), required=False)
    minutes = forms.CharField(label=_("会议记录"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(
        self, *args: Any, branches: Any, committee: Committee, party_group: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not party_group:  # only staff record the 党组's 民主生活会
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                c for c in MeetingKind.choices if c[0] != MeetingKind.LEADERSHIP_LIFE
            ]
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["host"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            committee=committee, political__in=CPC_CODES
        ).official_order()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group = data.get("kind") == MeetingKind.LEADERSHIP_LIFE
        if group and data.get("branch") is not None:
            self.add_error("branch", _("党组民主生活会不属于党支部，请不要选择党支部。"))
        elif not group and data.get("kind") and data.get("branch") is None:
            self.add_error("branch", _("请选择党支部。"))
        return data

    def clean_held_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("召开日期不能晚于今天。"))
        return value
