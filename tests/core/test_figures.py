"""The figures registry's breakdowns: a figure with ``parts`` emits one ``key.code`` value per part, each
with its own sentence and evidence, selectable by the breakdown's key or one part's key."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from lvzhi.core import figures
from lvzhi.core.figures import Figure, Part, Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def breakdown():
    figure = Figure(
        key="test_breakdown",
        label="测试",
        kind="event",
        compute=None,
        sentence="{label}有{value}个",
        evidence=None,
        parts=lambda c, p: [Part("a_b", "甲<乙>", 2, "/x/?form=a_b"), Part("c", "丙", 3, "/x/?form=c")],
        section="测试",
        order=9999,
    )
    figures.register(figure)
    yield figure
    figures._registry.pop(figure.key)


def test_a_breakdown_emits_one_value_per_part(breakdown):
    values = figures.evaluate(None, PERIOD, ["test_breakdown"])
    assert list(values) == ["test_breakdown.a_b", "test_breakdown.c"]
    a = values["test_breakdown.a_b"]
    assert (a.value, a.source, a.figure, a.label) == (2, "/x/?form=a_b", "test_breakdown", "测试（甲<乙>）")
    assert a.sentence == "甲<乙>有2个"
    assert a.sentence_html == '甲&lt;乙&gt;有<a class="figure-link" href="/x/?form=a_b">2</a>个'


def test_one_part_is_selected_by_its_key(breakdown):
    assert list(figures.evaluate(None, PERIOD, ["test_breakdown.c"])) == ["test_breakdown.c"]
    assert figures.get("test_breakdown.c") is breakdown


def test_a_figure_is_either_computed_or_a_breakdown():
    with pytest.raises(ImproperlyConfigured):
        Figure(key="x", label="x", kind="event", compute=None, sentence="", evidence=None)
    with pytest.raises(ImproperlyConfigured):
        Figure(key="x", label="x", kind="event", compute=lambda c, p: 1, sentence="", evidence=lambda c, p: "",
               parts=lambda c, p: [])  # fmt: skip
