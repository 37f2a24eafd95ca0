"""Roll-up: the public keys of subordinate committees that report from their own installation, and the
figure values they reported in signed files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import CommitteeScoped


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
