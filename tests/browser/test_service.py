"""A service activity recorded in the browser by the office, with its sector, members and people served."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lvzhi.core.roles import Role
from lvzhi.service.models import ServiceActivity
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_records_a_sector_service_activity(page: Page, live_server, committee):
    doctor = factories.make_member(committee, name="孙医生", sector_short="医卫界").person
    nurse = factories.make_member(committee, name="李护士", sector_short="医卫界").person
    factories.make_member(committee, name="王建国")
    factories.user_with_role(committee, Role.STAFF, username="office")

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/c/{committee.code}/service/activities/")
    expect(page.locator(".empty-state")).to_be_visible()
    page.get_by_role("link", name="记录服务活动").click()
    page.get_by_label("活动名称").fill("医卫界委员进社区义诊")
    page.get_by_label("界别").select_option(label="医卫界")
    page.get_by_label("活动类型").select_option(label="义诊")
    page.locator("#id_held_on").fill("2026-05-12")
    page.get_by_label("地点").fill("东店子社区")
    page.get_by_label("惠及群众（人）").fill("1260")
    page.get_by_label("参加委员").select_option(label=["孙医生", "李护士"])
    page.get_by_role("button", name="保存").click()

    expect(page.locator("h1")).to_contain_text("医卫界委员进社区义诊")
    expect(page.locator(".alert-success")).to_contain_text("已记录服务活动")
    expect(page.locator("#beneficiaries")).to_contain_text("1260")
    expect(page.locator("#participants")).to_contain_text("孙医生")
    activity = ServiceActivity.objects.get()
    assert activity.sector.short_name == "医卫界"
    assert set(activity.participations.values_list("person_id", flat=True)) == {doctor.pk, nurse.pk}

    page.get_by_role("link", name="服务活动").first.click()
    row = page.locator("table tbody tr", has_text="医卫界委员进社区义诊")
    expect(row).to_contain_text("1260")
