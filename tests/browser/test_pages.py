"""A user's path through the pages in a real browser: log in, filter the roster, import a file, 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lvzhi.core.roles import Role
from lvzhi.org.models import TermMembership
from tests import factories
from tests.browser.conftest import guide_shot, log_in
from tests.org import sheets
from tests.org.test_roster_import import prepare, roster_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(committee):
    economy = factories.special_committee(committee, "经济委员会")
    culture = factories.special_committee(committee, "文化文史委员会")
    branch = factories.functional_branch(committee, economy)
    factories.make_member(committee, name="王建国", political="01", sc=economy, branch=branch)
    factories.make_member(committee, name="李文华", political="05", sc=culture)
    factories.make_member(committee, name="于海波", political="13", sc=culture)
    return economy, culture


def test_it_logs_in_and_filters_the_member_list(page: Page, live_server, committee, people):
    factories.user_with_role(committee, Role.STAFF, username="staff")
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/c/{committee.code}/members/")
    rows = page.locator("#member-rows tbody tr")
    expect(rows).to_have_count(3)
    # 按姓氏笔画: 于 (3 strokes) before 王 (4) before 李 (7).
    expect(rows.nth(0)).to_contain_text("于海波")
    expect(rows.nth(2)).to_contain_text("李文华")
    guide_shot(page, "members")

    page.get_by_label("专委会").select_option(label="文化文史委员会")
    expect(rows).to_have_count(2)
    expect(page.locator("#member-rows")).not_to_contain_text("王建国")
    assert "special_committee=" in page.url  # the filtered list has its own address

    page.get_by_label("姓名或单位").fill("李文")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("李文华")


def test_it_imports_a_roster_on_the_page_and_lists_a_bad_files_errors(page: Page, live_server, committee):
    prepare(committee)
    factories.user_with_role(committee, Role.STAFF, username="staff")
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/c/{committee.code}/members/import/")

    bad = roster_rows()
    bad[1][10] = bad[1][10][:-1] + ("0" if bad[1][10][-1] != "0" else "1")  # a wrong check digit
    bad[3][4] = ""  # 政治面貌 missing
    page.get_by_label("名册文件").set_input_files(
        files=[{"name": "名册.csv", "mimeType": "text/csv", "buffer": sheets.csv_bytes(bad)}]
    )
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator(".import-errors li")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("第3行「身份证号」：校验码错误")
    expect(errors.nth(1)).to_contain_text("第5行「政治面貌」：不能为空")
    assert TermMembership.objects.filter(committee=committee).count() == 0

    page.get_by_label("名册文件").set_input_files(
        files=[
            {
                "name": "名册.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": sheets.xlsx(roster_rows()),
            }
        ]
    )
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("#import-report")).to_contain_text("导入完成")
    expect(page.locator("[data-report=created]")).to_have_text("5")
    assert TermMembership.objects.filter(committee=committee).count() == 5


def test_it_shows_an_outsider_404_for_another_committees_member(
    page: Page, live_server, committee, other_committee
):
    membership = factories.make_member(committee, name="王建国", political="01")
    factories.user_with_role(other_committee, Role.STAFF, username="outsider")
    log_in(page, live_server.url, "outsider")
    response = page.goto(f"{live_server.url}/c/{committee.code}/members/{membership.person.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("王建国")
