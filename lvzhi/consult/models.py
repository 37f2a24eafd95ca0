"""协商议政: consultation forms (as data), consultations with their research visits, the suggestions
(意见建议) they yield and each one's timeline, the annual consultation plan and the 委员工作室."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.consult.choices import (
    ADOPTED,
    CHECKLIST,
    OrganizerKind,
    StepKind,
    StudioKind,
    StudioLogKind,
    SuggestionCategory,
    SuggestionStatus,
)
from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.scope import scope_of
from lvzhi.org.models import Person, Sector, SpecialCommittee, Unit

form_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("代码只能由小写英文字母、数字和下划线组成，并以字母开头（如 wei_xieshang）。"),
)


class ConsultationForm(CommitteeScoped):
    """协商形式: a committee's list of consultation forms, installed with defaults and editable."""

    code = models.CharField(max_length=40, validators=[form_code_validator], verbose_name=_("代码"))
    name = models.CharField(max_length=50, verbose_name=_("名称"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))
    active = models.BooleanField(default=True, verbose_name=_("在用"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = _("协商形式")
        verbose_name_plural = _("协商形式")
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="consultation_form_unique_code"),
            models.UniqueConstraint(fields=["committee", "name"], name="consultation_form_unique_name"),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Studio(CommitteeScoped, Versioned):
    """委员工作室: its type, place, convenor and members, the 五上墙 checklist and its work log."""

    kind = models.CharField(max_length=10, choices=StudioKind.choices, verbose_name=_("类型"))
    name = models.CharField(max_length=100, verbose_name=_("名称"))
    address = models.CharField(max_length=200, blank=True, verbose_name=_("地址"))
    convenor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("召集人")
    )
    members = models.ManyToManyField(Person, blank=True, related_name="studios", verbose_name=_("成员"))
    checklist = models.JSONField(default=list, blank=True, verbose_name=_("五上墙"))
    established_on = models.DateField(null=True, blank=True, verbose_name=_("成立日期"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "name", "id"]
        verbose_name = _("委员工作室")
        verbose_name_plural = _("委员工作室")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="studio_unique_name")]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("consult:studio", kwargs={"committee": self.committee.code, "pk": self.pk})

    def checklist_items(self) -> list[tuple[str, str, bool]]:
        ticked = set(self.checklist or [])
        return [(code, label, code in ticked) for code, label in CHECKLIST]

    def clean(self) -> None:
        unknown = set(self.checklist or []) - {c for c, _label in CHECKLIST}
        if unknown:
            raise ValidationError({"checklist": _("未知的五上墙项目。")})
        if self.convenor is not None and self.convenor.committee_id != self.committee_id:
            raise ValidationError({"convenor": _("不属于本政协。")})


class StudioLog(CommitteeScoped):
    """One entry of a studio's 工作日志 (a base ledger the 商洛 rules require)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="logs")
    on = models.DateField(verbose_name=_("日期"))
    kind = models.CharField(max_length=10, choices=StudioLogKind.choices, verbose_name=_("活动类型"))
    text = models.TextField(verbose_name=_("内容"))

    class Meta:
        ordering = ["studio", "-on", "-id"]
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")

    def __str__(self) -> str:
        return f"{self.studio} {self.on}"


class AnnualPlan(CommitteeScoped):
    """年度协商计划, decided by the party committee's standing committee (党委常委会会议确定)."""

    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    approved_by = models.CharField(max_length=100, blank=True, verbose_name=_("审定机关"))
    approved_on = models.DateField(null=True, blank=True, verbose_name=_("审定日期"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-year"]
        verbose_name = _("年度协商计划")
        verbose_name_plural = _("年度协商计划")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="plan_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}年度协商计划"

    def get_absolute_url(self) -> str:
        return reverse("consult:plan", kwargs={"committee": self.committee.code, "pk": self.pk})


class PlanItem(CommitteeScoped):
    """A topic in the plan: its form, its organizer and when it is planned; done when a consultation
    carries it out."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items")
    form = models.ForeignKey(
        ConsultationForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("协商形式")
    )
    topic = models.CharField(max_length=200, verbose_name=_("议题"))
    organizer = models.CharField(max_length=100, blank=True, verbose_name=_("承办"))
    planned_month = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("计划月份"))
    planned_quarter = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("计划季度"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("计划议题")
        verbose_name_plural = _("计划议题")

    def __str__(self) -> str:
        return str(self.topic)

    @property
    def when(self) -> str:
        if self.planned_month:
            return f"{self.planned_month}月"
        if self.planned_quarter:
            return f"第{self.planned_quarter}季度"
        return ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.planned_month is not None and not 1 <= self.planned_month <= 12:
            errors["planned_month"] = _("月份须在1到12之间。")
        if self.planned_quarter is not None and not 1 <= self.planned_quarter <= 4:
            errors["planned_quarter"] = _("季度须在1到4之间。")
        if self.form_id and self.form.committee_id != self.committee_id:
            errors["form"] = _("不是本政协的协商形式。")
        if errors:
            raise ValidationError(errors)


class ConsultationQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Readers of the committee read all; a 委员 the consultations they took part in."""
        scope = scope_of(user)
        readable = super().visible_to(user)
        if scope.roles and scope.person_id:
            return readable | self.filter(
                pk__in=Consultation.participants.through.objects.filter(person_id=scope.person_id).values(
                    "consultation_id"
                )
            )
        return readable

    def within(self, start: Any, end: Any) -> Self:
        qs = self
        if start:
            qs = qs.filter(start_on__gte=start)
        if end:
            qs = qs.filter(start_on__lte=end)
        return qs


class Consultation(CommitteeScoped, Versioned):
    """A consultation of one form on one topic, organized by a 专委会, a 界别 or a 委员工作室."""

    form = models.ForeignKey(
        ConsultationForm, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("协商形式")
    )
    topic = models.CharField(max_length=200, verbose_name=_("协商议题"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))
    venue = models.CharField(max_length=200, blank=True, verbose_name=_("地点"))
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办专委会"),
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办界别")
    )
    studio = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("承办委员工作室"),
    )
    participants = models.ManyToManyField(
        Person, blank=True, related_name="consultations", verbose_name=_("参加委员")
    )
    officials_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("部门负责人人数"))
    public_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("群众代表人数"))
    experts_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("专家人数"))
    other_participants = models.TextField(blank=True, verbose_name=_("其他参加人员"))
    summary = models.TextField(blank=True, verbose_name=_("协商情况"))
    plan_item = models.ForeignKey(
        PlanItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("年度协商计划议题"),
    )

    objects = ConsultationQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-start_on", "-id"]
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")
        indexes = [models.Index(fields=["committee", "start_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(special_committee__isnull=False, sector__isnull=True, studio__isnull=True)
                    | Q(special_committee__isnull=True, sector__isnull=False, studio__isnull=True)
                    | Q(special_committee__isnull=True, sector__isnull=True, studio__isnull=False)
                ),
                name="consultation_one_organizer",
            )
        ]

    def __str__(self) -> str:
        return str(self.topic)

    def get_absolute_url(self) -> str:
        return reverse("consult:consultation", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def organizer(self) -> Any:
        return self.special_committee or self.sector or self.studio

    @property
    def organizer_kind(self) -> str:
        if self.special_committee_id:
            return OrganizerKind.SPECIAL_COMMITTEE
        if self.sector_id:
            return OrganizerKind.SECTOR
        return OrganizerKind.STUDIO if self.studio_id else ""

    @property
    def organizer_label(self) -> str:
        kind = self.organizer_kind
        return f"{OrganizerKind(kind).label}：{self.organizer}" if kind else ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        chosen = [f for f in ("special_committee", "sector", "studio") if getattr(self, f"{f}_id")]
        if len(chosen) != 1:
            errors["special_committee"] = _("承办方须是一个专委会、一个界别或一个委员工作室，且只能选一个。")
        for field in ("form", *chosen):
            related = getattr(self, field)
            if related is not None and related.committee_id != self.committee_id:
                errors[field] = _("不属于本政协。")
        if self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("结束日期不能早于开始日期。")
        if self.plan_item is not None and self.plan_item.committee_id != self.committee_id:
            errors["plan_item"] = _("不是本政协的年度协商计划议题。")
        if errors:
            raise ValidationError(errors)


class ResearchVisit(CommitteeScoped):
    """调研: one visit made in preparing a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(verbose_name=_("日期"))
    place = models.CharField(max_length=200, verbose_name=_("地点"))
    note = models.TextField(blank=True, verbose_name=_("情况"))

    class Meta:
        ordering = ["consultation", "on", "id"]
        verbose_name = _("调研")
        verbose_name_plural = _("调研")

    def __str__(self) -> str:
        return f"{self.on} {self.place}"


class SuggestionQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Readers of the committee read all; a 委员 the suggestions they put forward; a handling unit
        (承办单位) those assigned (交办) to its unit, from 交办 on."""
        scope = scope_of(user)
        readable = super().visible_to(user)
        if scope.roles and scope.person_id:
            readable = readable | self.filter(
                pk__in=Suggestion.proposers.through.objects.filter(person_id=scope.person_id).values(
                    "suggestion_id"
                )
            )
        if scope.unit_ids:
            readable = readable | self.exclude(status=SuggestionStatus.SUBMITTED).filter(
                pk__in=Suggestion.units.through.objects.filter(unit_id__in=scope.unit_ids).values(
                    "suggestion_id"
                )
            )
        return readable

    def within(self, start: Any, end: Any) -> Self:
        qs = self
        if start:
            qs = qs.filter(submitted_on__gte=start)
        if end:
            qs = qs.filter(submitted_on__lte=end)
        return qs

    def adopted(self) -> Self:
        return self.filter(status__in=ADOPTED)


class Suggestion(CommitteeScoped, Versioned):
    """意见建议: put forward in a consultation (or a sector activity), sent to units, answered, assessed."""

    consultation = models.ForeignKey(
        Consultation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("协商活动"),
    )
    title = models.CharField(max_length=200, verbose_name=_("标题"))
    text = models.TextField(blank=True, verbose_name=_("内容"))
    proposers = models.ManyToManyField(
        Person, blank=True, related_name="suggestions", verbose_name=_("提出人")
    )
    category = models.CharField(
        max_length=12,
        choices=SuggestionCategory.choices,
        default=SuggestionCategory.OTHER,
        verbose_name=_("类别"),
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="suggestions", verbose_name=_("交办单位"))
    submitted_on = models.DateField(verbose_name=_("报送日期"))
    status = models.CharField(
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
        verbose_name=_("状态"),
    )
    reply = models.TextField(blank=True, verbose_name=_("答复内容"))
    replied_on = models.DateField(null=True, blank=True, verbose_name=_("答复日期"))

    objects = SuggestionQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-submitted_on", "-id"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        indexes = [
            models.Index(fields=["committee", "submitted_on"]),
            models.Index(fields=["committee", "status"]),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("consult:suggestion", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def is_adopted(self) -> bool:
        return self.status in ADOPTED

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.consultation is not None and self.consultation.committee_id != self.committee_id:
            errors["consultation"] = _("不是本政协的协商活动。")
        if self.replied_on and self.replied_on < self.submitted_on:
            errors["replied_on"] = _("答复日期不能早于报送日期。")
        if errors:
            raise ValidationError(errors)


class SuggestionStep(CommitteeScoped):
    """The suggestion's own timeline: 报送, 交办, 答复, 采纳情况 (business data shown with it)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=50, blank=True)
    from_status = models.CharField(max_length=10, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=SuggestionStatus.choices, blank=True)
    on = models.DateField(null=True, blank=True, verbose_name=_("日期"))
    note = models.TextField(blank=True, verbose_name=_("说明"))

    class Meta:
        ordering = ["suggestion", "at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.suggestion} {self.get_kind_display()}"
