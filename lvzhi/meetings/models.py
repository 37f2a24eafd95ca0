"""The committee's own meetings (全体会议、常委会议、主席会议、专委会会议、专题议政性常委会议): the notice and
agenda, who must attend, leave requests (请假) with their answers, attendance, and the minutes."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.scope import scope_of
from lvzhi.meetings.choices import (
    AttendanceMethod,
    AttendanceStatus,
    InviteeRole,
    LeaveStatus,
    MeetingStatus,
    MeetingType,
    ReplyChoice,
)
from lvzhi.org.models import Person, SpecialCommittee


class MeetingQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Those who read the committee read every meeting; an invitee (a 委员) reads the meetings they
        are invited to (to see the notice and ask for leave)."""
        scope = scope_of(user)
        readable = super().visible_to(user)
        if scope.roles and scope.person_id:
            invited = Invitee.objects.filter(person_id=scope.person_id).values("meeting_id")
            return readable | self.filter(committee_id__in=list(scope.roles), pk__in=invited)
        return readable

    def held_within(self, start: date, end: date) -> Self:
        """Meetings held (status 已召开) whose start falls in the period."""
        return self.filter(status=MeetingStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end)


class Meeting(CommitteeScoped, Versioned):
    """One meeting of the committee itself, e.g. 政协商州区第十五届委员会第十八次常委会议.

    ``starts_at``/``ends_at`` are the meeting's time; a check-in is accepted within that window."""

    type = models.CharField(max_length=10, choices=MeetingType.choices, verbose_name=_("会议类型"))
    title = models.CharField(max_length=200, verbose_name=_("会议名称"))
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("专委会"),
    )
    starts_at = models.DateTimeField(verbose_name=_("开始时间"))
    ends_at = models.DateTimeField(verbose_name=_("结束时间"))
    place = models.CharField(max_length=200, verbose_name=_("会议地点"))
    notice = models.TextField(blank=True, verbose_name=_("通知正文"))
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT, verbose_name=_("状态")
    )
    notified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("通知时间"))
    minutes = models.TextField(blank=True, verbose_name=_("会议纪要"))

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-starts_at", "-id"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        indexes = [models.Index(fields=["committee", "type", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def held_on(self) -> date:
        return timezone.localtime(self.starts_at).date()

    def has_started(self, now: Any = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.special_committee_id and self.special_committee.committee_id != self.committee_id:  # type: ignore[union-attr]
            errors["special_committee"] = _("不属于本政协。")
        if self.type == MeetingType.SPECIAL and not self.special_committee_id:
            errors["special_committee"] = _("专委会会议请选择专委会。")
        if self.type != MeetingType.SPECIAL and self.special_committee_id:
            errors["special_committee"] = _("只有专委会会议需要选择专委会。")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        if errors:
            raise ValidationError(errors)


class AgendaItem(CommitteeScoped):
    """One item of a meeting's agenda (议程), in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300, verbose_name=_("议程"))

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Invitee(CommitteeScoped):
    """A person who must attend (应出席) or attends without a vote (列席), with their attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员"))
    role = models.CharField(
        max_length=10, choices=InviteeRole.choices, default=InviteeRole.MEMBER, verbose_name=_("身份")
    )
    attendance = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, blank=True, verbose_name=_("出席情况")
    )
    method = models.CharField(max_length=10, choices=AttendanceMethod.choices, blank=True)
    note = models.CharField(max_length=200, blank=True, verbose_name=_("备注"))
    reply = models.CharField(max_length=10, choices=ReplyChoice.choices, blank=True, verbose_name=_("回执"))
    replied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("回执时间"))
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "role", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "meeting", "person"], name="meeting_invitee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.person_id}"


class LeaveRequest(CommitteeScoped):
    """请假: an invitee asks to be excused, with a reason; the approver answers with a note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="leaves")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("请假人"))
    reason = models.CharField(max_length=300, verbose_name=_("请假事由"))
    status = models.CharField(
        max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING, verbose_name=_("审批结果")
    )
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("申请时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("审批时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=300, blank=True, verbose_name=_("审批意见"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-requested_at", "-id"]
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        constraints = [
            models.UniqueConstraint(fields=["committee", "meeting", "person"], name="meeting_leave_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_status_display()}"
