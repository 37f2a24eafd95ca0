from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from lvzhi.core.masking import mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (paging and sorting keep the filters)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value or "")


@register.filter
def ymd(value: Any) -> str:
    """2023-05-24 in tables."""
    return value.strftime("%Y-%m-%d") if value else ""


@register.filter
def ym(value: Any) -> str:
    return value.strftime("%Y-%m") if value else ""


@register.filter
def cn_date(value: Any) -> str:
    """2023年5月24日 in text."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""
