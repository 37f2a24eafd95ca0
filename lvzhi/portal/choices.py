from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """三审: 草稿 → 初审 → 复审 → 终审 → 已发布; a return sends it back to be edited (退回修改)."""

    DRAFT = "draft", _("草稿")
    FIRST = "first", _("待初审")
    SECOND = "second", _("待复审")
    FINAL = "final", _("待终审")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")


class StepAction(models.TextChoices):
    SUBMIT = "submit", _("提交审核")
    PASS = "pass", _("通过")
    RETURN = "return", _("退回")
    UNPUBLISH = "unpublish", _("撤回发布")


# The review stage each state waits for, and where a pass sends the article.
NEXT_STATE = {State.FIRST: State.SECOND, State.SECOND: State.FINAL, State.FINAL: State.PUBLISHED}
STAGE_LABEL = {State.FIRST: _("初审"), State.SECOND: _("复审"), State.FINAL: _("终审")}
EDITABLE = frozenset({State.DRAFT, State.RETURNED})
IN_REVIEW = frozenset({State.FIRST, State.SECOND, State.FINAL})
