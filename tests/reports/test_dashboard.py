"""The dashboard: its charts' data from the records, each point linked to a list of exactly those records."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.reports.conftest import ledger_items

pytestmark = pytest.mark.django_db


def data_url(committee, **query):
    url = reverse("reports:dashboard_data", kwargs={"committee": committee.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def chart_data(client, user, committee):
    client.force_login(user)
    response = client.get(data_url(committee))
    assert response.status_code == 200
    return {chart["key"]: chart for chart in response.json()["charts"]}


def bar_values(chart, series=0):
    return dict(zip(chart["categories"], [p["value"] for p in chart["series"][series]["data"]], strict=True))


def bar_point(chart, category, series=0):
    return chart["series"][series]["data"][chart["categories"].index(category)]


def test_it_counts_members_by_sector_party_and_special_committee(client, staff, committee, members):
    charts = chart_data(client, staff, committee)
    assert bar_values(charts["members_sector"]) == {"经济界": 3, "教育界": 2}
    assert bar_values(charts["members_sc"]) == {"经济委员会": 3}
    party = {p["name"]: p["value"] for p in charts["members_party"]["series"][0]["data"]}
    assert party == {"中共党员": 3, "群众": 2}


def test_a_bar_opens_exactly_the_members_behind_it(client, staff, committee, members):
    charts = chart_data(client, staff, committee)
    response = client.get(bar_point(charts["members_sector"], "教育界")["url"])
    assert response.status_code == 200
    assert sorted(m.person.name for m in response.context["rows"]) == ["教育0", "教育1"]
    masses = next(p for p in charts["members_party"]["series"][0]["data"] if p["name"] == "群众")
    rows = client.get(masses["url"]).context["rows"]
    assert sorted(m.person.name for m in rows) == ["教育0", "教育1"]


def test_the_ledger_chart_counts_states_and_overdue_items(client, staff, committee):
    ledger_items(committee, staff, open_items=2, overdue=1)
    chart = chart_data(client, staff, committee)["ledger"]
    values = bar_values(chart)
    assert values["登记"] == 3
    assert values["已销号"] == 0
    assert values["逾期"] == 1
    response = client.get(bar_point(chart, "逾期")["url"])
    assert response.status_code == 200
    assert [i.description for i in response.context["page_obj"]] == ["逾期未改问题0"]


def test_the_coverage_chart_shows_covered_and_uncovered(client, staff, committee, members):
    factories.make_member(committee, name="未编党员", political="01")
    chart = chart_data(client, staff, committee)["coverage"]
    covered, uncovered = (s["data"] for s in chart["series"])
    assert [covered[0]["value"], uncovered[0]["value"]] == [3, 1]  # party organization: CPC members
    assert [covered[1]["value"], uncovered[1]["value"]] == [3, 3]  # party work: every member
    assert client.get(uncovered[0]["url"]).status_code == 200


def test_every_chart_is_there_and_every_point_has_a_list(client, staff, committee, members):
    ledger_items(committee, staff, open_items=1, overdue=1)
    charts = chart_data(client, staff, committee)
    assert list(charts) == [
        "members_sector",
        "members_party",
        "members_sc",
        "coverage",
        "compliance",
        "ledger",
        "study",
        "reading",
        "suggestions_form",
        "suggestions_status",
        "liaison",
        "service",
        "duty_scores",
    ]
    urls = {p["url"] for chart in charts.values() for s in chart["series"] for p in s["data"]}
    assert urls
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url


def test_every_bar_and_slice_opens_a_list_stating_its_value(client, staff, committee, members):
    """A click opens the records behind what was clicked: the list it opens states the clicked number (its
    count of rows, or the total it sums, e.g. the people an activity reached)."""
    ledger_items(committee, staff, open_items=2, overdue=1)
    charts = chart_data(client, staff, committee)
    checked = 0
    for key, chart in charts.items():
        if chart["kind"] == "heatmap" or key == "coverage":  # a grid of states; the coverage page
            continue
        for series in chart["series"]:
            for point in series["data"]:
                page = client.get(point["url"]).content.decode()
                line = re.search(r'<p class="list-count"[^>]*>(.*?)</p>', page, re.S)
                assert line is not None, (key, point["url"])
                stated = [int(n) for n in re.findall(r"\d+", re.sub(r"<[^>]+>", "", line.group(1)))]
                assert point["value"] in stated, (key, point, line.group(1))
                checked += 1
    assert checked >= 10


def test_the_query_count_does_not_grow_with_the_records(client, staff, committee, economy, economy_branch):
    factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    ledger_items(committee, staff, open_items=1, overdue=0)
    client.force_login(staff)
    client.get(data_url(committee))  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(data_url(committee)).status_code == 200
    science = factories.special_committee(committee, "科教卫体委员会")
    for n in range(6):
        factories.make_member(committee, political="01" if n % 2 else "13", sector_short="教育界", sc=science)
    ledger_items(committee, staff, open_items=3, overdue=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(data_url(committee)).status_code == 200
    assert len(many) == len(few)


def test_the_year_narrows_the_period_and_a_bad_year_is_a_404(client, staff, committee):
    client.force_login(staff)
    assert client.get(data_url(committee, year=2025)).json()["period"] == {
        "from": "2025-01-01",
        "to": "2025-12-31",
    }
    assert client.get(data_url(committee, year="abc")).status_code == 404
    assert client.get(reverse("reports:dashboard", args=[committee.code]) + "?year=x").status_code == 404


def test_outsiders_get_404_and_members_403(client, outsider, member_user, committee):
    client.force_login(outsider)
    assert client.get(data_url(committee)).status_code == 404
    assert client.get(reverse("reports:dashboard", args=[committee.code])).status_code == 404
    client.force_login(member_user)
    assert client.get(data_url(committee)).status_code == 403


def test_a_member_sees_their_own_page_without_charts(client, member_user, committee):
    client.force_login(member_user)
    response = client.get(reverse("reports:dashboard", args=[committee.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "dashboard-charts" not in html
    assert "查看我的信息" in html


def test_staff_see_the_chart_area_fed_by_the_endpoint(client, staff, committee):
    client.force_login(staff)
    html = client.get(reverse("reports:dashboard", args=[committee.code]) + "?year=2026").content.decode()
    assert f'data-source="{data_url(committee)}?year=2026"' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert "<script>" not in html
    assert "style=" not in html
