"""Party branches of a CPPCC committee and who belongs to them."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.org.models import Person, SpecialCommittee
from lvzhi.party.choices import BranchKind, BranchRole


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
