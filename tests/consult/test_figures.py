"""The consult figures: counted in the database for the committee and period, the breakdown by form, and
every value linked to a list that shows exactly the counted rows."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.consult import services
from lvzhi.consult.figures import SECTION
from lvzhi.core.figures import Period, evaluate
from lvzhi.reports.summary import build_summary
from tests.consult.conftest import make_consultation

pytestmark = pytest.mark.django_db
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def data(committee, other_committee, staff, economy, unit):
    research = make_consultation(committee, staff, topic="现代服务业", special_committee=economy)
    micro = make_consultation(committee, staff, code="wei_xieshang", topic="供暖进小区", special_committee=economy,
                              on=date(2026, 8, 1))  # fmt: skip
    make_consultation(
        committee, staff, code="jiebie", topic="去年的", special_committee=economy, on=date(2025, 6, 1)
    )
    for i in range(3):
        services.suggestion_create(committee=committee, title=f"调研{i}", submitted_on=date(2026, 5, 20),
                                   consultation=research, by=staff)  # fmt: skip
    adopted = services.suggestion_create(committee=committee, title="供暖", submitted_on=date(2026, 8, 2),
                                         consultation=micro, units=[unit], by=staff)  # fmt: skip
    services.suggestion_assign(suggestion=adopted, by=staff)
    services.suggestion_reply(suggestion=adopted, reply="好", replied_on=date(2026, 9, 1), by=staff)
    services.suggestion_conclude(suggestion=adopted, outcome="adopted", by=staff)
    services.suggestion_create(committee=committee, title="界别活动", submitted_on=date(2026, 4, 1), by=staff)
    services.suggestion_create(committee=committee, title="去年", submitted_on=date(2025, 4, 1), by=staff)
    other_economy = __import__("tests.factories", fromlist=["x"]).special_committee(
        other_committee, "经济委员会"
    )
    make_consultation(other_committee, staff, special_committee=other_economy)


def test_it_counts_the_committees_own_records_in_the_period(committee, data):
    values = evaluate(committee, YEAR)
    assert values["consultations"].value == 2
    assert values["suggestions"].value == 5
    assert values["suggestions"].sentence == "提出意见建议5条，其中被采纳或部分采纳1条"
    parts = {k: v.value for k, v in values.items() if k.startswith("suggestions_by_form.")}
    assert parts == {"suggestions_by_form.zhuanti_diaoyan": 3, "suggestions_by_form.wei_xieshang": 1}
    assert values["suggestions_by_form.wei_xieshang"].sentence == "通过微协商提出意见建议1条"
    assert "suggestions_by_form" not in values
    only = evaluate(committee, YEAR, ["suggestions_by_form.wei_xieshang"])
    assert list(only) == ["suggestions_by_form.wei_xieshang"]


def test_every_value_links_to_a_list_of_exactly_the_counted_rows(client, staff, committee, data):
    client.force_login(staff)
    values = evaluate(committee, YEAR)
    for key, value in values.items():
        if not value.figure.startswith(("consultations", "suggestions")):
            continue
        response = client.get(value.source)
        assert response.status_code == 200, key
        assert response.context["page_obj"].paginator.count == value.value, key


def test_the_summary_renders_them_under_their_section(committee, data):
    summary = build_summary(committee, YEAR)
    section = next(s for s in summary.sections if s.heading == SECTION)
    assert "开展各类协商活动2次" in section.text
    assert "通过专题调研协商提出意见建议3条" in section.text
    assert 'href="/c/' in section.html
    assert "suggestions_by_form.wei_xieshang" in summary.as_dict()["figures"]
