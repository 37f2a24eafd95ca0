from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.codes import MOBILE_RE, Ethnicity, Gender, Political
from lvzhi.core.idnumber import IdNumberError, id_number_birth, id_number_gender, normalize_id_number
from lvzhi.core.masking import is_masked
from lvzhi.core.yearmonth import format_year_month, parse_year_month
from lvzhi.org.choices import Position
from lvzhi.org.models import Committee, Sector, SpecialCommittee


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and the invalid ones marked for the eye and for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput) and widget.input_type == "date":
                # A browser's date input takes only ISO dates; the Chinese locale would give 2026/11/25.
                widget.format = "%Y-%m-%d"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"


class MemberForm(StyledForm):
    """A member's person and membership fields, on one page; the ID number shows masked and a masked
    value left as it is means "unchanged"."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=[("", "—"), *Gender.choices[:2]])
    ethnicity = forms.ChoiceField(label=_("民族"), choices=[("", "—"), *Ethnicity.choices], required=False)
    birth_month = forms.CharField(
        label=_("出生年月"), required=False, help_text=_("如 1968-05"), max_length=20
    )
    political = forms.ChoiceField(label=_("政治面貌"), choices=[("", "—"), *Political.choices])
    mobile = forms.CharField(label=_("手机号码"), required=False, max_length=20)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=25)
    sector = forms.ModelChoiceField(label=_("界别"), queryset=Sector.objects.none())
    special_committee = forms.ModelChoiceField(
        label=_("专委会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    position = forms.ChoiceField(label=_("政协职务"), choices=Position.choices, initial=Position.MEMBER)
    workplace = forms.CharField(label=_("工作单位及职务"), required=False, max_length=200)
    start = forms.DateField(label=_("任职开始"), widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(committee=committee)  # type: ignore[attr-defined]
        self.fields["special_committee"].queryset = SpecialCommittee.objects.filter(committee=committee)  # type: ignore[attr-defined]

    def clean_birth_month(self) -> date | None:
        text = self.cleaned_data["birth_month"].strip()
        if not text:
            return None
        try:
            return parse_year_month(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_mobile(self) -> str | None:
        text = self.cleaned_data["mobile"].strip()
        if is_masked(text):
            return None  # unchanged
        if text and not MOBILE_RE.match(text):
            raise forms.ValidationError(_("请填写有效的11位手机号码。"))
        return text

    def clean_id_number(self) -> str | None:
        text = self.cleaned_data["id_number"].strip()
        if is_masked(text):
            return None  # unchanged
        if not text:
            return ""
        try:
            return normalize_id_number(text)
        except IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        id_number = data.get("id_number")
        if id_number:
            birth = id_number_birth(id_number).replace(day=1)
            if data.get("birth_month") is None and "birth_month" not in self.errors:
                data["birth_month"] = birth
            elif data.get("birth_month") and data["birth_month"] != birth:
                self.add_error(
                    "birth_month", _("与身份证号中的出生年月（%s）不一致。") % format_year_month(birth)
                )
            if data.get("gender") and data["gender"] != id_number_gender(id_number):
                self.add_error("gender", _("与身份证号中的性别不一致。"))
        return data

    def person_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data[f] for f in ("name", "gender", "ethnicity", "birth_month", "political")}
        if self.cleaned_data["mobile"] is not None:
            data["mobile"] = self.cleaned_data["mobile"]
        return data

    def membership_data(self) -> dict[str, Any]:
        return {
            f: self.cleaned_data[f] for f in ("sector", "special_committee", "position", "workplace", "start")
        }


class RosterImportForm(StyledForm):
    file = forms.FileField(
        label=_("名册文件"), help_text=_("支持 .xlsx、.xls、.csv（UTF-8 或 GB18030 编码），不超过10MB。")
    )
    create_missing = forms.BooleanField(label=_("自动创建系统中没有的界别、专委会、党支部"), required=False)
    dry_run = forms.BooleanField(label=_("仅检查，不导入"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"


class TermChangeForm(StyledForm):
    """换届: the new term's number and first day; the members who continue are ticked in the list."""

    number = forms.IntegerField(label=_("新一届届次"), min_value=1, max_value=99)
    start = forms.DateField(label=_("新一届开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
