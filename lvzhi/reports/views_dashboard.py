"""The committee's dashboard: its figures and charts for those who read the summary, and a member's own
page for a member. The charts' data comes from one JSON endpoint the page fetches."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.figures import Period
from lvzhi.core.permissions import can
from lvzhi.core.views_helpers import committee_for
from lvzhi.org.models import Committee
from lvzhi.party.coverage import coverage
from lvzhi.reports import dashboard as charts
from lvzhi.reports.summary import build_summary, default_period, year_period

FIGURES = ["members", "special_committees", "party_branches", "cpc_members"]


def _period(request: HttpRequest, c: Committee, today: date) -> Period:
    """?year=2025 for a calendar year, else the year up to today."""
    text = request.GET.get("year", "")
    if not text:
        return default_period(c, today)
    if not text.isdigit() or not 1949 < int(text) < 2200:
        raise Http404("bad year")
    return year_period(int(text))


@login_required
def dashboard(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee)
    context: dict[str, Any] = {"breadcrumbs": [(c.name, None)]}
    if can(request.user, "reports.view_summary", c):
        today = timezone.localdate()
        period = _period(request, c, today)
        context["figures"] = build_summary(c, period, FIGURES).figures.values()
        context["coverage"] = coverage(c, min(period.end, today))
        context["period"] = period
        context["year"] = request.GET.get("year", "")
        context["years"] = list(range(today.year, today.year - 6, -1))
        context["data_url"] = reverse("reports:dashboard_data", kwargs={"committee": c.code}) + (
            f"?year={context['year']}" if context["year"] else ""
        )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_data(request: HttpRequest, committee: str) -> JsonResponse:
    """Every chart of the dashboard with the list address of each data point (404 outsiders, 403 members)."""
    c = committee_for(request, committee, "reports.view_summary")
    today = timezone.localdate()
    period = _period(request, c, today)
    return JsonResponse(
        {
            "committee": c.code,
            "period": period.as_dict(),
            "labels": {"export": _("导出图片"), "empty": _("暂无数据"), "links": _("数据与记录")},
            "charts": charts.charts(c, period, today),
        },
        json_dumps_params={"ensure_ascii": False},
    )
