from django import template

from lvzhi.duty.kinds import label_of

register = template.Library()


@register.filter
def duty_kind_label(code: str) -> str:
    """A record kind's label from the registry (the code itself for a kind no app registers now)."""
    return label_of(code)
