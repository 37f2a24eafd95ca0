"""The ledger's reporting cadence (domain.md §2.3 rule 4: 一周一调度、一月一报告): the weekly 调度 list of
open items and what moved in the week, and the monthly report with its counts taken at the month's end.
Reads only; each a fixed number of queries whatever the ledger's size."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lvzhi.rectify.choices import DeadlineState, ItemStatus, StepKind
from lvzhi.rectify.models import LedgerItem, LedgerItemQuerySet, Step


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day``."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_of(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


@dataclass
class WeeklyRow:
    item: LedgerItem
    state: str  # overdue / due_soon / ""
    last_progress: datetime | None
    moved_this_week: bool


@dataclass
class Weekly:
    """一周一调度: every open item as of the week's end, overdue first, with its last progress."""

    start: date
    end: date
    on: date  # the day flags are taken on: the week's end, or today while the week runs
    rows: list[WeeklyRow] = field(default_factory=list)
    registered: int = 0
    closed: int = 0
    overdue: int = 0
    due_soon: int = 0
    without_progress: int = 0


def _state(item: LedgerItem, on: date) -> str:
    """The flag of an item open on ``on`` (its status today may have moved on since)."""
    if item.deadline is None:
        return ""
    if item.deadline < on:
        return DeadlineState.OVERDUE
    if item.deadline <= on + timedelta(days=item.campaign.due_soon_days):
        return DeadlineState.DUE_SOON
    return ""


def weekly(items: LedgerItemQuerySet, day: date, today: date) -> Weekly:
    start, end = week_of(day)
    on = min(end, today)
    since, until = _bounds(start, end)
    open_items = (
        items.filter(registered_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .select_related("campaign", "category", "responsible", "lead_leader", "committee")
        .annotate(
            last_progress=Max("steps__at", filter=Q(steps__kind=StepKind.PROGRESS, steps__at__lt=until)),
            moves=Count("steps", filter=Q(steps__at__gte=since, steps__at__lt=until)),
        )
    )
    report = Weekly(start=start, end=end, on=on)
    rows = [WeeklyRow(i, _state(i, on), i.last_progress, i.moves > 0) for i in open_items]
    order = {"overdue": 0, "due_soon": 1, "": 2}
    rows.sort(key=lambda r: (order[r.state], r.item.deadline or date.max, r.item.campaign_id, r.item.number))
    report.rows = rows
    report.overdue = sum(r.state == "overdue" for r in rows)
    report.due_soon = sum(r.state == "due_soon" for r in rows)
    report.without_progress = sum(
        not r.moved_this_week and r.item.status in (ItemStatus.FIXED, ItemStatus.RECTIFYING) for r in rows
    )
    counts = items.aggregate(
        registered=Count("id", filter=Q(registered_on__gte=start, registered_on__lte=end)),
        closed=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end)),
    )
    report.registered, report.closed = counts["registered"], counts["closed"]
    return report


@dataclass
class Monthly:
    """一月一报告: what came in and went out in the month, and what stood overdue at its end."""

    start: date
    end: date
    on: date
    registered: int = 0
    closed: int = 0
    overdue: int = 0
    open_at_end: int = 0
    total_at_end: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)  # the status each item had at the end
    extensions: list[Step] = field(default_factory=list)
    rejections: list[Step] = field(default_factory=list)
    by_category: list[dict[str, Any]] = field(default_factory=list)
    overdue_items: list[LedgerItem] = field(default_factory=list)
    closed_items: list[LedgerItem] = field(default_factory=list)

    @property
    def closed_rate(self) -> str:
        closed = self.total_at_end - self.open_at_end
        return f"{closed * 100 / self.total_at_end:.0f}%" if self.total_at_end else "—"


def monthly(items: LedgerItemQuerySet, year: int, month: int, today: date) -> Monthly:
    start, end = month_of(year, month)
    on = min(end, today)
    report = Monthly(start=start, end=end, on=on)
    existing = Q(registered_on__lte=on)
    open_then = existing & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    overdue_then = open_then & Q(deadline__lt=on)
    in_month = Q(registered_on__gte=start, registered_on__lte=end)
    closed_in_month = Q(closed_on__gte=start, closed_on__lte=end)
    counts = items.aggregate(
        registered=Count("id", filter=in_month),
        closed=Count("id", filter=closed_in_month),
        overdue=Count("id", filter=overdue_then),
        open_at_end=Count("id", filter=open_then),
        total_at_end=Count("id", filter=existing),
    )
    for key, value in counts.items():
        setattr(report, key, value)
    # The status each item had at the month's end: 已销号 if closed by then (the business date), else the
    # last move its timeline records by then; an item entered later with an earlier date counts as 登记.
    last_move = (
        Step.objects.filter(item=OuterRef("pk"), at__lt=_bounds(start, on)[1])
        .exclude(to_status__in=["", ItemStatus.CLOSED])
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    then = Case(
        When(closed_on__lte=on, then=Value(ItemStatus.CLOSED.value)),
        default=Coalesce(Subquery(last_move), Value(ItemStatus.REGISTERED.value)),
    )
    status_then = dict(
        items.filter(existing).annotate(then=then).order_by().values_list("then").annotate(n=Count("id"))
    )
    report.by_status = [(str(label), status_then.get(value, 0)) for value, label in ItemStatus.choices]
    report.by_category = list(
        items.order_by()
        .values("campaign__name", "category_id", "category__name", "category__order")
        .annotate(
            total=Count("id", filter=existing),
            registered=Count("id", filter=in_month),
            closed=Count("id", filter=closed_in_month),
            overdue=Count("id", filter=overdue_then),
        )
        .filter(total__gt=0)
        .order_by("campaign__name", "category__order", "category_id")
    )
    related = ("campaign", "category", "responsible", "lead_leader", "acceptor", "committee")
    report.overdue_items = list(
        items.filter(overdue_then).select_related(*related).order_by("deadline", "campaign_id", "number")
    )
    report.closed_items = list(
        items.filter(closed_in_month).select_related(*related).order_by("closed_on", "campaign_id", "number")
    )
    since, until = _bounds(start, end)
    steps = (
        Step.objects.filter(item__in=items, at__gte=since, at__lt=until)
        .select_related("item", "item__campaign", "item__committee")
        .order_by("at", "id")
    )
    for step in steps.filter(kind__in=[StepKind.EXTEND, StepKind.REJECT]):
        (report.extensions if step.kind == StepKind.EXTEND else report.rejections).append(step)
    return report
