"""The wizard's forms: they parse and label; the steps themselves are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.roles import Role
from lvzhi.org.choices import Level
from lvzhi.org.forms import StyledForm
from lvzhi.setup.services import (
    ADMIN_ROLES,
    STAFF_ROLES,
    AdminInput,
    SectorChoice,
    StaffInput,
    national_sectors,
)


class TokenForm(StyledForm):
    token = forms.CharField(
        label=_("设置令牌"),
        max_length=100,
        help_text=_("启动服务器时显示在控制台上，也保存在数据目录的 setup-token.txt 中。"),
    )


class CommitteeForm(StyledForm):
    name = forms.CharField(label=_("政协名称"), max_length=100, help_text=_("如 商洛市商州区政协"))
    code = forms.SlugField(
        label=_("代码"), max_length=40, help_text=_("字母、数字或 -，用于网址，设定后不能修改，如 shangzhou")
    )
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, initial=Level.COUNTY)
    parent_name = forms.CharField(
        label=_("上级政协名称"), max_length=100, required=False, help_text=_("没有可不填")
    )
    parent_code = forms.SlugField(label=_("上级政协代码"), max_length=40, required=False)


class TermForm(StyledForm):
    number = forms.IntegerField(label=_("届次"), min_value=1, max_value=99, help_text=_("如 第十五届 填 15"))
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SectorsForm(StyledForm):
    """The national list as checkboxes with editable names, more sectors typed in, or a sheet."""

    extra = forms.CharField(
        label=_("其他界别"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个，可写「名称,简称」"),
    )
    file = forms.FileField(
        label=_("从表格导入界别"),
        required=False,
        help_text=_("含「名称」列（可有「简称」列）的 .xlsx 或 .csv；导入时以表格为准"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.national = national_sectors()
        for s in self.national:
            self.fields[f"keep_{s.code}"] = forms.BooleanField(label=s.name, required=False, initial=True)
            self.fields[f"name_{s.code}"] = forms.CharField(
                label=_("名称"), initial=s.name, max_length=100, required=False
            )
            self.fields[f"short_{s.code}"] = forms.CharField(
                label=_("简称"), initial=s.short_name, max_length=30, required=False
            )
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"keep_{s.code}"], self[f"name_{s.code}"], self[f"short_{s.code}"]) for s in self.national
        ]

    def chosen(self) -> list[SectorChoice]:
        data = self.cleaned_data
        out = [
            SectorChoice(s.code, data.get(f"name_{s.code}") or s.name, data.get(f"short_{s.code}") or "")
            for s in self.national
            if data.get(f"keep_{s.code}")
        ]
        for line in (data.get("extra") or "").splitlines():
            name, _sep, short = line.replace("，", ",").partition(",")
            if name.strip():
                out.append(SectorChoice("", name.strip(), short.strip()))
        return out


SPECIAL_COMMITTEE_SUGGESTIONS = (
    "提案委员会\n经济委员会\n农业和农村委员会\n人口资源环境委员会\n教科卫体委员会\n"
    "社会和法制委员会\n民族宗教委员会\n港澳台侨和外事委员会\n文化文史和学习委员会"
)


class SpecialCommitteesForm(StyledForm):
    names = forms.CharField(
        label=_("专委会"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=SPECIAL_COMMITTEE_SUGGESTIONS,
        help_text=_("每行一个，按本会实际设置修改"),
    )

    def names_list(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]


class AdminsForm(StyledForm):
    """三员: one block of name, user name and password (twice) per role."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in ADMIN_ROLES:
            label = Role(role).label
            self.fields[f"{role}_name"] = forms.CharField(label=f"{label} · {_('姓名')}", max_length=50)
            self.fields[f"{role}_username"] = forms.CharField(
                label=f"{label} · {_('用户名')}", max_length=150
            )
            self.fields[f"{role}_password"] = forms.CharField(
                label=f"{label} · {_('密码')}", widget=forms.PasswordInput(render_value=False), strip=False
            )
            self.fields[f"{role}_password_again"] = forms.CharField(
                label=f"{label} · {_('确认密码')}",
                widget=forms.PasswordInput(render_value=False),
                strip=False,
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs.setdefault("autocomplete", "off")

    def blocks(self) -> list[tuple[Any, list[Any]]]:
        return [
            (
                Role(role).label,
                [self[f"{role}_{f}"] for f in ("name", "username", "password", "password_again")],
            )
            for role in ADMIN_ROLES
        ]

    def admins(self) -> dict[str, AdminInput]:
        d = self.cleaned_data
        return {
            role: AdminInput(
                d[f"{role}_name"], d[f"{role}_username"], d[f"{role}_password"], d[f"{role}_password_again"]
            )
            for role in ADMIN_ROLES
        }


class BranchesForm(StyledForm):
    per_special_committee = forms.BooleanField(
        label=_("为每个专委会建立功能型党支部，并把名册中该专委会的中共党员编入"),
        required=False,
        initial=True,
    )
    others = forms.CharField(
        label=_("其他党支部"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个，如 机关党支部"),
    )


class StaffForm(StyledForm):
    accounts = forms.CharField(
        label=_("工作人员账号"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一人：姓名,用户名,角色（工作人员 或 领导），如「张敏,zhangmin,工作人员」"),
    )

    def clean_accounts(self) -> list[StaffInput]:
        labels = {str(Role(r).label): r for r in STAFF_ROLES}
        out, errors = [], []
        for n, line in enumerate(self.cleaned_data["accounts"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                errors.append(_("第%(n)d行：应为「姓名,用户名,角色」三项。") % {"n": n})
                continue
            name, username, role = parts
            if role not in labels:
                errors.append(_("第%(n)d行：角色须是工作人员或领导。") % {"n": n})
                continue
            out.append(StaffInput(name, username, labels[role]))
        if errors:
            raise forms.ValidationError(errors)
        if not out:
            raise forms.ValidationError(_("请至少填写一个账号。"))
        return out
