"""Proposals (提案) from draft to 办结: the session that numbers them, the proposers and their 附议, the
units a proposal is assigned to, their replies, the proposers' feedback, and the proposal's timeline."""

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

from lvzhi.core.effective import in_force
from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.scope import scope_of
from lvzhi.core.yearmonth import add_months
from lvzhi.org.models import Person, Sector, SpecialCommittee, Term, Unit
from lvzhi.org.numerals import chinese_number
from lvzhi.proposals.choices import (
    ANSWERING_ROLES,
    Category,
    CosignStatus,
    HandlingRole,
    ProposerKind,
    ReplyClass,
    Satisfaction,
    Status,
    StepKind,
)


class ProposalSession(CommitteeScoped):
    """A session (次会议) of a term's plenary: proposals are numbered within it (第N号). A proposal made
    between plenaries (平时提案) belongs to the last session opened before it."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("届次"))
    number = models.PositiveSmallIntegerField(verbose_name=_("第几次会议"))
    opened_on = models.DateField(verbose_name=_("开幕日期"))

    class Meta:
        ordering = ["committee", "-opened_on"]
        verbose_name = _("提案届次会议")
        verbose_name_plural = _("提案届次会议")
        constraints = [
            models.UniqueConstraint(fields=["committee", "term", "number"], name="proposal_session_unique")
        ]

    def __str__(self) -> str:
        return str(_("%(term)s第%(n)s次会议") % {"term": self.term.name, "n": chinese_number(self.number)})

    def clean(self) -> None:
        if self.term_id and self.term.committee_id != self.committee_id:
            raise ValidationError({"term": _("届次不属于本政协。")})

    @classmethod
    def current(cls, committee: Any, on: date) -> ProposalSession | None:
        return (
            cls.objects.filter(committee=committee, opened_on__lte=on)
            .select_related("term")
            .order_by("-opened_on")
            .first()
        )


class HandlingRule(CommitteeScoped):
    """The deadlines of handling, effective-dated (domain.md §5.2: reply within 3 months, 重新办理 within 3
    months, a week for 附议). A committee without a row uses these defaults."""

    reply_months = models.PositiveSmallIntegerField(default=3, verbose_name=_("答复期限（月）"))
    redo_months = models.PositiveSmallIntegerField(default=3, verbose_name=_("重新办理期限（月）"))
    cosign_days = models.PositiveSmallIntegerField(default=7, verbose_name=_("附议期限（天）"))
    effective_from = models.DateField(verbose_name=_("生效日期"))

    class Meta:
        ordering = ["committee", "-effective_from"]
        verbose_name = _("提案办理期限")
        verbose_name_plural = _("提案办理期限")

    def __str__(self) -> str:
        return f"{self.effective_from}"

    @classmethod
    def in_force_on(cls, committee: Any, on: date) -> HandlingRule:
        chosen = in_force(cls.objects.filter(committee=committee), on, key=lambda r: r.committee_id)
        return chosen.get(committee.pk) or cls(committee=committee, effective_from=on)

    def reply_deadline(self, assigned_on: date, *, redo: bool = False) -> date:
        return add_months(assigned_on, self.redo_months if redo else self.reply_months)


class ProposalQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Readers see their committee's proposals; a member their own (as first proposer or 附议人);
        a handling unit only those assigned to it."""
        scope = scope_of(user)
        if not scope.roles:
            return self.none()
        # The committees the user reads, but not other people's drafts: a draft is its author's until submitted.
        visible = super().visible_to(user).filter(~Q(status=Status.DRAFT) | Q(created_by_id=user.pk))
        extra = Q(pk__in=[])
        if scope.person_id:
            extra |= Q(lead_id=scope.person_id) | Q(
                pk__in=Cosigner.objects.filter(person_id=scope.person_id).values("proposal_id")
            )
        if scope.unit_ids:
            extra |= Q(pk__in=Assignment.objects.filter(unit_id__in=scope.unit_ids).values("proposal_id"))
        return visible | self.filter(extra)

    def submitted_within(self, start: date, end: date) -> Self:
        return self.filter(submitted_on__gte=start, submitted_on__lte=end)

    def registered_within(self, start: date, end: date) -> Self:
        return self.filter(registered_on__gte=start, registered_on__lte=end)


class Proposal(CommitteeScoped, Versioned):
    """A 提案: 案由, the reasons and the suggestions, who proposes it, and where it stands."""

    session = models.ForeignKey(
        ProposalSession, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("会议")
    )
    number = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("提案号"))
    kind = models.CharField(
        max_length=10, choices=ProposerKind.choices, default=ProposerKind.MEMBER, verbose_name=_("提案形式")
    )
    # The first proposer of a member's proposal; for a body's proposal, its contact person.
    lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("第一提案人"))
    special_committee = models.ForeignKey(
        SpecialCommittee, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("提案专委会"),
    )  # fmt: skip
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("提案界别")
    )
    organization = models.CharField(max_length=80, blank=True, verbose_name=_("提案党派团体"))
    TITLE_MAX_LENGTH = 120
    title = models.CharField(max_length=TITLE_MAX_LENGTH, verbose_name=_("案由"))
    # Blank only for proposals imported from sheets that kept the 案由 alone; submitting needs both.
    reasons = models.TextField(blank=True, verbose_name=_("理由（情况与分析）"))
    measures = models.TextField(blank=True, verbose_name=_("建议（办法与措施）"))
    category = models.CharField(max_length=12, choices=Category.choices, verbose_name=_("类别"))
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True, verbose_name=_("状态")
    )
    cosign_deadline = models.DateField(null=True, blank=True, verbose_name=_("附议截止日期"))
    submitted_on = models.DateField(null=True, blank=True, verbose_name=_("提交日期"))
    registered_on = models.DateField(null=True, blank=True, verbose_name=_("立案日期"))
    review_note = models.TextField(blank=True, verbose_name=_("审查意见"))
    handling_round = models.PositiveSmallIntegerField(default=0, verbose_name=_("办理轮次"))
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("办结日期"))
    is_key = models.BooleanField(default=False, verbose_name=_("重点提案"))
    supervisor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("领衔督办领导"),
    )  # fmt: skip
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged",
        verbose_name=_("并入提案"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProposalQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-session__opened_on", "number", "id"]
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "session", "number"],
                condition=Q(number__isnull=False),
                name="proposal_unique_number",
            )
        ]
        indexes = [
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["committee", "submitted_on"]),
            models.Index(fields=["committee", "registered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.title}" if self.number else str(self.title)

    @property
    def number_display(self) -> str:
        return str(_("第%(n)s号") % {"n": self.number}) if self.number else ""

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def proposer_name(self) -> str:
        """Who proposes it, as a list shows it: the body's name for a body's proposal."""
        if self.kind == ProposerKind.SPECIAL_COMMITTEE and self.special_committee_id:
            return str(self.special_committee)
        if self.kind == ProposerKind.SECTOR and self.sector_id:
            return str(self.sector)
        if self.kind == ProposerKind.PARTY and self.organization:
            return self.organization
        return self.lead.name

    def proposer_ids(self) -> set[int]:
        """The people whose feedback counts: the first proposer and those who signed (附议)."""
        signed = self.cosigners.filter(status=CosignStatus.SIGNED).values_list("person_id", flat=True)
        return {self.lead_id, *signed}

    def clean(self) -> None:
        body: dict[str, tuple[str, Any]] = {
            ProposerKind.SPECIAL_COMMITTEE: ("special_committee", self.special_committee_id),
            ProposerKind.SECTOR: ("sector", self.sector_id),
            ProposerKind.PARTY: ("organization", self.organization.strip()),
        }
        if self.kind in body and not body[self.kind][1]:
            raise ValidationError({body[self.kind][0]: _("请填写提案的%(kind)s。") % {"kind": _("提出单位")}})
        for field in ("special_committee", "sector"):
            related = getattr(self, field)
            if related is not None and related.committee_id != self.committee_id:
                raise ValidationError({field: _("不属于本政协。")})


class Cosigner(CommitteeScoped):
    """A member asked to 附议 a joint proposal, and their answer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("附议人"))
    status = models.CharField(
        max_length=10, choices=CosignStatus.choices, default=CosignStatus.INVITED, verbose_name=_("附议")
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("附议人")
        verbose_name_plural = _("附议人")
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="cosigner_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"


class AssignmentQuerySet(CommitteeScopedQuerySet):
    def late_on(self, on: date) -> Self:
        """Answering assignments past their deadline on a date: unanswered then, or answered after it."""
        return self.filter(role__in=ANSWERING_ROLES, deadline__lt=on).filter(
            Q(replied_on__isnull=True) | Q(replied_on__gt=models.F("deadline"))
        )


class Assignment(CommitteeScoped):
    """A unit a proposal is assigned to (交办) in one round of handling, as 主办, 会办 or 分办."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位"))
    role = models.CharField(max_length=10, choices=HandlingRole.choices, verbose_name=_("办理方式"))
    round = models.PositiveSmallIntegerField(default=1, verbose_name=_("办理轮次"))
    assigned_on = models.DateField(verbose_name=_("交办日期"))
    deadline = models.DateField(verbose_name=_("答复期限"))
    # Denormalized from the reply, so lists flag late replies without a join.
    replied_on = models.DateField(null=True, blank=True, verbose_name=_("答复日期"))

    objects = AssignmentQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["proposal", "round", "role", "id"]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit", "round"], name="assignment_unique_unit")
        ]
        indexes = [models.Index(fields=["unit", "round"])]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"

    @property
    def answers(self) -> bool:
        return self.role in ANSWERING_ROLES

    def is_late(self, on: date) -> bool:
        if not self.answers:
            return False
        return (self.replied_on or on) > self.deadline


class ReplyQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """A reply (and its letter) is read by whoever reads its proposal: the proposers and the unit too."""
        return self.filter(assignment__proposal__in=Proposal.objects.visible_to(user).values("pk"))


class Reply(CommitteeScoped):
    """A unit's written answer (or a 会办 unit's opinion), with its class and the reply document."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="reply")
    result = models.CharField(
        max_length=1, choices=ReplyClass.choices, blank=True, verbose_name=_("办理结果")
    )
    text = models.TextField(verbose_name=_("答复内容"))
    replied_on = models.DateField(verbose_name=_("答复日期"))
    contact = models.CharField(max_length=60, blank=True, verbose_name=_("经办人及电话"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReplyQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["assignment", "id"]
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.get_result_display()}"

    @property
    def late(self) -> bool:
        return self.replied_on > self.assignment.deadline


class Feedback(CommitteeScoped):
    """A proposer's view of the replies in one round (征询意见表)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("提案人"))
    round = models.PositiveSmallIntegerField(verbose_name=_("办理轮次"))
    satisfaction = models.CharField(max_length=12, choices=Satisfaction.choices, verbose_name=_("满意度"))
    comment = models.TextField(blank=True, verbose_name=_("意见"))
    given_on = models.DateField(verbose_name=_("反馈日期"))

    class Meta:
        ordering = ["proposal", "round", "id"]
        verbose_name = _("委员反馈")
        verbose_name_plural = _("委员反馈")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person", "round"], name="feedback_unique_round")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_satisfaction_display()}"


class Step(CommitteeScoped):
    """One entry of a proposal's timeline (business data shown with it; the audit trail is separate)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["proposal", "at", "id"]
        verbose_name = _("办理过程")
        verbose_name_plural = _("办理过程")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
