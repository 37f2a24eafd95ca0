from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.meetings.choices import MeetingType
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, SpecialCommittee

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class MeetingForm(StyledForm):
    type = forms.ChoiceField(label=_("会议类型"), choices=MeetingType.choices)
    title = forms.CharField(
        label=_("会议名称"),
        max_length=200,
        help_text=_("如：政协商州区第十五届委员会第十八次常委会议"),
    )
    special_committee = forms.ModelChoiceField(
        label=_("专委会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        help_text=_("专委会会议必选。"),
    )
    starts_at = _datetime(_("开始时间"))
    ends_at = _datetime(_("结束时间"))
    place = forms.CharField(label=_("会议地点"), max_length=200)
    agenda = forms.CharField(
        label=_("会议议程"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一项，按顺序排列。"),
    )
    notice = forms.CharField(
        label=_("通知正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("会议通知中时间、地点、议程之前的文字。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("type") == MeetingType.SPECIAL and not data.get("special_committee"):
            self.add_error("special_committee", _("专委会会议请选择专委会。"))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "agenda")}
        if data.get("type") != MeetingType.SPECIAL:
            data["special_committee"] = None
        return data

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class LeaveForm(StyledForm):
    reason = forms.CharField(label=_("请假事由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
