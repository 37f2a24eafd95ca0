"""规章制度 and the documents a committee issues, each revision linked to the one it replaces."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.roles import Role
from lvzhi.core.scope import scope_of
from lvzhi.rules.choices import RegulationKind, RegulationStatus


class RegulationQuerySet(CommitteeScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """The reading roles' texts, and for a 委员 the texts of their committee marked public."""
        scope = scope_of(user)
        members_of = [c for c, roles in scope.roles.items() if Role.MEMBER in roles]
        readers = super().visible_to(user)
        if not members_of:
            return readers
        return readers | self.filter(committee_id__in=members_of, is_public=True)

    def current(self) -> Self:
        return self.filter(status=RegulationStatus.CURRENT)

    def issued_within(self, start: date | None, end: date | None) -> Self:
        qs = self
        if start is not None:
            qs = qs.filter(issued_on__gte=start)
        if end is not None:
            qs = qs.filter(issued_on__lte=end)
        return qs


class Regulation(CommitteeScoped, Versioned):
    """One text a committee adopted: a work rule (in force until revised or repealed) or a document it
    issued (印发). Rules and documents share their fields, their list and their figures' evidence, so they
    are one model with a kind; a revision is a new row whose ``replaces`` is the text it supersedes."""

    kind = models.CharField(
        max_length=10, choices=RegulationKind.choices, default=RegulationKind.RULE, verbose_name=_("类别")
    )
    title = models.CharField(max_length=200, verbose_name=_("标题"))
    number = models.CharField(max_length=60, blank=True, verbose_name=_("文号"))
    issuer = models.CharField(max_length=100, blank=True, verbose_name=_("发文机关"))
    issued_on = models.DateField(verbose_name=_("印发日期"))
    effective_on = models.DateField(null=True, blank=True, verbose_name=_("施行日期"))
    status = models.CharField(
        max_length=10,
        choices=RegulationStatus.choices,
        default=RegulationStatus.CURRENT,
        verbose_name=_("状态"),
    )
    text = models.TextField(blank=True, verbose_name=_("正文"))
    is_public = models.BooleanField(default=False, verbose_name=_("对外公开"))
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("所修订的版本"),
    )
    change_note = models.TextField(blank=True, verbose_name=_("修订说明"))
    repealed_on = models.DateField(null=True, blank=True, verbose_name=_("废止日期"))

    objects = RegulationQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-issued_on", "-id"]
        verbose_name = _("规章制度")
        verbose_name_plural = _("规章制度")
        indexes = [models.Index(fields=["committee", "kind", "issued_on"])]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("rules:detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def is_revision(self) -> bool:
        return self.replaces_id is not None

    def clean(self) -> None:
        errors = {}
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("施行日期不能早于印发日期。")
        if self.replaces_id is not None:
            old = self.replaces
            if old is not None and old.committee_id != self.committee_id:
                errors["replaces"] = _("不属于本政协。")
            elif old is not None and self.issued_on and old.issued_on > self.issued_on:
                errors["issued_on"] = _("修订版的印发日期不能早于被修订的版本。")
        if self.status == RegulationStatus.REPEALED and not self.repealed_on:
            errors["repealed_on"] = _("请填写废止日期。")
        if errors:
            raise ValidationError(errors)

    def chain(self) -> list[Regulation]:
        """Every version of this text, oldest first (a handful at most: walked, not queried in bulk)."""
        older: list[Regulation] = []
        node = self.replaces
        while node is not None:
            older.append(node)
            node = node.replaces
        newer: list[Regulation] = []
        node = getattr(self, "replaced_by", None)
        while node is not None:
            newer.append(node)
            node = getattr(node, "replaced_by", None)
        return [*reversed(older), self, *newer]
