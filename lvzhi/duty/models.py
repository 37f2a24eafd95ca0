"""DutyRecord (履职记录): every act of duty of a person, derived from the row that is its source."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet
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
