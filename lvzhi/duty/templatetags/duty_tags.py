from django import template

from lvzhi.duty.kinds import label_of

register = template.Library()


@register.filter
def duty_kind_label(code: str) -> str:
    """A record kind's label from the registry (the code itself for a kind no app registers now)."""
    return label_of(code)


@register.simple_tag
def appeal_form_for(record_pk: int) -> object:
    """The appeal form of one record of the archive, its ids unique on the page (one form per record)."""
    from lvzhi.duty.forms import AppealForm

    return AppealForm(auto_id=f"id_%s_{record_pk}")
