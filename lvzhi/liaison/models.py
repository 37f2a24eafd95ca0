"""联系包抓: programmes of key projects (such as the "三百四千" 工程), the projects, the leaders who each
take some on, their site visits, and the problems raised on a visit and coordinated until resolved."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.roles import Role
from lvzhi.core.scope import scope_of
from lvzhi.liaison.choices import ProblemStatus, Stage, StepKind
from lvzhi.org.models import Person, Unit


def _foreign(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The related rows that belong to another committee than ``obj``."""
    errors: dict[str, Any] = {}
    for name in fields:
        related = getattr(obj, name, None) if getattr(obj, f"{name}_id", None) else None
        if related is not None and related.committee_id != obj.committee_id:
            errors[name] = _("不属于本政协。")
    return errors


def leading_person_id(user: Any) -> int | None:
    """The person behind an account that may lead projects: one with a role other than 承办单位."""
    scope = scope_of(user)
    if scope.person_id is None:
        return None
    if any(roles - {Role.UNIT} for roles in scope.roles.values()):
        return scope.person_id
    return None


class _LedByQuerySet(CommitteeScopedQuerySet):
    """Rows of a project: readers of the committee read them all; a leader also reads those of the
    projects they take on (or took on), whatever their role."""

    project_lookup = "project_id"

    def visible_to(self, user: Any) -> Self:
        readable = super().visible_to(user)
        person_id = leading_person_id(user)
        if person_id is None:
            return readable
        led = LeaderAssignment.objects.filter(person_id=person_id).values("project_id")
        return readable | self.filter(**{f"{self.project_lookup}__in": led})


class Programme(CommitteeScoped):
    """A programme of key projects, e.g. the 商洛市委's "三百四千" 工程 or the district's 区级重点项目."""

    name = models.CharField(max_length=100, verbose_name=_("名称"))
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    description = models.TextField(blank=True, verbose_name=_("说明"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-year", "name", "id"]
        verbose_name = _("项目计划")
        verbose_name_plural = _("项目计划")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name", "year"], name="liaison_programme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class ProjectQuerySet(_LedByQuerySet):
    project_lookup = "pk"

    def in_liaison_within(self, start: date, end: date) -> Self:
        """Projects with a leader's assignment in force at some time in the period."""
        return self.filter(pk__in=LeaderAssignment.objects.in_force_within(start, end).values("project_id"))


class KeyProject(CommitteeScoped, Versioned):
    """重点项目: a key project of a programme, which one or more leaders take on (联系包抓)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("项目计划")
    )
    name = models.CharField(max_length=150, verbose_name=_("项目名称"))
    owner_unit = models.CharField(max_length=150, blank=True, verbose_name=_("业主单位"))
    place = models.CharField(max_length=150, blank=True, verbose_name=_("建设地点"))
    investment = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("总投资（万元）")
    )
    stage = models.CharField(
        max_length=12, choices=Stage.choices, default=Stage.PREPARING, verbose_name=_("建设阶段")
    )
    started_on = models.DateField(null=True, blank=True, verbose_name=_("开工日期"))
    note = models.TextField(blank=True, verbose_name=_("建设内容"))
    leaders = models.ManyToManyField(
        Person, through="LeaderAssignment", related_name="+", verbose_name=_("包抓领导")
    )

    objects = ProjectQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "programme", "name", "id"]
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        constraints = [
            models.UniqueConstraint(fields=["committee", "programme", "name"], name="liaison_project_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison:project", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        errors = _foreign(self, ("programme",))
        if self.investment is not None and self.investment < 0:
            errors["investment"] = _("总投资不能为负数。")
        if errors:
            raise ValidationError(errors)


class AssignmentQuerySet(_LedByQuerySet):
    def in_force_on(self, on: date) -> Self:
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def in_force_within(self, start: date, end: date) -> Self:
        """Assignments in force at some time in the period: begun by its end, not ended before its start."""
        return self.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))


class LeaderAssignment(CommitteeScoped):
    """联系包抓: a leader (a 主席会议成员) takes on a key project from a date, until a date or for good."""

    project = models.ForeignKey(
        KeyProject, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("重点项目")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("包抓领导"))
    started_on = models.DateField(verbose_name=_("包抓起始日期"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("包抓截止日期"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("备注"))

    objects = AssignmentQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "started_on", "id"]
        verbose_name = _("联系包抓")
        verbose_name_plural = _("联系包抓")
        indexes = [models.Index(fields=["committee", "person", "started_on"])]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.project.name}"

    def in_force_on(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)

    def clean(self) -> None:
        errors = _foreign(self, ("project", "person"))
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("包抓截止日期不能早于起始日期。")
        if errors:
            raise ValidationError(errors)


class VisitQuerySet(_LedByQuerySet):
    def within(self, start: date, end: date) -> Self:
        return self.filter(visited_on__gte=start, visited_on__lte=end)


class SiteVisit(CommitteeScoped, Versioned):
    """A leaders' visit to a project's site (赴项目现场督促指导): who went, why, what they found."""

    project = models.ForeignKey(
        KeyProject, on_delete=models.PROTECT, related_name="visits", verbose_name=_("重点项目")
    )
    visited_on = models.DateField(verbose_name=_("日期"))
    leaders = models.ManyToManyField(
        Person, through="VisitLeader", related_name="+", verbose_name=_("参加领导")
    )
    purpose = models.CharField(max_length=200, verbose_name=_("事由"))
    findings = models.TextField(blank=True, verbose_name=_("现场情况"))

    objects = VisitQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-visited_on", "-id"]
        verbose_name = _("现场督导")
        verbose_name_plural = _("现场督导")
        indexes = [models.Index(fields=["committee", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.project.name}"

    def get_absolute_url(self) -> str:
        return reverse("liaison:visit", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        errors = _foreign(self, ("project",))
        if errors:
            raise ValidationError(errors)


class VisitLeader(CommitteeScoped):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visit", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "visit", "person"], name="liaison_visit_leader_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}:{self.person_id}"


class ProblemQuerySet(_LedByQuerySet):
    def raised_within(self, start: date, end: date) -> Self:
        return self.filter(raised_on__gte=start, raised_on__lte=end)

    def open(self) -> Self:
        return self.exclude(status=ProblemStatus.RESOLVED)

    def overdue_on(self, on: date) -> Self:
        """Past its deadline on a date and not resolved by then (a stock: what was overdue that day)."""
        return self.filter(deadline__lt=on, raised_on__lte=on).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=on)
        )


class Problem(CommitteeScoped, Versioned):
    """A difficulty raised on a site visit and coordinated (待协调 → 协调中 → 已解决) with the unit
    responsible for it."""

    project = models.ForeignKey(
        KeyProject, on_delete=models.PROTECT, related_name="problems", verbose_name=_("重点项目")
    )
    visit = models.ForeignKey(
        SiteVisit, on_delete=models.PROTECT, related_name="problems", verbose_name=_("现场督导")
    )
    description = models.TextField(verbose_name=_("问题描述"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    raised_on = models.DateField(verbose_name=_("提出日期"))
    deadline = models.DateField(null=True, blank=True, verbose_name=_("协调时限"))
    status = models.CharField(
        max_length=14,
        choices=ProblemStatus.choices,
        default=ProblemStatus.PENDING,
        verbose_name=_("状态"),
    )
    resolved_on = models.DateField(null=True, blank=True, verbose_name=_("解决日期"))
    outcome = models.TextField(blank=True, verbose_name=_("协调结果"))

    objects = ProblemQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-raised_on", "-id"]
        verbose_name = _("协调问题")
        verbose_name_plural = _("协调问题")
        indexes = [models.Index(fields=["committee", "status", "deadline"])]

    def __str__(self) -> str:
        text = self.description.splitlines()[0] if self.description else ""
        return text if len(text) <= 40 else f"{text[:40]}…"

    def get_absolute_url(self) -> str:
        return reverse("liaison:problem", kwargs={"committee": self.committee.code, "pk": self.pk})

    def is_overdue(self, on: date) -> bool:
        return self.status != ProblemStatus.RESOLVED and self.deadline is not None and self.deadline < on

    def clean(self) -> None:
        errors = _foreign(self, ("project", "visit", "unit"))
        if self.visit_id and self.project_id and self.visit.project_id != self.project_id:
            errors["visit"] = _("不是本项目的现场督导。")
        if self.deadline and self.raised_on and self.deadline < self.raised_on:
            errors["deadline"] = _("协调时限不能早于提出日期。")
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = _("解决日期不能早于提出日期。")
        if errors:
            raise ValidationError(errors)


class ProblemStep(CommitteeScoped):
    """One move on a problem's own timeline: raised, coordination begun, resolved."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices, verbose_name=_("环节"))
    to_status = models.CharField(max_length=14, choices=ProblemStatus.choices, verbose_name=_("状态"))
    on = models.DateField(verbose_name=_("日期"))
    note = models.TextField(blank=True, verbose_name=_("说明"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(max_length=50, blank=True, verbose_name=_("办理人"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["problem", "at", "id"]
        verbose_name = _("协调过程")
        verbose_name_plural = _("协调过程")

    def __str__(self) -> str:
        return f"{self.problem_id} {self.kind}"
