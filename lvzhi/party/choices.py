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
