from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    REGISTERED = "registered", _("登记")
    ASSIGNED = "assigned", _("已交办")
    FIXED = "fixed", _("已五定")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING = "awaiting", _("待验收")
    CLOSED = "closed", _("已销号")


class OwnerKind(models.TextChoices):
    TEAM = "team", _("班子")
    PERSON = "person", _("个人")
    BRANCH = "branch", _("支部")


class DeadlineState(models.TextChoices):
    """A flag, not a state: shown in red (逾期) or amber (临期) with its text wherever the item appears."""

    OVERDUE = "overdue", _("逾期")
    DUE_SOON = "due_soon", _("临期")


class StepKind(models.TextChoices):
    REGISTER = "register", _("登记")
    ASSIGN = "assign", _("交办")
    FIX = "fix", _("五定")
    START = "start", _("开始整改")
    PROGRESS = "progress", _("整改进展")
    SUBMIT = "submit", _("提交验收")
    ACCEPT = "accept", _("验收通过，销号")
    REJECT = "reject", _("验收不通过")
    EXTEND = "extend", _("延期")
    REOPEN = "reopen", _("重新打开")
    IMPORT = "import", _("导入")


# The typed candidates for 五定 (domain.md §2.1: no single list of five is authoritative); a campaign's
# template says which of them it requires.
FIVE_FIELDS: dict[str, str] = {
    "lead_leader": "责任领导",
    "unit": "责任单位",
    "responsible": "责任人",
    "measures": "整改措施",
    "goal": "整改目标",
    "standard": "整改标准",
    "deadline": "完成时限",
    "acceptor": "验收人",
}
DEFAULT_REQUIRED = ["lead_leader", "responsible", "measures", "deadline", "standard"]
