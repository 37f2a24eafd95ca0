from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm


class HeadingForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=60)
    position = forms.IntegerField(label=_("顺序"), min_value=0, required=False)
    before = forms.CharField(
        label=_("段前固定文字"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    after = forms.CharField(label=_("段后固定文字"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ParagraphForm(StyledForm):
    text = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 6, "data-figure-target": ""}),
        help_text=_("数字不能直接输入：点击下方的指标插入 {代码}（数值）或 {代码:sentence}（整句）。"),
    )
    position = forms.IntegerField(label=_("顺序"), min_value=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
