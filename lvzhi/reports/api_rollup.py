"""REST API of the roll-up: per figure the total, the committee's own value and each subordinate's; and the
import of a subordinate's signed report, sent by its own installation."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.reports.rollup import build_rollup
from lvzhi.reports.rollup_services import MAX_FILE_BYTES, rollup_import
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


class ReportedSerializer(serializers.Serializer):
    subordinate = serializers.CharField()
    period = serializers.DictField(child=serializers.DateField())
    figures = serializers.IntegerField(help_text="导入的指标数")
    reported = serializers.BooleanField()


class RollupReportImport(CommitteeMixin, APIView):
    """POST the signed report file's JSON (as ``lvzhi rollup export`` writes it) to import it here, as
    the import page does: the signature is checked against the subordinate's registered key, and a
    refusal stores nothing and says why (400)."""

    read_action = "reports.view_rollup"
    serializer_class = ReportedSerializer

    @extend_schema(request=serializers.JSONField, responses={201: ReportedSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        committee = self.get_committee()
        self.check("reports.import_rollup", committee)
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": _("请求体应为报送文件的 JSON 对象。")})
        document = json.dumps(request.data, ensure_ascii=False)
        if len(document.encode()) > MAX_FILE_BYTES:
            raise ValidationError({"detail": _("文件太大，不是报送文件。")})
        try:
            report = rollup_import(into=committee, document=document, by=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": "；".join(exc.messages)}) from None
        data = {
            "subordinate": report.subordinate.code,
            "period": {"from": report.start, "to": report.end},
            "figures": len(report.figures),
            "reported": True,
        }
        return Response(ReportedSerializer(data).data, status=status.HTTP_201_CREATED)
