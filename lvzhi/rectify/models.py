"""The rectification ledger (整改台账): campaigns with their 五定 template, items, and each item's timeline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.scope import scope_of
from lvzhi.org.models import Person
from lvzhi.rectify.choices import (
    DEFAULT_REQUIRED,
    FIVE_FIELDS,
    DeadlineState,
    ItemStatus,
    OwnerKind,
    StepKind,
)


def _default_required() -> list[str]:
    return list(DEFAULT_REQUIRED)


class Campaign(CommitteeScoped):
    """专项行动 (e.g. 作风建设专项行动): its problem categories and its 五定 template."""

    name = models.CharField(max_length=100, verbose_name=_("名称"))
    started_on = models.DateField(verbose_name=_("开始日期"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))
    required_fields = models.JSONField(default=_default_required, verbose_name=_("五定必填项"))
    extra_fields = models.JSONField(default=list, blank=True, verbose_name=_("自定义五定项"))
    due_soon_days = models.PositiveSmallIntegerField(default=7, verbose_name=_("临期提醒天数"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-started_on", "id"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="campaign_unique_name")]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        unknown = [
            f for f in self.required_fields or [] if f not in FIVE_FIELDS and f not in self.extra_fields
        ]
        if unknown:
            raise ValidationError({"required_fields": _("未知的五定项：%s") % "、".join(map(str, unknown))})

    def required_labels(self) -> list[str]:
        return [FIVE_FIELDS.get(f, f) for f in self.required_fields]


class Category(CommitteeScoped):
    """One of a campaign's problem categories (the article's 十方面问题)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100, verbose_name=_("名称"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "order", "id"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="category_unique_name")]

    def __str__(self) -> str:
        return str(self.name)


class LedgerItemQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "responsible_id"  # a member reads the items they must rectify ...

    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        mine = super().visible_to(user)
        if scope.roles and scope.person_id:  # ... and the ones they must accept
            return mine | self.filter(acceptor_id=scope.person_id)
        return mine

    def open(self) -> Self:
        return self.exclude(status=ItemStatus.CLOSED)

    def overdue_on(self, on: date) -> Self:
        """Past its 完成时限 on a date and not closed by then (a stock: what was overdue that day)."""
        return self.filter(deadline__lt=on, registered_on__lte=on).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=on)
        )

    def due_soon_on(self, on: date, days: int = 7) -> Self:
        return self.open().filter(deadline__gte=on, deadline__lte=on + timedelta(days=days))


class LedgerItem(CommitteeScoped, Versioned):
    """A problem on the ledger, its 五定 and where it stands in 登记 → 已交办 → 已五定 → 整改中 → 待验收 → 已销号."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveIntegerField(verbose_name=_("序号"))
    source = models.CharField(max_length=100, blank=True, verbose_name=_("问题来源"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("问题类别")
    )
    description = models.TextField(verbose_name=_("问题描述"))
    owner_kind = models.CharField(
        max_length=10, choices=OwnerKind.choices, default=OwnerKind.TEAM, verbose_name=_("问题归属")
    )
    registered_on = models.DateField(verbose_name=_("登记日期"))
    # The 五定 candidates (FIVE_FIELDS), typed.
    lead_leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任领导")
    )
    unit = models.CharField(max_length=100, blank=True, verbose_name=_("责任单位"))
    responsible = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任人")
    )
    measures = models.TextField(blank=True, verbose_name=_("整改措施"))
    goal = models.TextField(blank=True, verbose_name=_("整改目标"))
    standard = models.TextField(blank=True, verbose_name=_("整改标准"))
    deadline = models.DateField(null=True, blank=True, verbose_name=_("完成时限"))
    acceptor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("验收人")
    )
    extras = models.JSONField(default=dict, blank=True, verbose_name=_("自定义五定项"))
    original_deadline = models.DateField(null=True, blank=True, verbose_name=_("原完成时限"))
    status = models.CharField(
        max_length=12, choices=ItemStatus.choices, default=ItemStatus.REGISTERED, verbose_name=_("状态")
    )
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("销号日期"))

    objects = LedgerItemQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("台账问题")
        verbose_name_plural = _("台账问题")
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="item_unique_number")]
        indexes = [models.Index(fields=["committee", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.campaign.name} 第{self.number}号"

    def get_absolute_url(self) -> str:
        return reverse("rectify:item", kwargs={"committee": self.committee.code, "pk": self.pk})

    def value_of(self, field: str) -> Any:
        return getattr(self, field) if field in FIVE_FIELDS else (self.extras or {}).get(field, "")

    def missing_fields(self) -> list[str]:
        """The labels of the campaign's required 五定 fields still empty."""
        return [
            FIVE_FIELDS.get(f, f) for f in self.campaign.required_fields if self.value_of(f) in (None, "", [])
        ]

    def is_overdue(self, on: date) -> bool:
        return self.status != ItemStatus.CLOSED and self.deadline is not None and self.deadline < on

    def is_due_soon(self, on: date) -> bool:
        return (
            self.status != ItemStatus.CLOSED
            and self.deadline is not None
            and on <= self.deadline <= on + timedelta(days=self.campaign.due_soon_days)
        )

    def deadline_state(self, on: date) -> str:
        """``"overdue"`` (red), ``"due_soon"`` (amber) or ``""``: the flag shown wherever the item appears."""
        if self.is_overdue(on):
            return DeadlineState.OVERDUE
        if self.is_due_soon(on):
            return DeadlineState.DUE_SOON
        return ""

    def deadline_label(self, on: date) -> str:
        state = self.deadline_state(on)
        return str(DeadlineState(state).label) if state else ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.category_id and self.category.campaign_id != self.campaign_id:
            errors["category"] = _("不是本专项行动的问题类别。")
        for field in ("lead_leader", "responsible", "acceptor"):
            person = getattr(self, field)
            if person is not None and person.committee_id != self.committee_id:
                errors[field] = _("不属于本政协。")
        if self.acceptor_id and self.acceptor_id == self.responsible_id:
            errors["acceptor"] = _("验收人不能是责任人本人。")
        if errors:
            raise ValidationError(errors)


class Step(CommitteeScoped):
    """The item's own timeline (business data shown with it, apart from the audit trail)."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=50, blank=True)
    from_status = models.CharField(max_length=12, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ItemStatus.choices, blank=True)
    opinion = models.TextField(blank=True, verbose_name=_("意见"))
    on = models.DateField(null=True, blank=True, verbose_name=_("日期"))
    old_deadline = models.DateField(null=True, blank=True, verbose_name=_("原完成时限"))
    new_deadline = models.DateField(null=True, blank=True, verbose_name=_("新完成时限"))
    detail = models.JSONField(default=dict, blank=True)
    evidence = models.FileField(upload_to="rectify/%Y/%m/", blank=True, verbose_name=_("佐证材料"))

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()}"
