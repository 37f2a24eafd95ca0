from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """What a sector's service activity was (the article's 留守老人关爱、义务理发、资助困难大学生、文艺汇演、
    普法宣传, and the usual others)."""

    ELDERLY_CARE = "elderly_care", _("留守老人关爱")
    HAIRCUT = "haircut", _("义务理发")
    STUDENT_AID = "student_aid", _("资助困难大学生")
    PERFORMANCE = "performance", _("文艺汇演")
    LEGAL_AWARENESS = "legal_awareness", _("普法宣传")
    FREE_CLINIC = "free_clinic", _("义诊")
    SCIENCE = "science", _("科技下乡")
    OTHER = "other", _("其他")
