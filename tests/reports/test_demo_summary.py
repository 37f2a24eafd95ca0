"""The demo's summary states every figure the source article states, each linked to its records; another
committee's summary states that committee's own numbers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
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


def test_the_demo_summary_states_the_articles_figures_each_linked_to_records_that_open(client):
    call_command("demo", "--no-serve")
    committee = Committee.objects.get(code=DEMO_CODE)
    summary = build_summary(committee, default_period(committee, timezone.localdate()))
    html = "".join(p.html for s in summary.sections for p in s.paragraphs)
    client.force_login(User.objects.get(username="demo-staff"))
    for key, stated in ARTICLE.items():
        value = summary.figures[key]
        if isinstance(stated, range):
            assert value.value in stated, (key, value.value)
        else:
            assert value.value == stated, (key, value.value)
        assert value.sentence in summary.text, key  # stated in the text
        link = f'href="{value.source.replace("&", "&amp;")}">{value.value}</a>'
        assert link in html, key  # the number is a link
        assert client.get(value.source).status_code == 200, key  # that opens


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
        assert client.get(summary.figures[key].source).status_code == 200
