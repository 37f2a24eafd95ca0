"""API endpoints of accounts: token issue under the password policy."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from lvzhi.accounts.authentication import refuse_if_policy_pending


class ObtainToken(ObtainAuthToken):
    throttle_classes = [AnonRateThrottle]  # DRF's view has none: the anonymous rate per address

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refuse_if_policy_pending(serializer.validated_data["user"])
        return super().post(request, *args, **kwargs)
