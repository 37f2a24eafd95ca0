"""门户: the committee's public news (articles) with their 三审 timeline, images and the blocked words."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.portal.choices import State, StepAction


class ArticleQuerySet(CommitteeScopedQuerySet):
    def published(self) -> Self:
        """What the public sees: only what passed 终审."""
        return self.filter(state=State.PUBLISHED, published_at__isnull=False)


class Article(CommitteeScoped, Versioned):
    """A news article (新闻) of the committee; public only once three reviewers have passed it."""

    title = models.CharField(max_length=200, verbose_name=_("标题"))
    summary = models.TextField(max_length=600, blank=True, verbose_name=_("摘要"))
    body = models.TextField(verbose_name=_("正文"))  # sanitized HTML (nh3), never raw input
    source = models.CharField(max_length=100, blank=True, verbose_name=_("来源"))
    author = models.CharField(max_length=100, blank=True, verbose_name=_("作者"))
    editor = models.CharField(max_length=100, blank=True, verbose_name=_("编辑"))
    tags = models.CharField(max_length=200, blank=True, verbose_name=_("相关热词"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("状态")
    )
    review_round = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("发布时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("撰稿人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        indexes = [models.Index(fields=["committee", "state", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:article", kwargs={"committee": self.committee.code, "pk": self.pk})

    def public_url(self) -> str:
        return reverse("portal:public_article", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def state_badge(self) -> str:
        return {
            State.DRAFT: "badge-status-draft",
            State.PUBLISHED: "badge-status-done",
            State.RETURNED: "badge-status-due-soon",
        }.get(State(self.state), "badge-status-in-progress")

    @property
    def body_html(self) -> SafeString:
        """The body for a page: stored sanitized, and sanitized again here so nothing else can slip through."""
        from lvzhi.portal.content import sanitize

        return mark_safe(sanitize(self.body))

    @property
    def tag_list(self) -> list[str]:
        return [t for t in (s.strip() for s in self.tags.replace("，", ",").split(",")) if t]


class ArticleStep(CommitteeScoped):
    """One step on an article's 三审 timeline: submitted, passed or returned at a stage, by whom, why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="steps")
    review_round = models.PositiveIntegerField()
    stage = models.CharField(max_length=10, choices=State.choices, verbose_name=_("环节"))
    action = models.CharField(max_length=10, choices=StepAction.choices, verbose_name=_("操作"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("意见"))

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.article_id} {self.stage} {self.action}"


class ArticleImage(CommitteeScoped):
    """An image of an article, served by the project (public once the article is published)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="portal/%Y/%m/")
    content_type = models.CharField(max_length=40)
    caption = models.CharField(max_length=200, blank=True, verbose_name=_("图片说明"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or str(self.file.name)

    def url(self) -> str:
        return reverse("portal:image", kwargs={"committee": self.committee.code, "pk": self.pk})


class BlockedWord(CommitteeScoped):
    """屏蔽词: a word no article of the committee may contain."""

    word = models.CharField(max_length=50, verbose_name=_("屏蔽词"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "word"], name="portal_blockedword_unique")
        ]

    def __str__(self) -> str:
        return self.word
