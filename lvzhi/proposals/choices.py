"""The states, kinds and classes of a proposal's life (domain.md §5.1–5.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("征集附议")
    SUBMITTED = "submitted", _("待审查")
    REGISTERED = "registered", _("已立案")
    NOT_REGISTERED = "not_registered", _("不予立案")
    CONVERTED = "converted", _("转意见建议")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    REDO = "redo", _("重新办理")
    CLOSED = "closed", _("办结")
    MERGED = "merged", _("已并案")


# Submitted and not withdrawn into a draft: what the `proposals` figure counts.
SUBMITTED_STATES = [s for s in Status.values if s != Status.DRAFT]
# In the hands of the handling units.
HANDLING_STATES = [Status.ASSIGNED, Status.REDO]
# Accepted (立案) at some point, whatever happened after.
REGISTERED_STATES = [Status.REGISTERED, Status.ASSIGNED, Status.REPLIED, Status.REDO, Status.CLOSED]


class ProposerKind(models.TextChoices):
    MEMBER = "member", _("委员个人提案")
    JOINT = "joint", _("委员联名提案")
    SPECIAL_COMMITTEE = "committee", _("专委会提案")
    SECTOR = "sector", _("界别提案")
    PARTY = "party", _("党派团体提案")


class Category(models.TextChoices):
    ECONOMY = "economy", _("经济建设")
    URBAN = "urban", _("城乡建设")
    LIVELIHOOD = "livelihood", _("社会民生")
    EDUCATION = "education", _("教育科技")
    CULTURE = "culture", _("文化旅游")
    ECOLOGY = "ecology", _("生态环境")
    AGRICULTURE = "agriculture", _("农业农村")
    LAW = "law", _("政治法治")
    OTHER = "other", _("其他")


class HandlingRole(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("会办")
    SEPARATE = "separate", _("分办")


# The units whose written reply the proposal waits for; a 会办 unit sends its opinion to the 主办.
ANSWERING_ROLES = [HandlingRole.LEAD, HandlingRole.SEPARATE]


class ReplyClass(models.TextChoices):
    A = "A", _("A类 已解决或基本解决")
    B = "B", _("B类 正在解决或列入规划逐步解决")
    C = "C", _("C类 因条件限制需以后解决")
    D = "D", _("D类 留作参考")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class CosignStatus(models.TextChoices):
    INVITED = "invited", _("待附议")
    SIGNED = "signed", _("已附议")
    DECLINED = "declined", _("不附议")


class ReviewDecision(models.TextChoices):
    REGISTER = "register", _("立案")
    REJECT = "reject", _("不予立案")
    CONVERT = "convert", _("转意见建议")


class StepKind(models.TextChoices):
    CREATE = "create", _("起草")
    SUBMIT = "submit", _("提交")
    COSIGN = "cosign", _("附议")
    DECLINE = "decline", _("不附议")
    REGISTER = "register", _("立案")
    REJECT = "reject", _("不予立案")
    CONVERT = "convert", _("转意见建议")
    ASSIGN = "assign", _("交办")
    REPLY = "reply", _("答复")
    OPINION = "opinion", _("会办意见")
    FEEDBACK = "feedback", _("委员反馈")
    REDO = "redo", _("重新办理")
    CLOSE = "close", _("办结")
    MERGE = "merge", _("并案")
    KEY = "key", _("列为重点提案")
    IMPORT = "import", _("导入")
