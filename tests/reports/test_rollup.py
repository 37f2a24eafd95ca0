"""The roll-up: summed and distinct figures over a city with two counties, who may see it, its API, and
the number of queries it takes (flat in the number of committees)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core import figures
from lvzhi.reports.rollup import build_rollup
from tests import factories
from tests.reports.conftest import PERIOD, YEAR

pytestmark = pytest.mark.django_db


def _row(rollup, key):
    return next(r for r in rollup.rows if r.key == key)


def test_it_sums_a_summed_figure_per_subordinate(city, committee, county2, city_data):
    rollup = build_rollup(city, PERIOD)
    assert [c.committee for c in rollup.columns] == [city, committee, county2]
    members = _row(rollup, "members")
    assert [c.value for c in members.cells] == [1, 3, 2]
    assert members.total.value == 6
    assert members.rollup == "sum"
    assert members.deduplicated


def test_it_counts_a_person_in_two_committees_once(city, committee, county2, city_data):
    reading = _row(build_rollup(city, PERIOD), "reading_members")
    assert reading.rollup == "distinct"
    assert [c.value for c in reading.cells] == [0, 1, 2]
    assert reading.total.value == 2  # the shared person read in both counties: counted once
    assert reading.deduplicated


def test_a_subordinate_column_covers_its_whole_subtree(city, committee, county2, city_data):
    town = factories.make_committee("town", parent=committee, name="某镇政协")
    factories.make_member(town)
    rollup = build_rollup(city, PERIOD)
    assert [c.committee for c in rollup.columns] == [city, committee, county2]
    assert [c.value for c in _row(rollup, "members").cells] == [1, 4, 2]
    assert _row(rollup, "members").total.value == 7


def test_it_links_a_subordinate_cell_to_its_evidence(city, committee, county2, city_data):
    members = _row(build_rollup(city, PERIOD), "members")
    values = figures.evaluate(committee, PERIOD, ["members"])
    assert members.cells[1].source == values["members"].source


def test_the_city_sees_the_rollup_page_with_links(client, city_leader, city, committee, county2, city_data):
    client.force_login(city_leader)
    response = client.get(reverse("reports:rollup", kwargs={"committee": city.code}) + f"?year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert committee.name in html
    assert county2.name in html
    members = figures.evaluate(committee, PERIOD, ["members"])["members"]
    assert f'href="{members.source.replace("&", "&amp;")}"' in html
    assert reverse("reports:summary", kwargs={"committee": committee.code}) in html


def test_a_county_user_cannot_see_the_city_rollup(client, staff, leader, city):
    url = reverse("reports:rollup", kwargs={"committee": city.code})
    for user in (staff, leader):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_a_member_may_not_and_an_outsider_sees_nothing(client, member_user, outsider, committee):
    url = reverse("reports:rollup", kwargs={"committee": committee.code})
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_api_gives_total_and_subordinates(
    client, city_leader, outsider, city, committee, county2, city_data
):
    url = f"/api/v1/committees/{city.code}/rollup/?year={YEAR}"
    client.force_login(city_leader)
    data = client.get(url).json()
    assert data["figures"]["members"]["total"] == 6
    assert data["figures"]["members"]["own"] == 1
    assert data["figures"]["members"]["subordinates"][committee.code]["value"] == 3
    assert data["figures"]["reading_members"]["total"] == 2
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def _queries(city) -> int:
    with CaptureQueriesContext(connection) as ctx:
        build_rollup(city, PERIOD)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_committees(city):
    counts = {}
    for n in (2, 4, 8):
        for i in range(city.children.count(), n):
            child = factories.make_committee(f"c{i}", parent=city, name=f"第{i}区政协")
            factories.make_member(child)
        counts[n] = _queries(city)
    # Each figure is counted for the whole tree at once: more committees, no more queries.
    assert counts[2] == counts[4] == counts[8]
    # The roll-up of eight committees costs little more than one committee's own summary.
    child = city.children.first()
    with CaptureQueriesContext(connection) as ctx:
        figures.evaluate(child, PERIOD)
    assert counts[8] <= 2 * len(ctx.captured_queries)
