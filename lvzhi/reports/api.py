"""REST API of reports: the summary with every figure's value, sentence and evidence URL."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.reports.summary import build_summary
from lvzhi.reports.views import period_from_request


class FigureSerializer(serializers.Serializer):
    value = serializers.FloatField()
    # "label" and "source" are also Field attributes, which the stubs type as strings.
    label = serializers.CharField()  # type: ignore[assignment]
    sentence = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class SummarySerializer(serializers.Serializer):
    committee = serializers.CharField()
    period = serializers.DictField(child=serializers.DateField())
    figures = serializers.DictField(child=FigureSerializer())
    text = serializers.CharField()


class SummaryView(CommitteeMixin, APIView):
    read_action = "reports.view_summary"
    serializer_class = SummarySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度"),
            OpenApiParameter("from", str, description="开始日期 YYYY-MM-DD"),
            OpenApiParameter("to", str, description="结束日期 YYYY-MM-DD"),
        ],
        responses=SummarySerializer,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        committee = self.get_committee()
        period = period_from_request(request._request, committee)
        return Response(build_summary(committee, period).as_dict())
