"""The two 全覆盖, as a live audit: exactly what the roster implies, and changes at once when it does."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lvzhi.party.choices import BranchKind
from lvzhi.party.coverage import coverage
from lvzhi.party.services import branch_create, party_member_assign, party_member_leave
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_names_every_uncovered_member_and_why(committee, economy, economy_branch):
    culture = factories.special_committee(committee, "文史委员会")  # no functional branch
    factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, name="乙", political="02", sc=economy)  # 预备党员, not in a branch
    factories.make_member(committee, name="丙", political="13", sc=culture)
    factories.make_member(committee, name="丁", political="05")
    temporary = branch_create(committee=committee, name="全会临时党支部", kind=BranchKind.TEMPORARY)
    fifth = factories.make_member(committee, name="戊", political="01", sc=economy)
    party_member_assign(branch=temporary, person=fifth.person)

    result = coverage(committee, timezone.localdate())
    assert (result.members, result.cpc_members) == (5, 3)
    assert (result.party_org.covered, result.party_org.total, result.party_org.full) == (1, 3, False)
    assert {(u.name, u.reason) for u in result.party_org.uncovered} == {
        ("乙", "未编入党支部"),
        ("戊", "仅编入临时党支部（全会临时党支部）"),
    }
    assert (result.party_work.covered, result.party_work.total) == (3, 5)
    assert {(u.name, u.reason) for u in result.party_work.uncovered} == {
        ("丙", "所在专委会「文史委员会」未建立功能型党支部"),
        ("丁", "未分配专委会"),
    }


def test_it_changes_at_once_when_a_member_moves(committee, economy, economy_branch):
    m = factories.make_member(committee, name="甲", political="01", sc=economy)
    today = timezone.localdate()
    assert coverage(committee, today).party_org.covered == 0
    membership = party_member_assign(branch=economy_branch, person=m.person)
    assert coverage(committee, today).party_org.full
    party_member_leave(membership=membership, on=today)
    assert coverage(committee, today).party_org.covered == 0
    # The past is kept: before the move-out the member was covered.
    assert coverage(committee, today - timedelta(days=1)).party_org.covered == 1


def test_it_never_counts_staff(committee, economy, economy_branch):
    from lvzhi.org.models import Person
    from lvzhi.org.services import staff_create

    person = Person(committee=committee, name="机关干部甲", gender="1", political="01")
    person.save()
    staff_create(committee=committee, person=person, department="办公室")
    office = branch_create(committee=committee, name="机关党支部", kind=BranchKind.OFFICE)
    party_member_assign(branch=office, person=person)
    result = coverage(committee, timezone.localdate())
    assert (result.members, result.cpc_members, result.party_org.total) == (0, 0, 0)


def test_it_refuses_a_non_cpc_member_in_a_branch(committee, economy_branch):
    from django.core.exceptions import ValidationError

    m = factories.make_member(committee, name="乙", political="13")
    with pytest.raises(ValidationError, match="只有中共党员"):
        party_member_assign(branch=economy_branch, person=m.person)


def test_it_prints_coverage_as_json(committee, economy, economy_branch, capsys):
    factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, name="乙", political="01")
    call_command("coverage", "--committee", committee.code, "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "committee": committee.code,
        "members": 2,
        "cpc_members": 2,
        "party_org": {
            "covered": 1,
            "total": 2,
            "full": False,
            "uncovered": [{"name": "乙", "reason": "未编入党支部"}],
        },
        "party_work": {
            "covered": 1,
            "total": 2,
            "full": False,
            "uncovered": [{"name": "乙", "reason": "未分配专委会"}],
        },
    }


def test_it_shows_coverage_on_its_page(client, staff, committee, economy, economy_branch):
    factories.make_member(committee, name="甲", political="01", sc=economy, branch=economy_branch)
    factories.make_member(committee, name="乙", political="01", sc=economy)
    client.force_login(staff)
    response = client.get(reverse("party:coverage", kwargs={"committee": committee.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "未编入党支部" in html
    assert response.context["coverage"].party_org.covered == 1


def test_it_hides_coverage_from_an_outsider(client, outsider, committee):
    client.force_login(outsider)
    for name in ("party:coverage", "party:branches", "party:structure"):
        assert client.get(reverse(name, kwargs={"committee": committee.code})).status_code == 404


def test_it_takes_coverage_at_a_past_date(committee, economy, economy_branch):
    factories.make_member(
        committee, name="甲", political="01", sc=economy, branch=economy_branch, start=date(2023, 1, 1)
    )
    assert coverage(committee, date(2022, 6, 1)).members == 0
    assert coverage(committee, date(2023, 6, 1)).members == 1
