"""A new office's first day in a real browser: from an empty database through the setup wizard, with a
refused step, leaving and resuming, to a committee with its three administrators, roster, branches and
a coverage page that works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lvzhi.accounts.models import RoleAssignment
from lvzhi.org.models import Committee, TermMembership
from lvzhi.party.models import PartyBranch
from lvzhi.setup import services
from tests.browser.conftest import log_in
from tests.org import sheets
from tests.org.test_roster_import import roster_rows
from tests.setup.test_wizard import PASSWORD, roster_sheet

ROLES = {"sysadmin": "系统管理员", "secadmin": "安全管理员", "auditor": "审计管理员"}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def enter_token(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    expect(page).to_have_url(f"{base}/setup/")
    page.get_by_label("设置令牌").fill(services.token_path().read_text().strip())
    page.get_by_role("button", name="开始设置").click()


def fill_admin(page: Page, role: str, name: str, username: str) -> None:
    page.get_by_label(f"{ROLES[role]} · 姓名").fill(name)
    page.get_by_label(f"{ROLES[role]} · 用户名").fill(username)
    page.locator(f"#id_{role}_password").fill(PASSWORD)
    page.get_by_label(f"{ROLES[role]} · 确认密码").fill(PASSWORD)


def test_it_sets_up_a_committee_through_the_wizard(
    browser: Browser, page: Page, live_server, settings, tmp_path
):
    settings.LVZHI_SETUP_WIZARD = True
    settings.LVZHI_HOME = tmp_path
    base = live_server.url
    assert not Committee.objects.exists()

    # Whoever reaches the page first needs the token from the console.
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/setup/")
    page.get_by_label("设置令牌").fill("guessed")
    page.get_by_role("button", name="开始设置").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("设置令牌不正确")

    enter_token(page, base)
    expect(page).to_have_url(f"{base}/setup/committee/")
    page.locator("#id_name").fill("测试区政协")
    page.locator("#id_code").fill("testqu")
    page.get_by_label("上级政协名称").fill("测试市政协")
    page.get_by_label("上级政协代码").fill("testshi")
    page.get_by_role("button", name="保存并继续").click()

    page.locator("#id_number").fill("15")
    page.locator("#id_start").fill("2022-01-10")
    page.get_by_role("button", name="保存并继续").click()
    expect(page).to_have_url(f"{base}/setup/sectors/")

    # Leave, and come back in another browser: the token again, and on from where it was left.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    enter_token(page, base)
    expect(page).to_have_url(f"{base}/setup/sectors/")
    expect(page.locator("[data-step-done=committee]")).to_be_visible()

    page.get_by_label("中国国民党革命委员会", exact=True).uncheck()
    page.get_by_role("button", name="保存并继续").click()
    page.locator("#id_names").fill("经济委员会\n科教卫体委员会")
    page.get_by_role("button", name="保存并继续").click()

    # 三员分立: one person for two roles is refused, next to the field, and nothing is written.
    fill_admin(page, "sysadmin", "李系统", "sys1")
    fill_admin(page, "secadmin", "李系统", "sec1")
    fill_admin(page, "auditor", "赵审计", "aud1")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.locator("#id_secadmin_name_error")).to_contain_text("三员分立")
    assert not RoleAssignment.objects.exists()
    fill_admin(page, "secadmin", "王安全", "sec1")
    for role in ("sysadmin", "auditor"):  # passwords are never sent back to the page
        page.locator(f"#id_{role}_password").fill(PASSWORD)
        page.locator(f"#id_{role}_password_again").fill(PASSWORD)
    page.get_by_role("button", name="保存并继续").click()
    expect(page).to_have_url(f"{base}/setup/roster/")

    # The template downloads; a sheet with a bad row is refused with the row named, then the good one.
    with page.expect_download() as download:
        page.get_by_role("link", name="下载名册模板").click()
    assert download.value.suggested_filename == "roster-template.xlsx"
    bad = roster_rows()
    bad[2][4] = ""
    page.get_by_label("名册文件").set_input_files(
        files=[{"name": "名册.xlsx", "mimeType": "application/octet-stream", "buffer": sheets.xlsx(bad)}]
    )
    page.get_by_role("button", name="保存并继续").click()
    expect(page.locator(".import-errors")).to_contain_text("第4行「政治面貌」")
    assert not TermMembership.objects.exists()
    page.get_by_label("名册文件").set_input_files(
        files=[{"name": "名册.xlsx", "mimeType": "application/octet-stream", "buffer": roster_sheet()}]
    )
    page.get_by_role("button", name="保存并继续").click()
    expect(page).to_have_url(f"{base}/setup/branches/")

    page.get_by_label("其他党支部").fill("机关党支部")
    page.get_by_role("button", name="保存并继续").click()
    page.get_by_label("工作人员账号").fill("张敏,zhangmin,工作人员")
    page.get_by_role("button", name="保存并继续").click()
    expect(page).to_have_url(f"{base}/setup/finish/")
    page.get_by_role("button", name="完成设置").click()
    expect(page.locator("#setup-complete")).to_contain_text("设置令牌已作废")
    initial = page.locator("#initial-passwords tbody td code").inner_text()

    committee = Committee.objects.get(code="testqu")
    assert committee.parent is not None
    assert set(RoleAssignment.objects.filter(committee=committee).values_list("role", flat=True)) == {
        "sysadmin",
        "secadmin",
        "auditor",
        "staff",
    }
    assert TermMembership.objects.filter(committee=committee).count() == 5
    assert PartyBranch.objects.filter(committee=committee).count() == 3
    assert not services.token_path().exists()

    # The wizard is closed; the staff account logs in, sets its own password and reads the coverage page.
    page.goto(f"{base}/setup/")
    expect(page).to_have_url(f"{base}/accounts/login/")
    log_in(page, base, "zhangmin", initial)
    page.get_by_label("原密码").fill(initial)
    page.locator("#id_new_password1").fill("Office#Desk2026")
    page.get_by_label("再次输入新密码").fill("Office#Desk2026")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).not_to_have_text("修改密码")
    page.goto(f"{base}/c/testqu/party/coverage/")
    expect(page.locator("h1")).to_have_text("两个全覆盖")
    # Two of the three CPC members sit in a special committee, so in its functional branch.
    party_org = page.locator("[data-coverage=party_org]")
    expect(party_org.locator("[data-covered]")).to_have_text("2")
    expect(party_org.locator("[data-total]")).to_have_text("3")
    expect(page.locator("footer")).to_contain_text("lvzhi ")
    context.close()
