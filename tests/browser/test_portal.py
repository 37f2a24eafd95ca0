"""An article from the writer's draft through 初审, 复审 and 终审 by three different people, and the public
page an anonymous visitor reads — with the injected script shown as text or dropped, never run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lvzhi.core.roles import Role
from lvzhi.portal.models import Article
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser: Browser) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    return page


def _reads_well_on_a_phone(page: Page) -> None:
    """On a 390 px phone: the page scales to the device, nothing scrolls sideways, the text is legible."""
    assert "width=device-width" in (page.locator("meta[name=viewport]").get_attribute("content") or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main') || document.body).fontSize)"
    )
    assert size >= 15


def test_three_reviews_then_the_public_page(page: Page, browser: Browser, live_server, committee):
    for username, role in [
        ("writer", Role.STAFF),
        ("first", Role.STAFF),
        ("second", Role.STAFF),
        ("chief", Role.LEADER),
    ]:
        factories.user_with_role(committee, role, username=username)
    base = live_server.url
    alerts: list[str] = []

    log_in(page, base, "writer")
    page.goto(f"{base}/c/{committee.code}/portal/")
    page.get_by_role("link", name="撰写文章").click()
    page.get_by_label("标题").fill("<script>alert(1)</script>区政协召开常委会议")
    page.get_by_label("正文").fill(
        '<p>会议审议通过年度协商计划。</p><img src="/nothing.png" onerror="alert(2)">'
    )
    page.get_by_label("作者").fill("张记者")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#article-state")).to_have_text("草稿")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#article-state")).to_have_text("待初审")
    article = Article.objects.get()
    public = f"{base}/p/{committee.code}/{article.pk}/"

    for username, next_state in [("first", "待复审"), ("second", "待终审"), ("chief", "已发布")]:
        reviewer = _page(browser)
        log_in(reviewer, base, username)
        reviewer.goto(f"{base}{article.get_absolute_url()}")
        reviewer.get_by_label("通过").check()
        reviewer.get_by_role("button", name="提交审核意见").click()
        expect(reviewer.locator("#article-state")).to_have_text(next_state)
        if username == "first":
            reviewer.reload()
            expect(reviewer.locator("#review-refusal")).to_contain_text("三位不同")
            visitor = _page(browser)
            assert visitor.goto(public).status == 404  # not public before 终审
        reviewer.context.close()

    visitor = _page(browser)
    visitor.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    response = visitor.goto(public)
    assert response.status == 200
    assert "public" in response.headers["cache-control"]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "<script>alert(1)</script>区政协召开常委会议"
    )
    expect(visitor.locator(".article-body")).to_contain_text("会议审议通过年度协商计划。")
    assert "onerror" not in visitor.content()
    _reads_well_on_a_phone(visitor)
    visitor.goto(f"{base}/p/{committee.code}/")
    expect(visitor.get_by_role("link", name="<script>alert(1)</script>区政协召开常委会议")).to_be_visible()
    _reads_well_on_a_phone(visitor)
    assert alerts == []
