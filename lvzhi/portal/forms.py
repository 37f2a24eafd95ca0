from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.org.forms import StyledForm


class ArticleForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(
        label=_("摘要"), required=False, max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("可用 HTML 段落、标题、列表、表格、链接和图片；脚本、样式和事件属性在保存时被清除。"),
    )
    source = forms.CharField(label=_("来源"), required=False, max_length=100)
    author = forms.CharField(label=_("作者"), required=False, max_length=100)
    editor = forms.CharField(label=_("编辑"), required=False, max_length=100)
    tags = forms.CharField(
        label=_("相关热词"), required=False, max_length=200, help_text=_("多个热词用逗号分隔。")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审核意见"),
        choices=[("pass", _("通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("意见或退回理由"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ImageForm(StyledForm):
    file = forms.FileField(label=_("图片"))
    caption = forms.CharField(label=_("图片说明"), required=False, max_length=200)


class BlockedWordForm(StyledForm):
    word = forms.CharField(label=_("屏蔽词"), max_length=50)


class SummaryPeriodForm(StyledForm):
    start = forms.DateField(label=_("统计期间自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("至"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data
