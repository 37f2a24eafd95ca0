"""The reports app's data: summary templates (a committee's headings and, under each, paragraphs of text
with figure placeholders), and for the roll-up, the public keys of subordinate committees that report from
their own installation and the figure values they reported in signed files.

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


class SubordinateKey(CommitteeScoped):
    """The Ed25519 public key a subordinate committee signs its reports with, registered at ``committee``
    (the higher committee that imports them)."""

    subordinate = models.ForeignKey(
        "org.Committee", on_delete=models.PROTECT, related_name="+", verbose_name=_("下级政协")
    )
    public_key = models.CharField(max_length=100, verbose_name=_("公钥"))
    fingerprint = models.CharField(max_length=64, editable=False, verbose_name=_("指纹"))
    registered_at = models.DateTimeField(auto_now=True, verbose_name=_("登记时间"))

    class Meta:
        ordering = ["committee", "subordinate__path"]
        verbose_name = _("下级政协公钥")
        verbose_name_plural = _("下级政协公钥")
        constraints = [
            models.UniqueConstraint(fields=["committee", "subordinate"], name="subordinate_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subordinate}：{self.fingerprint[:16]}"


class ReportedFigures(CommitteeScoped):
    """The figure values a subordinate reported (报送) for a period in a signed file, as imported at
    ``committee``. A new report for the same subordinate and period replaces the old one."""

    subordinate = models.ForeignKey(
        "org.Committee", on_delete=models.PROTECT, related_name="+", verbose_name=_("下级政协")
    )
    start = models.DateField(verbose_name=_("统计开始"))
    end = models.DateField(verbose_name=_("统计结束"))
    # {key: {"value": "12", "label": "…", "rollup": "sum"}}; values as decimal strings.
    figures = models.JSONField(default=dict, verbose_name=_("指标"))
    signed_at = models.DateTimeField(verbose_name=_("签署时间"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("签名公钥指纹"))
    document = models.TextField(verbose_name=_("报送文件"))  # the signed file as received
    imported_at = models.DateTimeField(auto_now=True, verbose_name=_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导入人"),
    )

    class Meta:
        ordering = ["committee", "subordinate__path", "-end"]
        verbose_name = _("报送数据")
        verbose_name_plural = _("报送数据")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "subordinate", "start", "end"], name="reported_figures_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subordinate}（{self.start}—{self.end}）"
