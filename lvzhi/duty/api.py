"""REST API of the duty archive (read-only): a member's archive (一人一档) with each year's score, and
for staff and leaders the year's ranking with its removal warnings. The same checks as the pages: an
archive is the member's own or readable by staff and leaders, anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.api import CommitteeMixin
from lvzhi.core.permissions import can
from lvzhi.duty.scoring import MemberScore, members_in_year, removal_warnings, year_scores
from lvzhi.duty.selectors import member_archive
from lvzhi.org.models import Person

YEAR = OpenApiParameter("year", int, description="年度")


def _year(request: Request) -> int | None:
    text = str(request.query_params.get("year", ""))
    return int(text) if text.isdigit() and 1949 < int(text) < 2200 else None


def _score(score: MemberScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "score": str(score.score),
        "grade": score.grade,
        "frozen": score.frozen,
        "items": [i.as_json() for i in score.items],
    }


class ArchiveSerializer(serializers.Serializer):
    person = serializers.DictField()
    years = serializers.ListField(child=serializers.DictField())


class ArchiveView(CommitteeMixin, APIView):
    """GET: a member's archive, newest year first: the records (date, kind, text, state, source), the
    year's score with its items, and the 常委's report."""

    serializer_class = ArchiveSerializer

    @extend_schema(parameters=[YEAR], responses=ArchiveSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        committee = self.get_committee()
        person = Person.objects.visible_to(request.user).filter(committee=committee, pk=kwargs["pk"]).first()
        if person is None or not can(request.user, "duty.view_archive", person):
            raise Http404
        years = []
        for term in member_archive(committee, person, _year(request)):
            for y in term.years:
                years.append(
                    {
                        "year": y.year,
                        "term": term.term.name if term.term else None,
                        "score": _score(y.score),
                        "records": [
                            {
                                "id": r.record.pk,
                                "date": r.record.date.isoformat(),
                                "kind": r.record.kind,
                                "label": k.label,
                                "text": r.text,
                                "state": r.record.state,
                                "source": r.url,
                                "confirmed": r.confirmed,
                                "appeal": r.appeal.status if r.appeal else None,
                            }
                            for k in y.kinds
                            for r in k.rows
                        ],
                        "report": (
                            {"text": y.report.text, "submitted": y.report.submitted_at is not None}
                            if y.report is not None
                            else None
                        ),
                    }
                )
        return Response({"person": {"id": person.pk, "name": person.name}, "years": years})


class RankingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    finalized = serializers.BooleanField()
    rows = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.DictField())


class RankingView(CommitteeMixin, APIView):
    """GET: every member's score and grade of a year, ranked, and the removal (劝辞) warnings."""

    read_action = "duty.view_scores"
    serializer_class = RankingSerializer

    @extend_schema(parameters=[YEAR], responses=RankingSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from django.utils import timezone

        committee = self.get_committee()
        year = _year(request) or timezone.localdate().year
        scores = year_scores(committee, year)
        people = {
            m.person_id: m.person
            for m in members_in_year(committee, year).select_related("person").order_by("term__start")
        }
        ranked = sorted(
            ((people[pid], s) for pid, s in scores.items() if pid in people),
            key=lambda r: (-r[1].score, r[0].stroke_key),
        )
        frozen = any(s.frozen for s in scores.values())
        return Response(
            {
                "year": year,
                "finalized": frozen,
                "rows": [
                    {"rank": n, "person_id": p.pk, "name": p.name, "score": str(s.score), "grade": s.grade}
                    for n, (p, s) in enumerate(ranked, 1)
                ],
                "warnings": [
                    {
                        "person_id": w.person_id,
                        "name": people[w.person_id].name if w.person_id in people else "",
                        "rule": w.rule.label,
                        "count": w.count,
                        "limit": w.rule.limit,
                        "reached": w.reached,
                    }
                    for w in removal_warnings(committee, year)
                ],
            }
        )
