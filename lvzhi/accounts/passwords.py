"""Password rules of 等保 (domain.md §8.2): complexity, and no reuse of recent passwords."""

from __future__ import annotations

import string
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    classes = [
        any(c in string.ascii_uppercase for c in password),
        any(c in string.ascii_lowercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


class ComplexityValidator:
    """At least three of: upper-case letters, lower-case letters, digits, other characters."""

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < 3:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"), code="password_too_simple"
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。")


class HistoryValidator:
    """Not the same as one of the last N passwords (LVZHI_PASSWORD_HISTORY), nor the current one."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        count = settings.LVZHI_PASSWORD_HISTORY
        if not count:
            return
        if user.password and check_password(password, user.password):
            raise ValidationError(_("新密码不能与当前密码相同。"), code="password_reused")
        recent = user.password_history.all()[:count]
        if any(check_password(password, h.encoded) for h in recent):
            raise ValidationError(
                _("新密码不能与最近%(n)d次使用过的密码相同。") % {"n": count}, code="password_reused"
            )

    def get_help_text(self) -> str:
        return _("不能与最近使用过的密码相同。")
