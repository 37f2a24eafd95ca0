from django.db import models
from django.utils.translation import gettext_lazy as _


class Layer(models.TextChoices):
    """The levels at which study is organized (the article's 常委会专题学、主席会重点学、职工会集中学、
    专委会引导委员学, and the branches' own study)."""

    STANDING = "standing", _("常委会专题学")
    CHAIRS = "chairs", _("主席会重点学")
    OFFICE = "office", _("职工会集中学")
    GROUP = "group", _("专委会/学习组学习")
    BRANCH = "branch", _("支部学习")


class Mode(models.TextChoices):
    OFFLINE = "offline", _("线下")
    ONLINE = "online", _("线上")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")


class SharingRole(models.TextChoices):
    SHARER = "sharer", _("分享人")
    ATTENDEE = "attendee", _("参加人")
