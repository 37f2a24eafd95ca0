"""A proposal from the member's draft through 审查 and 交办 by the office, the handling unit's reply and
the member's feedback to 办结 — three people, three browser contexts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lvzhi.core.roles import Role
from lvzhi.org.models import Term
from lvzhi.org.services import unit_create
from lvzhi.proposals.choices import Status
from lvzhi.proposals.models import Proposal, ProposalSession
from tests import factories
from tests.browser.conftest import guide_shot, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, username)
    return page


def test_a_proposal_from_draft_to_closed(page: Page, browser: Browser, live_server, committee):
    ProposalSession.objects.create(
        committee=committee,
        term=Term.objects.get(committee=committee),
        number=3,
        opened_on=timezone.localdate() - timedelta(days=10),
    )
    bureau = unit_create(committee=committee, name="区住房和城乡建设局")
    factories.user_with_role(committee, Role.STAFF, username="office")
    factories.user_with_role(committee, Role.UNIT, unit=bureau, username="bureau")
    person = factories.make_member(committee, name="王建国").person
    factories.user_with_role(committee, Role.MEMBER, person=person, username="wjg")
    base = live_server.url

    # The member drafts and submits.
    log_in(page, base, "wjg")
    page.goto(f"{base}/c/{committee.code}/proposals/")
    page.get_by_role("link", name="撰写提案").click()
    page.get_by_label("案由").fill("关于进一步推进市政供暖进小区的建议")
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("理由（情况与分析）").fill("城区仍有小区未接入集中供暖，群众冬季取暖困难。")
    page.get_by_label("建议（办法与措施）").fill("将未接入小区纳入年度供暖管网建设计划。")
    guide_shot(page, "proposal-draft")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#status")).to_have_text("草稿")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("#status")).to_have_text("待审查")
    proposal = Proposal.objects.get()

    # The office registers it and assigns it to the housing bureau.
    office = _as(browser, base, "office")
    office.goto(f"{base}{proposal.get_absolute_url()}")
    office.get_by_label("审查结论").select_option(label="立案")
    office.get_by_role("button", name="保存审查结论").click()
    expect(office.locator("h1")).to_contain_text("第1号")
    office.get_by_label("主办单位").select_option(label="区住房和城乡建设局")
    office.locator("#assign-form").get_by_role("button", name="交办").click()
    expect(office.locator("#status")).to_have_text("办理中")

    # The unit sees it on its own list (and only it), answers and uploads its letter.
    unit = _as(browser, base, "bureau")
    expect(unit.locator("h1")).to_have_text("交办本单位的提案")
    unit.get_by_role("link", name="关于进一步推进市政供暖进小区的建议").click()
    unit.get_by_label("办理结果").select_option(label="A类 已解决或基本解决")
    unit.get_by_label("答复内容").fill("已将3个小区纳入今年供暖管网建设计划，年底前完成接入。")
    unit.get_by_label("答复函").set_input_files(
        files=[{"name": "答复函.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 letter"}]
    )
    unit.get_by_role("button", name="提交答复").click()
    expect(unit.locator("#status")).to_have_text("已答复")
    expect(unit.locator("#assignments")).to_contain_text("答复函.pdf")
    guide_shot(unit, "proposal-unit-reply")

    # The member gives feedback and the proposal is closed.
    page.reload()
    expect(page.locator("#assignments")).to_contain_text("A类")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator("#status")).to_have_text("办结")
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED
    assert [s.kind for s in proposal.steps.all()] == [
        "create", "submit", "register", "assign", "reply", "feedback", "close",
    ]  # fmt: skip
