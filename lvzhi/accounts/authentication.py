"""API sign-in that keeps the web's password policy: no token use or issue before a forced change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def refuse_if_policy_pending(user: Any) -> None:
    if user.must_change_password or user.password_expired():
        raise exceptions.AuthenticationFailed(_("请先在网页上修改密码后再使用接口。"))


class PolicyTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        refuse_if_policy_pending(user)
        return user, token
