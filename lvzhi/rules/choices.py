from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    RULE = "rule", _("规章制度")  # 常委会工作规则, 委员管理办法 …: stays in force until revised or repealed
    DOCUMENT = "document", _("印发文件")  # 印发《关于……的意见》, 实施方案: issued once


class RegulationStatus(models.TextChoices):
    CURRENT = "current", _("现行")
    REVISED = "revised", _("已修订")
    REPEALED = "repealed", _("废止")
