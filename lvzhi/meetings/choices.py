from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingType(models.TextChoices):
    """The committee's own meetings (章程: 全体会议, 常务委员会会议, 主席会议; and 专委会 meetings)."""

    PLENARY = "plenary", _("全体会议")
    STANDING = "standing", _("常委会议")
    CHAIRS = "chairs", _("主席会议")
    SPECIAL = "special", _("专委会会议")
    TOPICAL = "topical", _("专题议政性常委会议")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    NOTIFIED = "notified", _("已通知")
    HELD = "held", _("已召开")


class InviteeRole(models.TextChoices):
    MEMBER = "member", _("应出席")
    OBSERVER = "observer", _("列席")


class AttendanceStatus(models.TextChoices):
    """What the office records; an absence is excused (已请假) when the person's leave was approved."""

    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")


class AttendanceMethod(models.TextChoices):
    LIST = "list", _("名单登记")
    CHECKIN = "checkin", _("扫码签到")


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ReplyChoice(models.TextChoices):
    """回执: the invitee's answer to the notice; a 请假 answer is a leave request awaiting approval."""

    ATTEND = "attend", _("参加")
    LEAVE = "leave", _("请假")
