"""Choices and default tables of the consult app (domain.md §5.4–5.6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The consultation forms installed in every committee (domain.md §5.4): (code, name).
DEFAULT_FORMS: list[tuple[str, str]] = [
    ("quanti_huiyi", "全体会议协商"),
    ("zhuanti_yizheng", "专题议政性常委会议"),
    ("zhuanti", "专题协商"),
    ("zhuanti_diaoyan", "专题调研协商"),
    ("duikou", "对口协商"),
    ("jiebie", "界别协商"),
    ("tian_banli", "提案办理协商"),
    ("shuangzhou", "双周协商座谈会"),
    ("wei_xieshang", "微协商"),
]


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    ASSIGNED = "assigned", _("已交办")
    REPLIED = "replied", _("已答复")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    REFERENCE = "reference", _("留作参考")


OUTCOMES = (SuggestionStatus.ADOPTED, SuggestionStatus.PARTLY, SuggestionStatus.REFERENCE)
ADOPTED = (SuggestionStatus.ADOPTED, SuggestionStatus.PARTLY)


class SuggestionCategory(models.TextChoices):
    ECONOMY = "economy", _("经济发展")
    LIVELIHOOD = "livelihood", _("社会民生")
    URBAN_RURAL = "urban_rural", _("城乡建设")
    ECOLOGY = "ecology", _("生态环境")
    CULTURE = "culture", _("文化教育")
    GOVERNANCE = "governance", _("社会治理")
    OTHER = "other", _("其他")


class StepKind(models.TextChoices):
    SUBMIT = "submit", _("报送")
    IMPORT = "import", _("导入")
    ASSIGN = "assign", _("交办")
    REPLY = "reply", _("答复")
    CONCLUDE = "conclude", _("评定采纳情况")


class StudioKind(models.TextChoices):
    AREA = "area", _("区域")
    SECTOR = "sector", _("界别")
    PERSONAL = "personal", _("个人")


# "五上墙" of the 商洛 rules for 委员工作室 (domain.md §5.5).
CHECKLIST: list[tuple[str, str]] = [
    ("logo", "统一标识"),
    ("people", "人员信息"),
    ("duties", "工作职责"),
    ("process", "工作流程"),
    ("rules", "规章制度"),
]


class StudioLogKind(models.TextChoices):
    STUDY = "study", _("学习培训")
    OPINION = "opinion", _("收集社情民意")
    CONSULT = "consult", _("微协商")
    SUPERVISE = "supervise", _("民主监督")
    SERVE = "serve", _("服务群众")
    LIAISON = "liaison", _("联络联谊")
    OTHER = "other", _("其他")


class OrganizerKind(models.TextChoices):
    SPECIAL_COMMITTEE = "sc", _("专委会")
    SECTOR = "sector", _("界别")
    STUDIO = "studio", _("委员工作室")
