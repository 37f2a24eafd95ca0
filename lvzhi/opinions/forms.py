"""The forms of the 社情民意 pages: a draft, and one small form per move of the office."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.opinions.choices import Level, SourceKind, Target
from lvzhi.opinions.models import Opinion
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, TermMembership
from lvzhi.proposals.choices import Category


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为今天。"),
    )


class DraftForm(StyledForm):
    kind = forms.ChoiceField(label=_("报送形式"), choices=SourceKind.choices, initial=SourceKind.MEMBER)
    lead = forms.ModelChoiceField(
        label=_("报送人"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("以参加单位名义报送时填写联系人。"),
    )
    body = forms.CharField(
        label=_("报送单位"),
        max_length=80,
        required=False,
        help_text=_("民主党派、工商联、人民团体、专委会、界别或联络组。"),
    )
    title = forms.CharField(label=_("标题"), max_length=Opinion.TITLE_MAX_LENGTH)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    content = forms.CharField(
        label=_("正文（情况、分析、建议）"),
        max_length=Opinion.CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("一事一报，有情况、有分析、有建议，一般不超过1500字。"),
    )
    coauthors = forms.ModelMultipleChoiceField(
        label=_("联名委员"), queryset=Person.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = TermMembership.objects.current(committee, timezone.localdate()).values("person_id")
        members = Person.objects.filter(pk__in=ids).official_order()
        cast(forms.ModelMultipleChoiceField, self.fields["coauthors"]).queryset = members
        self.fields["coauthors"].widget.attrs["size"] = 8
        if staff:  # staff enter information for a member or a body
            lead = cast(forms.ModelChoiceField, self.fields["lead"])
            lead.queryset = Person.objects.filter(committee=committee).official_order()
            lead.required = True
        else:
            del self.fields["lead"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SourceKind.BODY and not (data.get("body") or "").strip():
            self.add_error("body", _("以参加单位名义报送时，请填写报送单位。"))
        if data.get("kind") != SourceKind.JOINT:
            data["coauthors"] = []
        return data

    def data_for_service(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "title": d["title"].strip(),
            "content": d["content"],
            "category": d["category"],
            "body": d["body"].strip() if d["kind"] == SourceKind.BODY else "",
        }


class AdoptForm(StyledForm):
    issue = forms.CharField(
        label=_("刊物期号"), max_length=60, help_text=_("如：《商州政协·社情民意》2026年第12期")
    )
    edited_title = forms.CharField(label=_("编发标题"), max_length=Opinion.TITLE_MAX_LENGTH, required=False)
    on = _date(_("采用日期"))


class DeclineForm(StyledForm):
    refer = forms.BooleanField(label=_("转有关部门参考"), required=False)
    note = forms.CharField(
        label=_("处理意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("该意见将反馈给报送人。"),
    )


class ReportForm(StyledForm):
    target = forms.ChoiceField(label=_("报送对象"), choices=Target.choices)
    recipient = forms.CharField(
        label=_("接收单位"), max_length=80, required=False, help_text=_("如：中共商洛市商州区委办公室")
    )
    on = _date(_("报送日期"))


class UpperForm(StyledForm):
    issue = forms.CharField(label=_("上级刊物期号"), max_length=60, required=False)
    on = _date(_("上级采用日期"))


class InstructForm(StyledForm):
    level = forms.ChoiceField(label=_("批示领导级别"), choices=Level.choices)
    leader = forms.CharField(label=_("批示领导"), max_length=60, help_text=_("如：区委书记 张某某"))
    content = forms.CharField(label=_("批示内容摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    on = _date(_("批示日期"))
