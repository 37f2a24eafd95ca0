"""The dashboard draws its charts under the CSP, and a click on a bar opens the records behind it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import guide_shot, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_charts_and_a_bar_opens_its_members(page: Page, live_server, committee, staff):
    economy = factories.special_committee(committee, "经济委员会")
    for n in range(3):
        factories.make_member(committee, name=f"党员{n}", political="01", sc=economy)
    factories.make_member(committee, name="教育委员", sector_short="教育界")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/c/{committee.code}/")
    expect(page.locator("#dashboard-charts[data-ready='1']")).to_be_attached()
    expect(page.locator("[data-chart='members_sector'] canvas")).to_have_count(1)
    assert page.locator(".dashboard-chart canvas").count() >= 5
    guide_shot(page, "dashboard")
    # Hovering draws a tooltip on the canvas (no HTML with inline styles).
    page.locator("[data-chart='members_sector'] canvas").hover()

    # The bar of 教育界 opens the member list filtered to it (through ECharts' own click event).
    page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.querySelector("[data-chart='members_sector']"));
          const categories = chart.getOption().xAxis[0].data;
          const index = categories.indexOf("教育界");
          chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: index });
          const point = chart.getOption().series[0].data[index];
          chart.trigger("click", { data: point, dataIndex: index, seriesIndex: 0 });
        }"""
    )
    page.wait_for_url("**/members/**")
    expect(page.locator("table")).to_contain_text("教育委员")
    expect(page.locator("table")).not_to_contain_text("党员0")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not [p for p in problems if "Uncaught" in p], problems


def test_a_chart_exports_as_a_png(page: Page, live_server, committee, staff):
    factories.make_member(committee, name="经济委员")
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/c/{committee.code}/")
    expect(page.locator("#dashboard-charts[data-ready='1']")).to_be_attached()
    url = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector("[data-chart='members_sector']"))
               .getDataURL({ type: "png" })"""
    )
    assert url.startswith("data:image/png;base64,")
    expect(page.locator("[data-chart='members_sector']")).to_have_attribute("aria-label", "委员界别分布")
