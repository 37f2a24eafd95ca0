"""A leader records a site visit to their project and a problem found there, in a real browser."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from lvzhi.core.roles import Role
from lvzhi.liaison import services
from lvzhi.liaison.choices import ProblemStatus, Stage
from lvzhi.liaison.models import Problem, SiteVisit
from lvzhi.org.services import unit_create
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_records_a_visit_with_a_problem(page: Page, live_server, committee):
    chair = factories.make_member(committee, name="钱主席", position="chair").person
    factories.user_with_role(committee, Role.LEADER, username="chair", person=chair)
    unit_create(committee=committee, name="区住房和城乡建设局", kind="government")
    programme = services.programme_create(committee=committee, data={"name": "“三百四千”工程", "year": 2026})
    project = services.project_create(
        committee=committee,
        data={"programme": programme, "name": "江南新区棚户区改造项目", "stage": Stage.BUILDING},
    )
    services.assignment_create(project=project, person=chair, started_on=date(2026, 1, 5))

    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/c/{committee.code}/")
    page.get_by_role("link", name="我的包抓项目").first.click()
    expect(page.locator("#my-projects")).to_contain_text("江南新区棚户区改造项目")
    page.get_by_role("link", name="记录现场督导").click()
    expect(page.get_by_label("钱主席")).to_be_checked()
    page.get_by_label("事由").fill("督促安置小区建设进度")
    page.get_by_label("现场情况").fill("主体封顶，配套道路未完工")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已记录现场督导")
    expect(page.locator("#visit-leaders")).to_contain_text("钱主席")

    page.get_by_role("link", name="登记问题").click()
    page.get_by_label("问题描述").fill("安置小区配套道路征迁受阻")
    page.get_by_label("责任单位").select_option(label="区住房和城乡建设局")
    page.get_by_label("协调时限").fill("2099-06-30")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("待协调")
    page.get_by_label("协调结果").fill("召开协调会，征迁协议已签订")
    page.get_by_role("button", name="已解决").click()
    expect(page.locator("h1")).to_contain_text("已解决")
    expect(page.locator("#timeline li")).to_have_count(2)

    page.get_by_role("link", name="江南新区棚户区改造项目").first.click()
    history = page.locator("#history")
    expect(history).to_contain_text("督促安置小区建设进度")
    expect(history).to_contain_text("安置小区配套道路征迁受阻")
    visit = SiteVisit.objects.get()
    assert list(visit.leaders.values_list("name", flat=True)) == ["钱主席"]
    assert Problem.objects.get().status == ProblemStatus.RESOLVED
