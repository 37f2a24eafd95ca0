from django.db import models
from django.utils.translation import gettext_lazy as _


class BranchKind(models.TextChoices):
    FUNCTIONAL = "functional", _("专委会功能型党支部")
    OFFICE = "office", _("机关党支部")
    TEMPORARY = "temporary", _("临时党支部")


class BranchRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy", _("副书记")
    COMMITTEE_MEMBER = "committee", _("支委委员")
    MEMBER = "member", _("党员")


class MeetingKind(models.TextChoices):
    GENERAL = "general", _("支部党员大会")
    COMMITTEE = "committee", _("支部委员会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE = "life", _("组织生活会")
    APPRAISAL = "appraisal", _("民主评议党员")
    TALK = "talk", _("谈心谈话")
    LEADERSHIP_LIFE = "leadership", _("党组民主生活会")  # the 党组's, not a branch's


class Period(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺席")


class CheckinMethod(models.TextChoices):
    CHECKIN = "checkin", _("扫码签到")
    LIST = "list", _("名单勾选")
