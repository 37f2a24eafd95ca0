"""Party branches of a CPPCC committee and who belongs to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.org.models import Person, SpecialCommittee
from lvzhi.party.choices import AttendanceStatus, BranchKind, BranchRole, CheckinMethod, MeetingKind, Period


class PartyBranchQuerySet(CommitteeScopedQuerySet):
    def active_on(self, on: date) -> Self:
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=on)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
        )

    def functional(self) -> Self:
        return self.filter(kind=BranchKind.FUNCTIONAL, special_committee__isnull=False)


class PartyBranch(CommitteeScoped, Versioned):
    """党支部: a 专委会 functional branch (organizes the CPC members among the members of its special
    committee), the office's 机关党支部, or a 临时党支部 (for a plenary session or an inspection)."""

    NAME_MAX_LENGTH = 80
    name = models.CharField(max_length=NAME_MAX_LENGTH, verbose_name=_("名称"))
    kind = models.CharField(
        max_length=12, choices=BranchKind.choices, default=BranchKind.FUNCTIONAL, verbose_name=_("类型")
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        verbose_name=_("所在专委会"),
    )
    secretary = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("支部书记")
    )
    established_on = models.DateField(null=True, blank=True, verbose_name=_("成立日期"))
    dissolved_on = models.DateField(null=True, blank=True, verbose_name=_("撤销日期"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    objects = PartyBranchQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = _("党支部")
        verbose_name_plural = _("党支部")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="branch_unique_name"),
            models.UniqueConstraint(
                fields=["committee", "special_committee"],
                condition=Q(kind="functional"),
                name="branch_one_functional_per_special_committee",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party:branch_detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == BranchKind.FUNCTIONAL and not self.special_committee_id:
            errors["special_committee"] = _("专委会功能型党支部须指定所在专委会。")
        special_committee = self.special_committee if self.special_committee_id else None
        if special_committee is not None and special_committee.committee_id != self.committee_id:
            errors["special_committee"] = _("不属于本政协。")
        secretary = self.secretary if self.secretary_id else None
        if secretary is not None and secretary.committee_id != self.committee_id:
            errors["secretary"] = _("不属于本政协。")
        elif secretary is not None and not secretary.is_cpc:
            errors["secretary"] = _("支部书记须为中共党员。")
        if self.dissolved_on and self.established_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = _("撤销日期不能早于成立日期。")
        if errors:
            raise ValidationError(errors)


class PartyMembershipQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"

    def active_on(self, on: date) -> Self:
        return self.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on)
        )

    def current(self) -> Self:
        return self.filter(left_on__isnull=True)


class PartyMembership(CommitteeScoped):
    """A CPC member (a 委员 or a staff member) organized in a branch. Leaving keeps the row, with the date."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("党支部")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="party_memberships", verbose_name=_("党员")
    )
    role = models.CharField(
        max_length=10, choices=BranchRole.choices, default=BranchRole.MEMBER, verbose_name=_("职务")
    )
    joined_on = models.DateField(null=True, blank=True, verbose_name=_("编入日期"))
    left_on = models.DateField(null=True, blank=True, verbose_name=_("转出日期"))

    objects = PartyMembershipQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["branch", "id"]
        verbose_name = _("支部党员")
        verbose_name_plural = _("支部党员")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "branch", "person"],
                condition=Q(left_on__isnull=True),
                name="party_membership_unique_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.branch.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.person_id and self.person.committee_id != self.committee_id:
            errors["person"] = _("不属于本政协。")
        elif self.person_id and not self.person.is_cpc:
            errors["person"] = _("只有中共党员（含预备党员）才能编入党支部。")
        if self.branch_id and self.branch.committee_id != self.committee_id:
            errors["branch"] = _("不属于本政协。")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("转出日期不能早于编入日期。")
        if errors:
            raise ValidationError(errors)


class RhythmRule(CommitteeScoped):
    """三会一课 and the rest: how often a kind of meeting must be held, effective-dated, per committee. An
    empty ``branch_kind`` applies to every regular branch; a rule for one kind (e.g. functional branches)
    overrides it for that kind. Defaults come from reference/domain.md §9 (支部工作条例, 2018)."""

    meeting_kind = models.CharField(max_length=12, choices=MeetingKind.choices, verbose_name=_("会议类型"))
    branch_kind = models.CharField(
        max_length=12, choices=BranchKind.choices, blank=True, verbose_name=_("适用支部")
    )
    period = models.CharField(max_length=8, choices=Period.choices, verbose_name=_("周期"))
    min_count = models.PositiveSmallIntegerField(default=1, verbose_name=_("至少次数"))
    effective_from = models.DateField(verbose_name=_("生效日期"))

    class Meta:
        ordering = ["committee", "meeting_kind", "branch_kind", "-effective_from"]
        verbose_name = _("组织生活规则")
        verbose_name_plural = _("组织生活规则")

    def __str__(self) -> str:
        return f"{self.get_meeting_kind_display()} {self.get_period_display()}≥{self.min_count}"


class OrgLifePolicy(CommitteeScoped):
    """The checks around a meeting record, effective-dated: how late an entry may be before it needs the
    secretary's approval, and the quorum of a 党员大会 (more than this share of the voting members)."""

    late_entry_days = models.PositiveSmallIntegerField(default=7, verbose_name=_("补录期限（天）"))
    quorum_ratio = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.50"), verbose_name=_("党员大会到会比例（超过）")
    )
    effective_from = models.DateField(verbose_name=_("生效日期"))

    class Meta:
        ordering = ["committee", "-effective_from"]
        verbose_name = _("组织生活核查规则")
        verbose_name_plural = _("组织生活核查规则")

    def __str__(self) -> str:
        return f"{self.effective_from}"


class MeetingQuerySet(CommitteeScopedQuerySet):
    def counted(self) -> Self:
        """Held and counted: entered in time, or entered late and approved."""
        return self.filter(Q(is_late=False) | Q(approved_at__isnull=False))


class Meeting(CommitteeScoped, Versioned):
    """One occasion of a branch's organizational life (三会一课, 主题党日, 组织生活会 …)."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("党支部")
    )
    kind = models.CharField(max_length=12, choices=MeetingKind.choices, verbose_name=_("类型"))
    held_on = models.DateField(verbose_name=_("召开日期"))
    topic = models.CharField(max_length=200, verbose_name=_("主题"))
    host = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("主持人")
    )
    minutes = models.TextField(blank=True, verbose_name=_("会议记录"))
    entered_on = models.DateField(verbose_name=_("录入日期"))
    is_late = models.BooleanField(default=False, verbose_name=_("补录"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("补录审批时间"))
    checkin_token = models.CharField(max_length=32, editable=False)

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-held_on", "-id"]
        verbose_name = _("组织生活")
        verbose_name_plural = _("组织生活")
        indexes = [models.Index(fields=["committee", "branch", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.branch.name} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("party:meeting", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def counts(self) -> bool:
        return not self.is_late or self.approved_at is not None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.branch_id and self.branch.committee_id != self.committee_id:
            errors["branch"] = _("不属于本政协。")
        if self.held_on and self.entered_on and self.held_on > self.entered_on:
            errors["held_on"] = _("召开日期不能晚于录入日期。")
        if errors:
            raise ValidationError(errors)


class Attendance(CommitteeScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("党员"))
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices, verbose_name=_("出席情况"))
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("缺席原因"))
    method = models.CharField(max_length=8, choices=CheckinMethod.choices, default=CheckinMethod.LIST)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "person__stroke_key"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_status_display()}"


class ContactPoint(CommitteeScoped):
    """党支部工作联系点: a leader assigned to a branch, with the visits made to it."""

    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("联系领导"))
    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="contact_points", verbose_name=_("联系党支部")
    )
    since = models.DateField(verbose_name=_("开始日期"))
    until = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))

    class Meta:
        ordering = ["committee", "leader", "branch"]
        verbose_name = _("党支部工作联系点")
        verbose_name_plural = _("党支部工作联系点")

    def __str__(self) -> str:
        return f"{self.leader.name} → {self.branch.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("leader", "branch"):
            obj = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if obj is not None and obj.committee_id != self.committee_id:
                errors[name] = _("不属于本政协。")
        if self.until and self.since and self.until < self.since:
            errors["until"] = _("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)


class ContactVisit(CommitteeScoped):
    point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(verbose_name=_("日期"))
    note = models.CharField(max_length=300, verbose_name=_("内容"))

    class Meta:
        ordering = ["point", "-on"]
        verbose_name = _("联系点活动")
        verbose_name_plural = _("联系点活动")

    def __str__(self) -> str:
        return f"{self.on} {self.note[:20]}"


class LeaderDuty(CommitteeScoped):
    """一岗双责: a party-building duty a leader carries alongside their post, for a year."""

    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("领导"))
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    text = models.CharField(max_length=300, verbose_name=_("党建工作职责"))

    class Meta:
        ordering = ["committee", "leader", "year", "id"]
        verbose_name = _("一岗双责")
        verbose_name_plural = _("一岗双责")

    def __str__(self) -> str:
        return self.text[:30]
