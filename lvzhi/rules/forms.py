from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm
from lvzhi.rules.choices import RegulationKind


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class RegulationForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=RegulationKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issuer = forms.CharField(label=_("发文机关"), max_length=100, required=False)
    issued_on = _date(_("印发日期"))
    effective_on = _date(_("施行日期"), required=False)
    text = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    is_public = forms.BooleanField(label=_("对外公开"), required=False)
    change_note = forms.CharField(
        label=_("修订说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, revising: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if revising:
            del self.fields["kind"]  # a revision keeps the kind of what it revises
            self.fields["change_note"].required = True
            self.fields["change_note"].help_text = _("写明修订了哪些内容。")

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RepealForm(StyledForm):
    repealed_on = _date(_("废止日期"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
