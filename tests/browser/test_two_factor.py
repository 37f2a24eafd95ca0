"""An administrator whose role requires 两步验证 binds an authenticator at first login (QR code, confirmation
code, recovery codes), then logs in again with the password and a fresh code."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lvzhi.accounts.twofactor import current_step, totp_at
from lvzhi.core.roles import Role
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_enrols_and_logs_in_with_a_code(page: Page, live_server, committee, settings):
    settings.LVZHI_2FA_ROLES = [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR]
    factories.user_with_role(committee, Role.SECADMIN, username="anquan")
    users = f"/c/{committee.code}/users/"

    page.goto(f"{live_server.url}/accounts/login/?next={users}")
    page.get_by_label("用户名").fill("anquan")
    page.get_by_label("密码").fill("Test@Pass2026")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    expect(page.locator("#qr svg")).to_be_visible()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("验证码").fill("000000" if totp_at(secret, current_step()) != "000000" else "111111")
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator("#code-error")).to_contain_text("验证码不正确")
    page.goto(f"{live_server.url}{users}")  # no page before the second step
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    log_in(page, live_server.url, "anquan")
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("验证码").fill(totp_at(secret, current_step()))
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.locator("main")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server.url, "anquan")
    expect(page.get_by_label("验证码")).to_be_visible()
    page.get_by_label("验证码").fill(totp_at(secret, current_step() + 1))  # the next step: never used yet
    page.get_by_role("button", name="验证").click()
    page.goto(f"{live_server.url}{users}")
    expect(page.get_by_role("heading", name="用户与角色")).to_be_visible()
