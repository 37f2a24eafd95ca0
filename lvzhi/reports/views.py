from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from lvzhi.core.figures import Period
from lvzhi.core.views_helpers import committee_for
from lvzhi.reports.summary import build_summary, default_period, year_period


def period_from_request(request: HttpRequest, committee: object) -> Period:
    """?year=2025, or ?from=…&to=…, or the current term up to today; a malformed period is a 404."""
    today = timezone.localdate()
    try:
        if year := request.GET.get("year"):
            return year_period(int(year))
        start, end = request.GET.get("from"), request.GET.get("to")
        if start or end:
            start_date = parse_date(start) if start else None
            end_date = parse_date(end) if end else today
            if start_date is None or end_date is None:
                raise ValueError
            return Period(start_date, end_date)
    except ValueError:
        raise Http404("bad period") from None
    return default_period(committee, today)  # type: ignore[arg-type]


@login_required
def summary(request: HttpRequest, committee: str) -> HttpResponse:
    c = committee_for(request, committee, "reports.view_summary")
    period = period_from_request(request, c)
    result = build_summary(c, period)
    years = list(range(timezone.localdate().year, 2015, -1))
    return render(
        request,
        "reports/summary.html",
        {
            "summary": result,
            "years": years,
            "selected_year": request.GET.get("year", ""),
            "breadcrumbs": [(c.name, None), ("工作综述", None)],
            "period_start": period.start,
            "period_end": period.end,
            "today": date.today(),
        },
    )
