"""The cadence pages: the weekly 调度 list (with its Excel) and the monthly report (with its official .docx)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.views_helpers import committee_for, date_param, xlsx_response
from lvzhi.org.models import Committee
from lvzhi.rectify import cadence, io
from lvzhi.rectify.models import Campaign, LedgerItem, LedgerItemQuerySet

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _items(request: HttpRequest, c: Committee) -> tuple[LedgerItemQuerySet, Campaign | None]:
    items = LedgerItem.objects.visible_to(request.user).filter(committee=c)
    campaign = None
    if (text := request.GET.get("campaign", "")).isdigit():
        campaign = Campaign.objects.visible_to(request.user).filter(committee=c, pk=int(text)).first()
        items = items.filter(campaign_id=int(text))
    return items, campaign


def _crumbs(c: Committee, title: str) -> list[tuple[str, str | None]]:
    return [
        (c.name, None),
        (_("整改台账"), reverse("rectify:ledger", kwargs={"committee": c.code})),
        (title, None),
    ]


@login_required
def weekly(request: HttpRequest, committee: str) -> HttpResponse:
    """一周一调度: ?week=any day of the week (default this week)."""
    c = committee_for(request, committee, "rectify.list")
    today = timezone.localdate()
    items, campaign = _items(request, c)
    report = cadence.weekly(items, date_param(request, "week") or today, today)
    if request.GET.get("export") == "xlsx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "ledger_weekly"})
        return xlsx_response(io.weekly_workbook(report), f"{c.code}-weekly-{report.start.isoformat()}.xlsx")
    title = _("周调度清单")
    return render(
        request,
        "rectify/weekly.html",
        {
            "report": report,
            "campaign": campaign,
            "previous": (report.start - timedelta(days=7)).isoformat(),
            "next": (report.start + timedelta(days=7)).isoformat(),
            "title": title,
            "breadcrumbs": _crumbs(c, title),
        },
    )


@login_required
def monthly(request: HttpRequest, committee: str) -> HttpResponse:
    """一月一报告: ?month=YYYY-MM (default this month)."""
    c = committee_for(request, committee, "rectify.list")
    today = timezone.localdate()
    text = request.GET.get("month") or f"{today.year}-{today.month:02d}"
    match = _MONTH.match(text)
    if not match or not (2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12):
        raise Http404("bad month")
    year, month = int(match[1]), int(match[2])
    items, campaign = _items(request, c)
    report = cadence.monthly(items, year, month, today)
    if request.GET.get("export") == "docx":
        audit_log("export", user=request.user, committee=c, detail={"kind": "ledger_monthly"})
        response = HttpResponse(io.monthly_docx(c, report), content_type=io.DOCX)
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{c.code}-monthly-{year}-{month:02d}.docx"
        )
        return response
    title = _("%(year)d年%(month)d月整改工作月报告") % {"year": year, "month": month}
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    next_year, next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "rectify/monthly.html",
        {
            "report": report,
            "campaign": campaign,
            "previous": f"{prev_year}-{prev_month:02d}",
            "next": f"{next_year}-{next_month:02d}",
            "title": title,
            "breadcrumbs": _crumbs(c, title),
        },
    )
