"""The states of a 社情民意信息 and the people it is reported to and instructed by (domain.md §5.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    EDITING = "editing", _("编辑中")
    ADOPTED = "adopted", _("已采用")
    REJECTED = "rejected", _("未采用")
    REFERRED = "referred", _("转部门参考")
    REPORTED = "reported", _("已报送")


# Submitted and not a draft: what the `opinions` figure counts.
SUBMITTED_STATES = [s for s in Status.values if s != Status.DRAFT]
# Waiting for the office's decision.
OPEN_STATES = [Status.SUBMITTED, Status.EDITING]


class SourceKind(models.TextChoices):
    MEMBER = "member", _("委员个人")
    JOINT = "joint", _("委员联名")
    BODY = "body", _("参加单位")  # 民主党派、工商联、人民团体、专委会、界别、联络组


# A body's information is not one member's duty; only these kinds write DutyRecords.
MEMBER_KINDS = [SourceKind.MEMBER, SourceKind.JOINT]


class Target(models.TextChoices):
    PARTY_COMMITTEE = "party", _("同级党委")
    GOVERNMENT = "government", _("同级政府")
    UPPER_CPPCC = "upper", _("上级政协")
    DEPARTMENT = "department", _("有关部门")


class Level(models.TextChoices):
    """The level of the leader who instructed (批示), highest first."""

    NATIONAL = "national", _("中央领导")
    PROVINCIAL = "provincial", _("省级领导")
    MUNICIPAL = "municipal", _("市级领导")
    COUNTY = "county", _("县（区）级领导")


class StepKind(models.TextChoices):
    CREATE = "create", _("起草")
    SUBMIT = "submit", _("提交")
    ACCEPT = "accept", _("受理编辑")
    ADOPT = "adopt", _("采用")
    REJECT = "reject", _("未采用")
    REFER = "refer", _("转部门参考")
    REPORT = "report", _("报送")
    UPPER = "upper", _("上级采用")
    INSTRUCT = "instruct", _("领导批示")
    FEEDBACK = "feedback", _("反馈委员")
