"""A date field the browser draws as a date picker is filled with an ISO date whatever the locale (the
Chinese locale would give 2026/11/25, which a date input shows as empty)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import translation

from lvzhi.org.forms import StyledForm


class _Form(StyledForm):
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def test_a_date_input_is_prefilled_with_an_iso_date():
    with translation.override("zh-hans"):
        html = str(_Form(initial={"on": date(2026, 11, 25)})["on"])
    assert 'value="2026-11-25"' in html
