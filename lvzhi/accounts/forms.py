from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.models import User
from lvzhi.core.roles import Role
from lvzhi.org.forms import StyledForm
from lvzhi.org.models import Committee, Person, Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续失败5次后，账号将被锁定15分钟。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-lg"


class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "至少8位，包含大写字母、小写字母、数字、特殊字符中的至少三类，不能与最近使用过的密码相同。"
        ),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class UserCreateForm(StyledForm):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": _("只能包含字母、数字和 _.@+-，至少3位。")},
    )
    person = forms.ModelChoiceField(label=_("对应人员"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = Person.objects.filter(committee=committee, user__isnull=True).official_order()

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username


class RoleGrantForm(StyledForm):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("授予“承办单位”角色时选择该账号所属的单位。"),
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = Unit.objects.filter(committee=committee, active=True)
