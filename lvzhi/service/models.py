"""为民服务: campaigns of public service (such as an epidemic response) with the office staff deployed to
communities, the members taking part and the donations collected; and the sectors' service activities
with the members who served and the number of people served."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.org.models import Person, Sector, Staff
from lvzhi.service.choices import ActivityKind

YUAN = {"max_digits": 14, "decimal_places": 2}


def _foreign(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The related rows that belong to another committee than ``obj``."""
    errors: dict[str, Any] = {}
    for name in fields:
        related = getattr(obj, name, None) if getattr(obj, f"{name}_id", None) else None
        if related is not None and related.committee_id != obj.committee_id:
            errors[name] = _("不属于本政协。")
    return errors


def _overlapping(qs: Any, start: date, end: date, begin: str = "start_on", finish: str = "end_on") -> Any:
    """Rows whose [begin, finish] overlaps [start, end]; an open finish lasts one day."""
    return qs.filter(**{f"{begin}__lte": end}).filter(
        Q(**{f"{finish}__gte": start}) | Q(**{f"{finish}__isnull": True, f"{begin}__gte": start})
    )


class ServiceCampaign(CommitteeScoped, Versioned):
    """A campaign of public service, such as the response to the 8·15 outbreak (外防输入、内防反弹)."""

    name = models.CharField(max_length=100, verbose_name=_("名称"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))
    description = models.TextField(blank=True, verbose_name=_("说明"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-start_on", "-id"]
        verbose_name = _("服务行动")
        verbose_name_plural = _("服务行动")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="service_campaign_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service:campaign", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})


class DeploymentQuerySet(CommitteeScopedQuerySet):
    def within(self, start: date, end: date) -> Self:
        """Deployments under way at some time in the period."""
        return _overlapping(self, start, end)


class Deployment(CommitteeScoped, Versioned):
    """机关干部下沉小区: one of the office staff sent to a community for a campaign, from one date to another."""

    campaign = models.ForeignKey(
        ServiceCampaign, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("服务行动")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关干部"))
    place = models.CharField(max_length=100, verbose_name=_("下沉社区/小区"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))
    role = models.CharField(max_length=100, blank=True, verbose_name=_("任务"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("备注"))

    objects = DeploymentQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "campaign", "start_on", "id"]
        verbose_name = _("干部下沉")
        verbose_name_plural = _("干部下沉")
        indexes = [models.Index(fields=["committee", "start_on"])]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.place}"

    def clean(self) -> None:
        errors = _foreign(self, ("campaign", "person"))
        if (
            self.person_id
            and "person" not in errors
            and not Staff.objects.filter(committee_id=self.committee_id, person_id=self.person_id).exists()
        ):
            errors["person"] = _("只能选择本会的机关干部。")
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)


class ParticipationQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"  # a 委员 reads their own participations

    def within(self, start: date, end: date) -> Self:
        return _overlapping(self, start, end)


class CampaignParticipation(CommitteeScoped, Versioned):
    """A member taking part in a campaign: what they did, from when to when."""

    campaign = models.ForeignKey(
        ServiceCampaign, on_delete=models.PROTECT, related_name="participations", verbose_name=_("服务行动")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("委员"))
    did = models.CharField(max_length=200, blank=True, verbose_name=_("参与内容"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))

    objects = ParticipationQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "campaign", "person__stroke_key", "id"]
        verbose_name = _("委员参与")
        verbose_name_plural = _("委员参与")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "campaign", "person"], name="service_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.did}）" if self.did else str(self.person.name)

    def clean(self) -> None:
        errors = _foreign(self, ("campaign", "person"))
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)


class DonationQuerySet(CommitteeScopedQuerySet):
    def within(self, start: date, end: date) -> Self:
        return self.filter(donated_on__gte=start, donated_on__lte=end)

    def totals(self) -> dict[str, Any]:
        """Money, goods value and their sum in yuan, and the number of distinct donors."""
        sums = self.aggregate(money=models.Sum("money"), goods=models.Sum("goods_value"))
        money, goods = sums["money"] or Decimal(0), sums["goods"] or Decimal(0)
        donors = self.order_by().values("donor_person_id", "donor_name").distinct().count()
        return {"money": money, "goods": goods, "total": money + goods, "donors": donors}


class Donation(CommitteeScoped, Versioned):
    """捐款捐物: money and goods (valued in yuan) given for a campaign by a member, or by a company or
    other donor (linked to the member behind it when there is one)."""

    campaign = models.ForeignKey(
        ServiceCampaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("服务行动")
    )
    donor_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("委员"),
    )
    donor_name = models.CharField(
        max_length=100, blank=True, verbose_name=_("捐赠单位或个人"), help_text=_("非委员本人捐赠时填写")
    )
    donated_on = models.DateField(verbose_name=_("捐赠日期"))
    money = models.DecimalField(default=Decimal(0), verbose_name=_("捐款（元）"), **YUAN)  # type: ignore[arg-type]
    goods = models.CharField(max_length=200, blank=True, verbose_name=_("捐物内容"))
    goods_value = models.DecimalField(default=Decimal(0), verbose_name=_("物品折价（元）"), **YUAN)  # type: ignore[arg-type]
    receipt_no = models.CharField(max_length=40, blank=True, verbose_name=_("收据编号"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("备注"))

    objects = DonationQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-donated_on", "-id"]
        verbose_name = _("捐款捐物")
        verbose_name_plural = _("捐款捐物")
        indexes = [models.Index(fields=["committee", "donated_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "receipt_no"],
                condition=~Q(receipt_no=""),
                name="service_donation_unique_receipt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor_label} {self.total}元"

    @property
    def total(self) -> Decimal:
        return (self.money or Decimal(0)) + (self.goods_value or Decimal(0))

    @property
    def donor_label(self) -> str:
        """The donor as a list shows it: 「某公司（委员张三）」, 「张三」 or the free-text donor."""
        person = self.donor_person if self.donor_person_id else None
        if person is not None and self.donor_name:
            return f"{self.donor_name}（{person.name}）"
        return str(person.name) if person is not None else self.donor_name

    def clean(self) -> None:
        errors = _foreign(self, ("campaign", "donor_person"))
        self.donor_name = (self.donor_name or "").strip()
        self.receipt_no = (self.receipt_no or "").strip()
        if not self.donor_person_id and not self.donor_name:
            errors["donor_name"] = _("请选择捐赠的委员或填写捐赠单位或个人。")
        for field in ("money", "goods_value"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("金额不能为负数。")
        if self.goods_value and not self.goods.strip():
            errors["goods"] = _("有物品折价时请填写捐物内容。")
        if self.goods.strip() and not self.goods_value:
            errors["goods_value"] = _("请填写物品折价。")
        if not errors and not self.total:
            errors["money"] = _("捐款和物品折价不能都为零。")
        if (
            self.receipt_no
            and Donation.objects.filter(committee_id=self.committee_id, receipt_no=self.receipt_no)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["receipt_no"] = _("收据编号「%s」已登记过。") % self.receipt_no
        if errors:
            raise ValidationError(errors)


class ActivityQuerySet(CommitteeScopedQuerySet):
    def held_within(self, start: date, end: date) -> Self:
        return self.filter(held_on__gte=start, held_on__lte=end)


class ServiceActivity(CommitteeScoped, Versioned):
    """A sector's service activity (界别活动: 义诊, 义务理发, 普法宣传 …), the members who served and the
    number of people served. ``starts_at``/``ends_at`` is the window in which members may check in."""

    title = models.CharField(max_length=200, verbose_name=_("活动名称"))
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("界别"),
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices, verbose_name=_("活动类型"))
    held_on = models.DateField(verbose_name=_("日期"))
    place = models.CharField(max_length=100, verbose_name=_("地点"))
    starts_at = models.DateTimeField(null=True, blank=True, verbose_name=_("签到开始时间"))
    ends_at = models.DateTimeField(null=True, blank=True, verbose_name=_("签到结束时间"))
    participants = models.ManyToManyField(
        Person, through="ActivityParticipant", related_name="+", verbose_name=_("参加委员")
    )
    beneficiaries = models.PositiveIntegerField(default=0, verbose_name=_("惠及群众（人）"))
    description = models.TextField(blank=True, verbose_name=_("活动内容"))

    objects = ActivityQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-held_on", "-id"]
        verbose_name = _("服务活动")
        verbose_name_plural = _("服务活动")
        indexes = [models.Index(fields=["committee", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("service:activity", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def organizer(self) -> str:
        return str(self.sector) if self.sector_id else str(_("机关"))

    def clean(self) -> None:
        errors = _foreign(self, ("sector",))
        if bool(self.starts_at) != bool(self.ends_at):
            errors["ends_at"] = _("签到开始和结束时间须同时填写。")
        elif self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("签到结束时间须晚于开始时间。")
        if errors:
            raise ValidationError(errors)


class ActivityParticipantQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"


class ActivityParticipant(CommitteeScoped):
    activity = models.ForeignKey(ServiceActivity, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    objects = ActivityParticipantQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["activity", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "activity", "person"], name="service_activity_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.person_id}"
