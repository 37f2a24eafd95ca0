"""社情民意信息 (public-opinion information, domain.md §5.3): one matter per piece, written by members or a
participating body; the office edits it, adopts it into its 《社情民意》 issues or not, reports it to the
party committee, the government or the higher CPPCC, and records the leaders' instructions (批示), all of
which is fed back to the authors and written into their duty archives."""

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
from lvzhi.core.scope import scope_of
from lvzhi.opinions.choices import Level, SourceKind, Status, StepKind, Target
from lvzhi.org.models import Person
from lvzhi.proposals.choices import Category


class OpinionQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Readers see their committee's submitted information; a member their own (as author or
        co-author); a draft only whoever wrote it."""
        scope = scope_of(user)
        if not scope.roles:
            return self.none()
        visible = super().visible_to(user).filter(~Q(status=Status.DRAFT) | Q(created_by_id=user.pk))
        if scope.person_id is None:
            return visible
        own = Q(lead_id=scope.person_id) | Q(
            pk__in=Opinion.coauthors.through.objects.filter(person_id=scope.person_id).values("opinion_id")
        )
        mine = self.filter(own, committee_id__in=list(scope.roles))
        return visible | mine.filter(~Q(status=Status.DRAFT) | Q(created_by_id=user.pk))

    def submitted_within(self, start: date, end: date) -> Self:
        return self.filter(submitted_on__gte=start, submitted_on__lte=end)

    def adopted_within(self, start: date, end: date) -> Self:
        return self.filter(adopted_on__gte=start, adopted_on__lte=end)

    def instructed_within(self, start: date, end: date) -> Self:
        """Information with a leader's instruction dated in the period."""
        return self.filter(
            pk__in=Instruction.objects.filter(instructed_on__gte=start, instructed_on__lte=end).values(
                "opinion_id"
            )
        )


class Opinion(CommitteeScoped, Versioned):
    """One piece of information: 一事一报, with the situation, the analysis and the suggestion."""

    TITLE_MAX_LENGTH = 120
    CONTENT_ADVISED_LENGTH = 1500  # 一般不超过1500字 (domain.md §5.3): a hint, not a limit
    CONTENT_MAX_LENGTH = 6000

    kind = models.CharField(
        max_length=8, choices=SourceKind.choices, default=SourceKind.MEMBER, verbose_name=_("报送形式")
    )
    # The author; for a body's information, its contact person.
    lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送人"))
    coauthors = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("联名委员"))
    body = models.CharField(max_length=80, blank=True, verbose_name=_("报送单位"))
    title = models.CharField(max_length=TITLE_MAX_LENGTH, verbose_name=_("标题"))
    content = models.TextField(
        max_length=CONTENT_MAX_LENGTH, blank=True, verbose_name=_("正文（情况、分析、建议）")
    )
    category = models.CharField(max_length=12, choices=Category.choices, verbose_name=_("类别"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True, verbose_name=_("状态")
    )
    submitted_on = models.DateField(null=True, blank=True, verbose_name=_("提交日期"))
    adopted_on = models.DateField(null=True, blank=True, verbose_name=_("采用日期"))
    issue = models.CharField(max_length=60, blank=True, verbose_name=_("刊物期号"))
    edited_title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True, verbose_name=_("编发标题"))
    decision_note = models.TextField(blank=True, verbose_name=_("处理意见"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OpinionQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["coauthors"])

    class Meta:
        ordering = ["committee", "-submitted_on", "-id"]
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        indexes = [
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["committee", "submitted_on"]),
            models.Index(fields=["committee", "adopted_on"]),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("opinions:detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def source_name(self) -> str:
        """Who reports it, as a list shows it: the body's name for a body's information."""
        if self.kind == SourceKind.BODY and self.body:
            return self.body
        return self.lead.name

    def author_ids(self) -> list[int]:
        """The members the information is fed back to and counted for: the author, then the co-authors."""
        ids = [self.lead_id]
        if self.pk:
            ids += [p for p in self.coauthors.values_list("pk", flat=True) if p != self.lead_id]
        return ids

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None

    def clean(self) -> None:
        if self.kind == SourceKind.BODY and not self.body.strip():
            raise ValidationError({"body": _("以参加单位名义报送时，请填写报送单位。")})
        if self.lead_id and self.lead.committee_id != self.committee_id:
            raise ValidationError({"lead": _("报送人不属于本政协。")})


class Report(CommitteeScoped):
    """Reporting (报送) an adopted piece to the party committee, the government, the higher CPPCC or a
    department; the higher CPPCC may adopt it in turn (上级采用)."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="reports")
    target = models.CharField(max_length=12, choices=Target.choices, verbose_name=_("报送对象"))
    recipient = models.CharField(max_length=80, blank=True, verbose_name=_("接收单位"))
    reported_on = models.DateField(verbose_name=_("报送日期"))
    upper_adopted_on = models.DateField(null=True, blank=True, verbose_name=_("上级采用日期"))
    upper_issue = models.CharField(max_length=60, blank=True, verbose_name=_("上级刊物期号"))

    class Meta:
        ordering = ["opinion", "reported_on", "id"]
        verbose_name = _("报送")
        verbose_name_plural = _("报送")
        constraints = [
            models.UniqueConstraint(fields=["opinion", "target", "recipient"], name="opinion_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.recipient}".strip()


class Instruction(CommitteeScoped):
    """A leader's written instruction (批示) on a reported piece."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="instructions")
    level = models.CharField(max_length=12, choices=Level.choices, verbose_name=_("批示领导级别"))
    leader = models.CharField(max_length=60, verbose_name=_("批示领导"))
    content = models.TextField(verbose_name=_("批示内容摘要"))
    instructed_on = models.DateField(verbose_name=_("批示日期"))

    class Meta:
        ordering = ["opinion", "instructed_on", "id"]
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        indexes = [models.Index(fields=["committee", "instructed_on"])]

    def __str__(self) -> str:
        return f"{self.leader} {self.instructed_on}"


class Step(CommitteeScoped):
    """One entry of the information's timeline, shown with it (the audit trail is separate)."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(null=True, blank=True)
    by_name = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["opinion", "at", "id"]
        verbose_name = _("处理过程")
        verbose_name_plural = _("处理过程")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
