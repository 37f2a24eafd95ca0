"""The ledger's cadence (domain.md §2.3): the weekly dispatch list and the monthly report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Subquery

from lvzhi.org.models import Committee
from lvzhi.rectify.choices import ItemStatus
from lvzhi.rectify.models import LedgerItem, LedgerItemQuerySet, Step


@dataclass
class Weekly:
    on: date
    overdue: list[LedgerItem]
    due_soon: list[LedgerItem]
    moved: list[Step]  # every step of the last seven days


def weekly(items: LedgerItemQuerySet, on: date) -> Weekly:
    related = ("campaign", "category", "responsible", "acceptor")
    return Weekly(
        on=on,
        overdue=list(items.overdue_on(on).select_related(*related).order_by("deadline", "number")),
        due_soon=list(items.due_soon_on(on).select_related(*related).order_by("deadline", "number")),
        moved=list(
            Step.objects.filter(item__in=items, at__date__gt=on - timedelta(days=7), at__date__lte=on)
            .select_related("item", "item__campaign")
            .order_by("-at")
        ),
    )


@dataclass
class Monthly:
    start: date
    end: date
    registered: int
    closed: int
    open_at_end: int
    overdue_at_end: int
    by_status: list[tuple[str, int]]
    by_category: list[tuple[str, int, int]]  # category, problems, closed


def monthly(items: LedgerItemQuerySet, year: int, month: int) -> Monthly:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    existing = items.filter(registered_on__lte=end)
    # The status each item had at the month's end: the last move its timeline records by then.
    then = (
        Step.objects.filter(item=OuterRef("pk"), at__date__lte=end)
        .exclude(to_status="")
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    status_counts = dict(
        existing.annotate(then=Subquery(then)).order_by().values_list("then").annotate(n=Count("id"))
    )
    categories = existing.order_by().values("category__name").annotate(n=Count("id")).order_by("-n")
    closed_by_category = dict(
        existing.filter(closed_on__lte=end).order_by().values_list("category__name").annotate(n=Count("id"))
    )
    return Monthly(
        start=start,
        end=end,
        registered=items.filter(registered_on__gte=start, registered_on__lte=end).count(),
        closed=items.filter(closed_on__gte=start, closed_on__lte=end).count(),
        open_at_end=existing.exclude(closed_on__lte=end).count(),
        overdue_at_end=items.overdue_on(end).count(),
        by_status=[(str(label), status_counts.get(value, 0)) for value, label in ItemStatus.choices],
        by_category=[
            (c["category__name"], c["n"], closed_by_category.get(c["category__name"], 0)) for c in categories
        ],
    )


def monthly_docx(committee: Committee, report: Monthly) -> bytes:
    from lvzhi.core.documents import DocTable, official_document

    m = report
    body: list[Any] = [
        "一、总体情况",
        f"{m.start.year}年{m.start.month}月，新登记问题{m.registered}个，整改销号{m.closed}个；"
        f"截至{m.end.month}月{m.end.day}日，尚未销号{m.open_at_end}个，其中逾期{m.overdue_at_end}个。",
        "二、分类情况",
        DocTable(
            headers=["问题类别", "问题数", "已销号"], rows=[[n, str(a), str(b)] for n, a, b in m.by_category]
        ),
    ]
    return official_document(
        title=f"{committee.name}{m.start.year}年{m.start.month}月整改工作月报告",
        body=body,
        issuer=committee.name,
        date=m.end,
    )
