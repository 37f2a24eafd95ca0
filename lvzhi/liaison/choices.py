from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.org.choices import Position

# 主席会议成员: the leaders who take on (联系包抓) key projects.
LEADER_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)


class Stage(models.TextChoices):
    """Where a key project stands."""

    SIGNED = "signed", _("签约")
    PREPARING = "preparing", _("前期")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")


class ProblemStatus(models.TextChoices):
    PENDING = "pending", _("待协调")
    COORDINATING = "coordinating", _("协调中")
    RESOLVED = "resolved", _("已解决")


class StepKind(models.TextChoices):
    RAISE = "raise", _("提出问题")
    START = "start", _("开始协调")
    RESOLVE = "resolve", _("协调解决")
