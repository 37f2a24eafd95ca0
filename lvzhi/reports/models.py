"""Summary templates: a committee's headings and, under each, paragraphs of text with figure placeholders.

A paragraph's text never holds a typed number: ``{key}`` stands for a figure's value and ``{key:sentence}``
for its whole sentence, both bound to the records. ``values_at_edit`` keeps the figures' values when the
text was last edited, so the page can show which figures have changed since.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core.models import CommitteeScoped, Versioned


class SummaryTemplate(CommitteeScoped, Versioned):
    """One per committee: the summary's title line and its headings (made from the figures by default)."""

    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("综述模板")
        constraints = [
            models.UniqueConstraint(fields=["committee"], name="reports_one_template_per_committee")
        ]

    def __str__(self) -> str:
        return str(_("综述模板"))


class SummaryHeading(CommitteeScoped, Versioned):
    template = models.ForeignKey(SummaryTemplate, on_delete=models.CASCADE, related_name="headings")
    position = models.PositiveIntegerField(default=0, verbose_name=_("顺序"))
    title = models.CharField(max_length=60, verbose_name=_("标题"))
    before = models.TextField(blank=True, verbose_name=_("段前固定文字"))
    after = models.TextField(blank=True, verbose_name=_("段后固定文字"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("综述标题")

    def __str__(self) -> str:
        return self.title


class SummaryParagraph(CommitteeScoped, Versioned):
    heading = models.ForeignKey(SummaryHeading, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(default=0, verbose_name=_("顺序"))
    text = models.TextField(verbose_name=_("正文"))
    # {figure key: value} when the text was last edited, and the period they were taken for
    values_at_edit = models.JSONField(default=dict, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("编辑时间"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("综述段落")

    def __str__(self) -> str:
        return self.text[:30]
