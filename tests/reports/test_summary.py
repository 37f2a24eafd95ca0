"""The summary: figures from the records, each with its evidence, in JSON, Markdown and on the page."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from lvzhi.core import figures
from lvzhi.core.figures import Period
from lvzhi.party.choices import BranchKind
from lvzhi.party.services import branch_create, party_member_assign
from lvzhi.reports.summary import build_summary
from tests import factories

pytestmark = pytest.mark.django_db
PERIOD = Period(date(2024, 1, 1), date(2024, 12, 31))


def test_it_counts_exactly_what_the_records_say(committee, economy, economy_branch):
    science = factories.special_committee(committee, "科教卫体委员会")
    factories.functional_branch(committee, science)
    office = branch_create(committee=committee, name="机关党支部", kind=BranchKind.OFFICE)
    for _i in range(4):
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, political="02", sc=science)  # not in a branch yet
    factories.make_member(committee, political="13", sc=science, sector_short="教育界")
    staff_person = factories.make_member(committee, political="01").person  # a member, in the office branch
    party_member_assign(branch=office, person=staff_person)

    values = figures.evaluate(committee, PERIOD)
    assert values["members"].value == 7
    assert values["special_committees"].value == 2
    assert values["sectors"].value == 2
    assert values["party_branches"].value == 2
    assert "机关党支部" in values["party_branches"].sentence
    assert values["cpc_members"].value == 6
    assert values["cpc_members_in_branches"].value == 5


def test_it_counts_people_as_of_the_period_end(committee):
    factories.make_member(committee, start=date(2023, 1, 1))
    factories.make_member(committee, start=date(2025, 3, 1))
    assert figures.evaluate(committee, PERIOD, ["members"])["members"].value == 1


def test_it_counts_its_own_committee_only(committee, city, other_committee):
    factories.make_member(committee)
    factories.make_member(other_committee)
    assert figures.evaluate(city, PERIOD, ["members"])["members"].value == 0
    assert figures.evaluate(committee, PERIOD, ["members"])["members"].value == 1


def test_it_links_every_figure_to_a_list_that_shows_the_same_number(
    client, staff, committee, economy, economy_branch
):
    for _i in range(3):
        factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, political="01", sc=economy)
    factories.make_member(committee, political="13")
    client.force_login(staff)
    values = figures.evaluate(committee, PERIOD)
    for key in ("members", "cpc_members", "cpc_members_in_branches"):
        response = client.get(values[key].source)
        assert response.status_code == 200, key
        assert response.context["page_obj"].paginator.count == values[key].value, key
    branches = client.get(values["party_branches"].source)
    assert len(branches.context["rows"]) == values["party_branches"].value
    sectors = client.get(values["sectors"].source)
    assert len(sectors.context["rows"]) == values["sectors"].value
    special = client.get(values["special_committees"].source)
    assert len(special.context["rows"]) == values["special_committees"].value


def test_it_prints_the_summary_as_json(committee, economy, economy_branch, capsys):
    factories.make_member(committee, political="01", sc=economy, branch=economy_branch)
    call_command("summary", "--committee", committee.code, "--year", "2024", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["committee"] == committee.code
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert set(data["figures"]) >= {
        "members",
        "special_committees",
        "sectors",
        "party_branches",
        "cpc_members",
        "cpc_members_in_branches",
    }
    assert data["figures"]["members"] == {
        "value": 1,
        "label": "政协委员",
        "sentence": "本届共有政协委员1名",
        "source": f"/c/{committee.code}/members/?as_of=2024-12-31",
    }
    assert "本届共有政协委员1名" in data["text"]


def test_it_prints_the_summary_as_markdown(committee, capsys):
    factories.make_member(committee)
    call_command(
        "summary",
        "--committee",
        committee.code,
        "--from",
        "2024-01-01",
        "--to",
        "2024-06-30",
        "--format",
        "md",
    )
    out = capsys.readouterr().out
    assert out.startswith(f"# {committee.name}工作综述")
    assert "| 政协委员 | 1 |" in out


def test_it_refuses_a_malformed_period(committee):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("summary", "--committee", committee.code, "--from", "2024-13-01")


def test_it_shows_every_number_as_a_link_on_the_summary_page(client, leader, committee):
    factories.make_member(committee)
    client.force_login(leader)
    response = client.get(reverse("reports:summary", kwargs={"committee": committee.code}) + "?year=2024")
    html = response.content.decode()
    summary = build_summary(committee, PERIOD)
    for value in summary.figures.values():
        assert f'href="{value.source.replace("&", "&amp;")}">{value.value}</a>' in html


def test_it_escapes_names_inside_sentences(client, leader, committee):
    branch_create(committee=committee, name="<script>x</script>支部", kind=BranchKind.OFFICE)
    client.force_login(leader)
    html = client.get(reverse("reports:summary", kwargs={"committee": committee.code})).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_it_hides_the_summary_from_members_and_outsiders(client, member_user, outsider, committee):
    url = reverse("reports:summary", kwargs={"committee": committee.code})
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_it_lets_the_committee_above_read_the_summary(client, city_leader, committee):
    client.force_login(city_leader)
    assert client.get(reverse("reports:summary", kwargs={"committee": committee.code})).status_code == 200


def test_a_breakdown_without_parts_leaves_no_stray_comma(committee):
    """No suggestions in the period: the sentence of suggestions by form says nothing, and the text reads
    on without a doubled comma or a comma before the full stop."""
    summary = build_summary(committee, PERIOD)
    assert not [k for k in summary.figures if k.startswith("suggestions_by_form.")]
    assert "，，" not in summary.text
    assert "，。" not in summary.text
    html = "".join(p.html for s in summary.sections for p in s.paragraphs)
    assert "，，" not in html


def test_an_empty_sentence_placeholder_takes_one_comma_with_it(committee):
    from lvzhi.reports.summary import fill

    values = figures.evaluate(committee, PERIOD)
    assert fill("委员{members}名，{suggestions_by_form:sentence}，完。", values)[0] == "委员0名，完。"
    assert fill("委员{members}名，{suggestions_by_form:sentence}。", values)[0] == "委员0名。"
    assert fill("{suggestions_by_form:sentence}，完。", values)[0] == "完。"
