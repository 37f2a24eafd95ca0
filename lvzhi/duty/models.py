"""DutyRecord (履职记录): every act of duty of a person, derived from the row that is its source."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.org.models import Person, Term


class DutyRecordQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"

    def within(self, start: date, end: date) -> Self:
        return self.filter(date__gte=start, date__lte=end)

    def counted(self) -> Self:
        return self.filter(state=DutyRecord.State.COUNTED)

    def of_kind(self, *kinds: str) -> Self:
        return self.filter(kind__in=kinds)


class DutyRecord(CommitteeScoped):
    """One act of duty (attending, studying, a reading log, a site visit, a suggestion, an absence …).

    Written only by ``duty_record_sync(source)`` from its source row, in the source's transaction;
    it changes only when its source does. ``kind`` is a string an app registers with its handler.
    """

    class State(models.TextChoices):
        COUNTED = "counted", _("已计入")
        PENDING = "pending", _("待审批")
        APPEALED = "appealed", _("申诉中")
        EXCUSED = "excused", _("已准假")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="duty_records", verbose_name=_("人员")
    )
    term = models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_records",
        verbose_name=_("届次"),
    )
    kind = models.CharField(max_length=40, verbose_name=_("类型"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.BigIntegerField()
    date = models.DateField(verbose_name=_("日期"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.COUNTED, verbose_name=_("状态")
    )
    detail = models.JSONField(default=dict, blank=True)

    objects = DutyRecordQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "source_type", "source_id", "person", "kind"],
                name="duty_record_unique_source",
            )
        ]
        indexes = [
            models.Index(fields=["committee", "kind", "date"]),
            models.Index(fields=["committee", "person", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.date}"


class RecordKey(models.Model):
    """What a member's response to a record hangs on: the record's source, person and kind — never the
    DutyRecord's id, which a re-sync may replace."""

    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.BigIntegerField()
    kind = models.CharField(max_length=40, verbose_name=_("类型"))
    record_date = models.DateField(verbose_name=_("记录日期"))  # as it was when responded to
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("提交时间"))

    class Meta:
        abstract = True

    def key(self) -> tuple[int, int, int, str]:
        return (self.source_type_id, self.source_id, self.person_id, self.kind)  # type: ignore[attr-defined]

    def record(self) -> DutyRecord | None:
        return (
            DutyRecord.objects.filter(
                committee_id=self.committee_id,  # type: ignore[attr-defined]
                source_type_id=self.source_type_id,
                source_id=self.source_id,
                person_id=self.person_id,  # type: ignore[attr-defined]
                kind=self.kind,
            )
            .select_related("committee")
            .first()
        )


def record_key(record: DutyRecord) -> tuple[int, int, int, str]:
    return (record.source_type_id, record.source_id, record.person_id, record.kind)


class ResponseQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"


class Confirmation(CommitteeScoped, RecordKey):
    """A member's 确认 of a record the organizer made (谁组织谁记录)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员"))

    objects = ResponseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("记录确认")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "source_type", "source_id", "person", "kind"],
                name="duty_confirmation_unique_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.record_date}"


class Appeal(CommitteeScoped, RecordKey):
    """A member's 申诉 against a record: it changes nothing until staff approve it; an approved appeal
    is carried out by the record kind's ``correct`` hook on the source, and the record follows by sync."""

    class Claim(models.TextChoices):
        PRESENT = "present", _("本人实际出席")
        EXCUSED = "excused", _("本人已请假")
        NOT_MINE = "not_mine", _("本人未参加，记录有误")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("已驳回")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("申诉人"))
    claim = models.CharField(max_length=10, choices=Claim.choices, verbose_name=_("申诉事项"))
    reason = models.CharField(max_length=500, verbose_name=_("申诉理由"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("处理状态")
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("处理时间"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("处理意见"))

    objects = ResponseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("履职记录申诉")
        verbose_name_plural = _("履职记录申诉")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "source_type", "source_id", "person", "kind"],
                condition=models.Q(status="pending"),
                name="duty_appeal_one_pending",
            )
        ]
        indexes = [models.Index(fields=["committee", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.record_date} {self.status}"


class AnnualReport(CommitteeScoped, Versioned):
    """常委年度履职报告 (domain.md §4.5): written by the 常委 in their archive until staff mark it submitted."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("常委")
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    text = models.TextField(blank=True, verbose_name=_("报告正文"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("修改时间"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("提交时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("常委履职报告")
        verbose_name_plural = _("常委履职报告")
        constraints = [
            models.UniqueConstraint(fields=["committee", "person", "year"], name="duty_report_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}"


# 考核规则 ------------------------------------------------------------------------------------------------


class ScoringScheme(CommitteeScoped):
    """One version of the committee's 履职量化考核办法, in force from ``valid_from`` until the next one.

    A record is scored under the version in force on its date; the annual caps, the base score, the
    grade bands and the removal warnings are those of the version in force at the end of the year."""

    name = models.CharField(max_length=200, verbose_name=_("办法名称"))
    valid_from = models.DateField(verbose_name=_("施行日期"))
    base_score = models.DecimalField(max_digits=6, decimal_places=1, default=0, verbose_name=_("基础分"))
    source = models.CharField(max_length=300, blank=True, verbose_name=_("依据"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["committee", "-valid_from"]
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")
        constraints = [
            models.UniqueConstraint(fields=["committee", "valid_from"], name="duty_scheme_unique_from")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.valid_from:%Y-%m-%d}起）"


class ScoreItem(CommitteeScoped):
    """A scoring item: records of ``kind`` in ``state`` whose detail matches ``match`` score ``points``
    each (negative: a penalty). Items sharing a ``code`` share one annual ``cap`` (on the total's size),
    and the same code in a later version is the same item."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(max_length=40, verbose_name=_("项目编码"))
    label = models.CharField(max_length=100, verbose_name=_("项目"))
    kind = models.CharField(max_length=40, verbose_name=_("记录类型"))
    match = models.JSONField(default=dict, blank=True, verbose_name=_("明细条件"))
    state = models.CharField(
        max_length=10,
        choices=DutyRecord.State.choices,
        default=DutyRecord.State.COUNTED,
        verbose_name=_("状态"),
    )
    points = models.DecimalField(max_digits=6, decimal_places=1, verbose_name=_("每次分值"))
    cap = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, verbose_name=_("年度上限")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "position", "id"]
        verbose_name = _("计分项目")

    def __str__(self) -> str:
        return self.label


class GradeBand(CommitteeScoped):
    """A grade of the scheme: a score of at least ``min_score`` earns ``grade`` (the highest that fits)."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="bands")
    min_score = models.DecimalField(max_digits=6, decimal_places=1, verbose_name=_("最低分"))
    grade = models.CharField(max_length=20, verbose_name=_("等次"))
    consequence = models.CharField(max_length=200, blank=True, verbose_name=_("结果运用"))

    class Meta:
        ordering = ["scheme", "-min_score"]
        verbose_name = _("等次")

    def __str__(self) -> str:
        return self.grade


class RemovalRule(CommitteeScoped):
    """A removal (劝辞) threshold: ``limit`` records of ``kind``/``match``/``state`` within a year or
    the term; members one short of it are warned. ``standing_only``: it applies to 常委 alone."""

    class Window(models.TextChoices):
        YEAR = "year", _("年内")
        TERM = "term", _("届内")

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="removal_rules")
    label = models.CharField(max_length=100, verbose_name=_("事项"))
    kind = models.CharField(max_length=40, verbose_name=_("记录类型"))
    match = models.JSONField(default=dict, blank=True, verbose_name=_("明细条件"))
    state = models.CharField(
        max_length=10,
        choices=DutyRecord.State.choices,
        default=DutyRecord.State.COUNTED,
        verbose_name=_("状态"),
    )
    window = models.CharField(max_length=4, choices=Window.choices, verbose_name=_("统计范围"))
    limit = models.PositiveSmallIntegerField(verbose_name=_("次数"))
    standing_only = models.BooleanField(default=False, verbose_name=_("仅限常委"))

    class Meta:
        ordering = ["scheme", "id"]
        verbose_name = _("劝辞条件")

    def __str__(self) -> str:
        return self.label


class YearClosing(CommitteeScoped):
    """A finalized (已定档) year: its AnnualScores are stored and no later record or rule changes them."""

    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["committee", "-year"]
        verbose_name = _("年度定档")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="duty_closing_unique_year")]

    def __str__(self) -> str:
        return str(self.year)


class AnnualScoreQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"


class AnnualScore(CommitteeScoped):
    """A member's frozen score of a finalized year, with its item breakdown."""

    closing = models.ForeignKey(YearClosing, on_delete=models.PROTECT, related_name="scores")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("委员"))
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    score = models.DecimalField(max_digits=7, decimal_places=1, verbose_name=_("得分"))
    grade = models.CharField(max_length=20, blank=True, verbose_name=_("等次"))
    breakdown = models.JSONField(default=list, blank=True)

    objects = AnnualScoreQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["committee", "-year", "-score"]
        verbose_name = _("年度得分")
        constraints = [
            models.UniqueConstraint(fields=["committee", "person", "year"], name="duty_score_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.score}"
