"""The demo's summary states every figure the source article states, each linked to its records (the
link opens a list that states the same number); another committee's summary states that committee's own
numbers."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.demo import DEMO_CODE
from lvzhi.core.figures import Period
from lvzhi.org.models import Committee
from lvzhi.reports.summary import build_summary, default_period
from tests import factories

pytestmark = pytest.mark.django_db

# figure key -> what the article says (an exact number, or a range for "100-odd", "over 300,000")
ARTICLE = {
    "party_branches": 5,
    "members": 209,
    "special_committees": 5,
    "cpc_members_in_branches": 86,
    "rules_revised": 6,
    "study_groups": 5,
    "liaison_leaders": 6,
    "key_projects": 11,
    "site_visits": range(100, 200),
    "problems_coordinated": range(40, 50),
    "suggestions_by_form.zhuanti_diaoyan": 17,
    "suggestions_by_form.wei_xieshang": range(20, 30),
    "suggestions_by_form.jiebie": range(150, 160),
    "staff_deployed": 16,
    "members_participating": 209,
    "donations_yuan": range(300_001, 10**9),
    "service_activities": 19,
    "beneficiaries": range(20_001, 10**9),
}

# How the list behind a figure states it, where that is not its count of rows ("共 N …").
STATED = {
    "reading_members": r"(\d+) 名委员",
    "staff_deployed": r"(\d+) 名机关干部",
    "donations_yuan": r"合计 ([\d.]+) 元",
    "beneficiaries": r"惠及群众 (\d+) 人",
    "dual_orglife_attendances": r"领导干部 (\d+) 人次",
    "sectors": r"共 (\d+) 个界别",
}
LIST_COUNT = re.compile(r'<p class="list-count"[^>]*>(.*?)</p>', re.S)
FIGURE_LINK = re.compile(r'<a class="figure-link" href="([^"]+)">([^<]+)</a>')


def stated_in_list(page: str, key: str) -> float:
    """The number the list page states for the figure: its count of rows, or the total it shows."""
    match = LIST_COUNT.search(page)
    assert match is not None, key
    line = re.sub(r"<[^>]+>", "", html_lib.unescape(match.group(1))).replace(",", "")
    found = re.search(STATED.get(key.split(".", 1)[0], r"共 (\d+) "), line)
    assert found is not None, (key, line)
    return float(found.group(1))


def test_the_demo_summary_states_the_articles_figures_each_linked_to_a_list_of_that_length(client, capsys):
    call_command("demo", "--no-serve")
    capsys.readouterr()
    today = timezone.localdate()

    # The command line, without a period: the year up to today, which holds the demo's records.
    call_command("summary", "--committee", DEMO_CODE, "--format", "json")
    printed = json.loads(capsys.readouterr().out)
    assert date.fromisoformat(printed["period"]["to"]) == today
    assert 364 <= (today - date.fromisoformat(printed["period"]["from"])).days <= 365
    for key, stated in ARTICLE.items():
        value = printed["figures"][key]["value"]
        assert value in stated if isinstance(stated, range) else value == stated, (key, value)
        assert printed["figures"][key]["sentence"] in printed["text"], key

    # The web page, without a period: the same numbers, each a link to a list stating that number.
    client.force_login(User.objects.get(username="demo-staff"))
    page = client.get(reverse("reports:summary", args=[DEMO_CODE]))
    assert page.status_code == 200
    links = {(html_lib.unescape(href), text) for href, text in FIGURE_LINK.findall(page.content.decode())}
    committee = Committee.objects.get(code=DEMO_CODE)
    summary = build_summary(committee, default_period(committee, today))
    assert summary.period.as_dict() == printed["period"]
    for key, value in summary.figures.items():
        assert (value.source, str(value.value)) in links, key  # stated on the page, as a link
        response = client.get(value.source)
        assert response.status_code == 200, key
        assert stated_in_list(response.content.decode(), key) == value.value, key


def test_another_committee_gets_its_own_numbers(client, staff, committee, economy, economy_branch):
    for _i in range(4):
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, political="13")
    summary = build_summary(committee, Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert "本届共有政协委员5名" in summary.text
    assert summary.figures["cpc_members"].value == 4
    assert summary.figures["party_branches"].value == 1
    assert summary.figures["special_committees"].value == 1
    client.force_login(staff)
    for key in ("members", "cpc_members", "party_branches"):
        response = client.get(summary.figures[key].source)
        assert response.status_code == 200
        assert stated_in_list(response.content.decode(), key) == summary.figures[key].value, key
