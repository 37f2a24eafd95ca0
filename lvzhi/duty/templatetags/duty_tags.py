from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lvzhi.duty.kinds import label_of

register = template.Library()

_RECORD = "__record__"


@register.filter
def duty_kind_label(code: str) -> str:
    """A record kind's label from the registry (the code itself for a kind no app registers now)."""
    return label_of(code)


@register.simple_tag(takes_context=True)
def appeal_fields(context: template.Context, record_pk: int) -> SafeString:
    """The appeal form's fields for one record of the archive, their ids unique on the page (one form per
    record). The unbound form is drawn once per page and only the record's id put into each copy: the
    archive of a busy member has hundreds of records, and drawing widgets is most of a page's cost."""
    from lvzhi.duty.forms import AppealForm

    drawn = context.render_context.get(_RECORD)
    if drawn is None:
        form = AppealForm(auto_id=f"id_%s_{_RECORD}")
        drawn = render_to_string("duty/_appeal_fields.html", {"appeal_form": form})
        context.render_context[_RECORD] = drawn
    return mark_safe(drawn.replace(_RECORD, str(int(record_pk))))  # our own HTML, an int
