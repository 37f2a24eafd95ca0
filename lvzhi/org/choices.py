from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县区")


class Position(models.TextChoices):
    """政协职务, from the most senior; the order is the order of official lists before 姓氏笔画."""

    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    STANDING = "standing", _("常委")
    MEMBER = "member", _("委员")


POSITION_RANK = {p.value: i for i, p in enumerate(Position)}


class MembershipEnd(models.TextChoices):
    """How a term membership ended before its term did (or with it)."""

    COMPLETED = "completed", _("届满")
    RESIGNED = "resigned", _("辞去")
    REVOKED = "revoked", _("撤销")
    DECEASED = "deceased", _("去世")
