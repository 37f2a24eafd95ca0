"""REST API of the roll-up: per figure the total, the committee's own value and each subordinate's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.reports.rollup import build_rollup
from lvzhi.reports.views import period_from_request


class RollupSerializer(serializers.Serializer):
    committee = serializers.CharField()
    period = serializers.DictField(child=serializers.DateField())
    columns = serializers.ListField(child=serializers.DictField())
    figures = serializers.DictField(child=serializers.DictField())


class RollupView(CommitteeMixin, APIView):
    read_action = "reports.view_rollup"
    serializer_class = RollupSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度"),
            OpenApiParameter("from", str, description="开始日期 YYYY-MM-DD"),
            OpenApiParameter("to", str, description="结束日期 YYYY-MM-DD"),
        ],
        responses=RollupSerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        committee = self.get_committee()
        period = period_from_request(request._request, committee)
        return Response(build_rollup(committee, period).as_dict())
