"""理论学习与书香政协: study groups, study sessions at every level with their attendance, trainings, and
the reading campaign (book list, members' reading logs, sharing sessions)."""

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
from lvzhi.core.scope import scope_of
from lvzhi.org.models import Person, SpecialCommittee
from lvzhi.study.choices import AttendanceStatus, Layer, Mode, SharingRole


def _foreign(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The related rows that belong to another committee than ``obj``."""
    errors: dict[str, Any] = {}
    for name in fields:
        related = getattr(obj, name, None) if getattr(obj, f"{name}_id", None) else None
        if related is not None and related.committee_id != obj.committee_id:
            errors[name] = _("不属于本政协。")
    return errors


class StudyGroupQuerySet(CommitteeScopedQuerySet):
    def existing_on(self, on: date) -> Self:
        """Groups established by a date and not dissolved by then (a stock)."""
        return self.filter(established_on__lte=on).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
        )


class StudyGroup(CommitteeScoped, Versioned):
    """学习组: members who study together under a leader, optionally within a special committee."""

    name = models.CharField(max_length=80, verbose_name=_("名称"))
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("组长"))
    members = models.ManyToManyField(
        Person, through="StudyGroupMember", related_name="study_groups", verbose_name=_("成员")
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在专委会"),
    )
    established_on = models.DateField(verbose_name=_("成立日期"))
    active = models.BooleanField(default=True, verbose_name=_("在用"))
    dissolved_on = models.DateField(null=True, blank=True, verbose_name=_("撤销日期"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("备注"))

    objects = StudyGroupQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "name", "id"]
        verbose_name = _("学习组")
        verbose_name_plural = _("学习组")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="study_group_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("study:group", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        errors = _foreign(self, ("leader", "special_committee"))
        if self.dissolved_on and self.established_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = _("撤销日期不能早于成立日期。")
        if errors:
            raise ValidationError(errors)


class StudyGroupMember(CommitteeScoped):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "group", "person"], name="study_group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.person_id}"


class StudySessionQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Those who read the committee read every session; a study group's leader, who may be a 委员,
        also reads their own group's sessions (to mark attendance)."""
        scope = scope_of(user)
        readable = super().visible_to(user)
        if scope.roles and scope.person_id:
            return readable | self.filter(group__leader_id=scope.person_id)
        return readable

    def held_within(self, start: date, end: date) -> Self:
        return self.filter(held_on__gte=start, held_on__lte=end)

    def lectures(self) -> Self:
        """委员讲堂: a member of the committee is the speaker."""
        return self.filter(speaker__isnull=False)


class StudySession(CommitteeScoped, Versioned):
    """One study session at one level (常委会专题学 … 支部学习), with its speaker and its attendance."""

    layer = models.CharField(max_length=10, choices=Layer.choices, verbose_name=_("层级"))
    held_on = models.DateField(verbose_name=_("日期"))
    topic = models.CharField(max_length=200, verbose_name=_("学习主题"))
    group = models.ForeignKey(
        StudyGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("学习组"),
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("专委会"),
    )
    branch = models.ForeignKey(
        "party.PartyBranch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("党支部"),
    )
    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("主讲委员（委员讲堂）"),
    )
    expert_name = models.CharField(max_length=50, blank=True, verbose_name=_("特邀专家"))
    expert_title = models.CharField(max_length=100, blank=True, verbose_name=_("专家职务职称"))
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.OFFLINE, verbose_name=_("形式"))
    venue = models.CharField(max_length=100, blank=True, verbose_name=_("地点或平台"))
    summary = models.TextField(blank=True, verbose_name=_("学习内容"))

    objects = StudySessionQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-held_on", "-id"]
        verbose_name = _("学习活动")
        verbose_name_plural = _("学习活动")
        indexes = [models.Index(fields=["committee", "layer", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("study:session", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def body_name(self) -> str:
        """Who studied: the group, special committee or branch, or the level itself."""
        for related in (self.group, self.special_committee, self.branch):
            if related is not None:
                return str(related)
        return str(self.get_layer_display())

    @property
    def speaker_text(self) -> str:
        if self.speaker is not None:
            return str(self.speaker.name)
        if self.expert_name:
            return f"{self.expert_name}（{self.expert_title}）" if self.expert_title else self.expert_name
        return ""

    def clean(self) -> None:
        errors = _foreign(self, ("group", "special_committee", "branch", "speaker"))
        if self.layer == Layer.GROUP and not (self.group_id or self.special_committee_id):
            errors["group"] = _("专委会/学习组学习请选择学习组或专委会。")
        if self.layer == Layer.BRANCH and not self.branch_id:
            errors["branch"] = _("支部学习请选择党支部。")
        if self.speaker_id and self.expert_name:
            errors["expert_name"] = _("主讲委员和特邀专家只填一项。")
        if self.expert_title and not self.expert_name:
            errors["expert_name"] = _("请填写特邀专家姓名。")
        if errors:
            raise ValidationError(errors)


class SessionAttendance(CommitteeScoped):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员"))
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices, verbose_name=_("出席情况"))
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("请假原因"))

    class Meta:
        ordering = ["session", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "session", "person"], name="study_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_status_display()}"


class TrainingQuerySet(CommitteeScopedQuerySet):
    def started_within(self, start: date, end: date) -> Self:
        return self.filter(start_on__gte=start, start_on__lte=end)


class Training(CommitteeScoped, Versioned):
    """培训: e.g. political theory and duty training given by the city committee or the party school."""

    title = models.CharField(max_length=200, verbose_name=_("培训名称"))
    organizer = models.CharField(max_length=100, verbose_name=_("主办单位"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(verbose_name=_("结束日期"))
    hours = models.DecimalField(max_digits=6, decimal_places=1, verbose_name=_("学时"))
    participants = models.ManyToManyField(
        Person, through="TrainingParticipant", related_name="trainings", verbose_name=_("参训人员")
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("备注"))

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-start_on", "-id"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("study:training_edit", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("结束日期不能早于开始日期。")
        if self.hours is not None and self.hours <= 0:
            errors["hours"] = _("学时须大于0。")
        if errors:
            raise ValidationError(errors)


class TrainingParticipant(CommitteeScoped):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["training", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "training", "person"], name="training_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_id}:{self.person_id}"


class ReadingCampaign(CommitteeScoped):
    """书香政协 / 委员读书活动 of a year, with its recommended book list."""

    name = models.CharField(max_length=100, verbose_name=_("活动名称"))
    year = models.PositiveSmallIntegerField(verbose_name=_("年度"))
    start_on = models.DateField(verbose_name=_("开始日期"))
    end_on = models.DateField(verbose_name=_("结束日期"))
    note = models.TextField(blank=True, verbose_name=_("说明"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-year", "-id"]
        verbose_name = _("读书活动")
        verbose_name_plural = _("读书活动")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="reading_campaign_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("study:campaign", kwargs={"committee": self.committee.code, "pk": self.pk})

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("结束日期不能早于开始日期。")})


class Book(CommitteeScoped):
    """A book on a campaign's list (推荐书目)."""

    campaign = models.ForeignKey(ReadingCampaign, on_delete=models.CASCADE, related_name="books")
    title = models.CharField(max_length=200, verbose_name=_("书名"))
    author = models.CharField(max_length=100, blank=True, verbose_name=_("作者"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("推荐语"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    class Meta:
        ordering = ["campaign", "order", "id"]
        verbose_name = _("推荐书目")
        verbose_name_plural = _("推荐书目")
        constraints = [models.UniqueConstraint(fields=["campaign", "title"], name="book_unique_title")]

    def __str__(self) -> str:
        return f"《{self.title}》"


class ReadingLogQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"  # a member reads their own logs and nobody else's

    def within(self, start: date, end: date) -> Self:
        """Logs whose reading overlaps the period: begun by its end, finished (or begun) in or after it."""
        return self.filter(started_on__lte=end).filter(
            Q(finished_on__gte=start) | Q(finished_on__isnull=True, started_on__gte=start)
        )


class ReadingLog(CommitteeScoped, Versioned):
    """One member's reading of one book: from the campaign's list or a title of their own."""

    campaign = models.ForeignKey(
        ReadingCampaign, on_delete=models.PROTECT, related_name="logs", verbose_name=_("读书活动")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("委员"))
    book = models.ForeignKey(
        Book, null=True, blank=True, on_delete=models.PROTECT, related_name="logs", verbose_name=_("推荐书目")
    )
    title = models.CharField(max_length=200, verbose_name=_("书名"))
    started_on = models.DateField(verbose_name=_("开始日期"))
    finished_on = models.DateField(null=True, blank=True, verbose_name=_("读完日期"))
    hours = models.DecimalField(max_digits=6, decimal_places=1, default=0, verbose_name=_("阅读时长（小时）"))
    notes = models.TextField(blank=True, verbose_name=_("读书心得"))

    objects = ReadingLogQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-started_on", "-id"]
        verbose_name = _("读书记录")
        verbose_name_plural = _("读书记录")
        indexes = [models.Index(fields=["committee", "person", "started_on"])]

    def __str__(self) -> str:
        return f"{self.person.name}《{self.title}》"

    @property
    def logged_on(self) -> date:
        return self.finished_on or self.started_on

    def clean(self) -> None:
        errors = _foreign(self, ("campaign", "person"))
        book = self.book if self.book_id else None
        if book is not None and book.campaign_id != self.campaign_id:
            errors["book"] = _("不是本读书活动的推荐书目。")
        if book is not None and not self.title:
            self.title = book.title
        if not self.title:
            errors["title"] = _("请选择推荐书目或填写书名。")
        if self.finished_on and self.started_on and self.finished_on < self.started_on:
            errors["finished_on"] = _("读完日期不能早于开始日期。")
        if self.hours is not None and self.hours < 0:
            errors["hours"] = _("阅读时长不能为负数。")
        if errors:
            raise ValidationError(errors)


class SharingSession(CommitteeScoped, Versioned):
    """读书分享会: members share what they read."""

    campaign = models.ForeignKey(
        ReadingCampaign, on_delete=models.PROTECT, related_name="sharings", verbose_name=_("读书活动")
    )
    held_on = models.DateField(verbose_name=_("日期"))
    topic = models.CharField(max_length=200, verbose_name=_("主题"))
    venue = models.CharField(max_length=100, blank=True, verbose_name=_("地点"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-held_on", "-id"]
        verbose_name = _("读书分享会")
        verbose_name_plural = _("读书分享会")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def clean(self) -> None:
        errors = _foreign(self, ("campaign",))
        if errors:
            raise ValidationError(errors)


class SharingParticipant(CommitteeScoped):
    sharing = models.ForeignKey(SharingSession, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=SharingRole.choices, verbose_name=_("身份"))

    class Meta:
        ordering = ["sharing", "role", "person__stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "sharing", "person"], name="sharing_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.role}"
